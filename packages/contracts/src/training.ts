import { z } from 'zod';
import { REFRESHER_STATUSES, TRAINED_ROLES, TRAINING_COURSES } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

const CalendarDate = Text.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date, YYYY-MM-DD');

/** POST /api/training-records: one course taken (issue 12 §6). */
export const TrainingRecordRequest = z
  .object({
    /** The person's agency; the recorder's own when absent. */
    agencyId: Text.min(1).max(100).optional(),
    /** The person's account, when they have one; a crew member without a sign-in is named only. */
    userId: Text.min(1).max(100).nullable().default(null),
    personName: Text.trim().min(1).max(LIMITS.shortText),
    personRole: z.enum(TRAINED_ROLES),
    course: z.enum(TRAINING_COURSES),
    completedOn: CalendarDate,
    hours: z.number().positive().max(1000),
    /** Null: the course's usual validity from completion. */
    expiresOn: CalendarDate.nullable().default(null),
  })
  .strict();
export type TrainingRecordRequest = z.infer<typeof TrainingRecordRequest>;

export const TrainingRecordView = z.object({
  id: z.string(),
  agencyId: z.string(),
  userId: z.string().nullable(),
  personName: z.string(),
  personRole: z.enum(TRAINED_ROLES),
  course: z.enum(TRAINING_COURSES),
  completedOn: z.string(),
  hours: z.number(),
  /** As recorded; null when the usual validity applies (see `validUntil`). */
  expiresOn: z.string().nullable(),
  validUntil: z.string(),
  recordedAt: z.string(),
});
export type TrainingRecordView = z.infer<typeof TrainingRecordView>;

/** GET /api/training-records: the records of the agencies in the reader's reach. */
export const TrainingRecordList = z.object({ items: z.array(TrainingRecordView) });
export type TrainingRecordList = z.infer<typeof TrainingRecordList>;

/** GET /api/training-records/refreshers: who is due (or past due, or never trained) a CIT course. */
export const RefresherList = z.object({
  today: z.string(),
  items: z.array(
    z.object({
      agencyId: z.string(),
      userId: z.string().nullable(),
      personName: z.string(),
      personRole: z.enum(TRAINED_ROLES),
      status: z.enum(REFRESHER_STATUSES),
      expiresOn: z.string().nullable(),
      daysLeft: z.number().int().nullable(),
    }),
  ),
});
export type RefresherList = z.infer<typeof RefresherList>;
