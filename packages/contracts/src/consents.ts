import { z } from 'zod';
import { PURPOSES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

export const RecordConsentRequest = z
  .object({
    recipientAgencyIds: z.array(Text.trim().min(1).max(LIMITS.shortText)).min(1).max(20),
    purposes: z.array(z.enum(PURPOSES)).min(1),
    /** Part 2 consents must end: a date, never "until revoked" alone. */
    expiresAt: z.string().datetime(),
    note: Text.trim().max(LIMITS.reason).optional(),
  })
  .strict();

export const RevokeConsentRequest = z.object({ reason: Text.trim().min(1).max(LIMITS.reason) }).strict();

export const ConsentView = z.object({
  id: z.string(),
  recordId: z.string(),
  programmeAgencyId: z.string(),
  recipientAgencyIds: z.array(z.string()),
  purposes: z.array(z.enum(PURPOSES)),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: z.string(),
  active: z.boolean(),
});
export const ConsentList = z.object({ items: z.array(ConsentView) });
export const ConsentParams = z.object({ id: z.string().uuid(), consentId: z.string().uuid() }).strict();
