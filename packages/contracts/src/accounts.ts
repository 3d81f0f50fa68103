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
