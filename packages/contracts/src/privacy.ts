import { z } from 'zod';
import { FIELD_CLASSES, PURPOSES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

export const AgreementView = z.object({
  id: z.string(),
  name: z.string(),
  agencyIds: z.array(z.string()),
  purposes: z.array(z.enum(PURPOSES)),
  fieldClasses: z.array(z.enum(FIELD_CLASSES)),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endedReason: z.string().nullable(),
  active: z.boolean(),
});
export type AgreementView = z.infer<typeof AgreementView>;
export const AgreementList = z.object({ items: z.array(AgreementView) });
export type AgreementList = z.infer<typeof AgreementList>;

export const CreateAgreementRequest = z
  .object({
    name: Text.trim().min(1).max(LIMITS.shortText),
    agencyIds: z.array(Text.trim().min(1).max(LIMITS.shortText)).min(2).max(50),
    purposes: z.array(z.enum(PURPOSES)).min(1),
    // Part 2 data never travels under an agreement alone: it needs the person's consent.
    fieldClasses: z.array(z.enum(FIELD_CLASSES).exclude(['substance_use_part2'])).min(1),
    startsAt: z.string().datetime(),
    endsAt: z.string().datetime().nullable().default(null),
  })
  .strict()
  .refine((a) => !a.endsAt || a.endsAt > a.startsAt, { message: 'must be after startsAt', path: ['endsAt'] });

export type CreateAgreementRequest = z.infer<typeof CreateAgreementRequest>;

export const EndAgreementRequest = z.object({ reason: Text.trim().min(1).max(LIMITS.reason) }).strict();

export const BreakGlassRequest = z.object({ reason: Text.trim().min(10, 'write at least a sentence: why is this record needed?').max(LIMITS.reason) }).strict();

export const PrivacyAlert = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  /** The supervisor's name, for reading; the trail itself keeps the id. */
  actorName: z.string().nullable(),
  role: z.string().nullable(),
  agencyId: z.string().nullable(),
  /** The agency's name, for reading (the trail keeps the id). */
  agencyName: z.string().nullable().default(null),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  reason: z.string().nullable(),
});
export type PrivacyAlert = z.infer<typeof PrivacyAlert>;
export const PrivacyAlertList = z.object({ items: z.array(PrivacyAlert) });
export type PrivacyAlertList = z.infer<typeof PrivacyAlertList>;
