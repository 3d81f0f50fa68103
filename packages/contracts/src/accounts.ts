import { z } from 'zod';
import { ROLES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

/** An account as administrators see it: never its password hash or its secrets. */
export const AccountView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  memberships: z.array(z.object({ agencyId: z.string(), role: z.string(), endedAt: z.string().nullable() })),
});
export type AccountView = z.infer<typeof AccountView>;

// Every string through the one text schema (NUL and lone surrogates refused, naming the field).
export const DisableAccountRequest = z.object({ reason: Text.trim().min(1).max(LIMITS.reason) }).strict();
export const ResetPasswordRequest = z.object({ password: Text.min(LIMITS.passwordMin).max(LIMITS.passwordMax) }).strict();
export const MembershipRequest = z.object({ agencyId: Text.min(1).max(LIMITS.shortText), role: z.enum(ROLES) }).strict();
export const EndMembershipRequest = MembershipRequest.extend({ reason: Text.trim().min(1).max(LIMITS.reason).optional() }).strict();
/** What an unlock cleared: the delays of every address that had failed to sign in as this account. */
export const UnlockResult = z.object({ account: AccountView, clearedAddresses: z.number().int() });

/** The search of the account list: a part of a username or a name. */
export const UserListQuery = z.object({ q: Text.trim().max(LIMITS.shortText).optional() }).strict();

/** An agency whose accounts an administrator manages: the choices of the membership form. */
export const ManagedAgency = z.object({ id: z.string(), name: z.string(), regionId: z.string() });
export type ManagedAgency = z.infer<typeof ManagedAgency>;

/**
 * The accounts of the agencies an administrator manages (their own, and those a regional grant
 * covers), by username; `truncated` when more matched than one answer holds.
 */
export const UserList = z.object({ items: z.array(AccountView), agencies: z.array(ManagedAgency), truncated: z.boolean() });
export type UserList = z.infer<typeof UserList>;
