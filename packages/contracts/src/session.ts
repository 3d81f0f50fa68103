import { z } from 'zod';
import { PERMISSIONS, ROLES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

export const SignInRequest = z
  .object({
    username: Text.trim().min(1).max(LIMITS.username),
    password: Text.min(1).max(LIMITS.passwordMax),
    /** Which membership to act in, for people who work for more than one agency. */
    agencyId: Text.max(LIMITS.shortText).optional(),
  })
  .strict();

export const SessionView = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  role: z.enum(ROLES),
  agency: z.object({ id: z.string(), name: z.string() }),
  regionId: z.string(),
  abilities: z.array(z.enum(PERMISSIONS)),
  /** Send back as `X-CSRF-Token` on every cookie-authenticated write. */
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type SessionView = z.infer<typeof SessionView>;

export const CreateTokenRequest = z
  .object({
    name: Text.trim().min(1).max(LIMITS.shortText),
    scopes: z.array(z.enum(PERMISSIONS)).min(1).optional(),
    expiresInDays: z.number().int().min(1).max(366).default(90),
  })
  .strict();

export const TokenCreated = z.object({
  id: z.string(),
  name: z.string(),
  /** Shown once: only its hash is kept. Null when a retry with the same Idempotency-Key replays the answer. */
  token: z.string().nullable(),
  scopes: z.array(z.enum(PERMISSIONS)).nullable(),
  expiresAt: z.string(),
});

export const CreateUserRequest = z
  .object({
    username: Text.trim().min(3).max(LIMITS.username).regex(/^[a-z0-9._-]+$/, 'lower-case letters, digits, . _ -'),
    displayName: Text.trim().min(1).max(LIMITS.shortText),
    password: Text.min(LIMITS.passwordMin).max(LIMITS.passwordMax),
    role: z.enum(ROLES),
    agencyId: Text.min(1).max(LIMITS.shortText),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UserCreated = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.enum(ROLES), agencyId: z.string() });

export const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(PERMISSIONS)).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const TokenList = z.object({ items: z.array(TokenView) });
