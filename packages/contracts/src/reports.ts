import { z } from 'zod';
import { Text } from './text.ts';

/**
 * Reports cover one whole calendar month of the region's local time: a window of the reader's
 * choosing could be narrowed, or two subtracted, to find a single call.
 */
export const ReportMonthQuery = z
  .object({ month: Text.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a calendar month, YYYY-MM (reports cover whole months)') })
  .strict();

/**
 * Counts of 1 to 10 are null with `suppressed: true`, and so is any count that would give one
 * away (a total minus the others): aggregates never point at a person.
 */
export const OverrideReport = z.object({
  regionId: z.string(),
  month: z.string(),
  /** The month's local time zone, and its bounds as instants (from inclusive, to exclusive). */
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  triaged: z.number().int().nullable(),
  overridden: z.number().int().nullable(),
  rows: z.array(z.object({ reasonCode: z.string(), from: z.string(), to: z.string(), count: z.number().int().nullable(), suppressed: z.boolean() })),
});
export type OverrideReport = z.infer<typeof OverrideReport>;
