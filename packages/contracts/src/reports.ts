import { z } from 'zod';

export const ReportWindowQuery = z
  .object({ from: z.string().datetime(), to: z.string().datetime() })
  .strict()
  .refine((q) => q.from < q.to, { message: 'must be after from', path: ['to'] });

/** Counts of 1 to 10 are null with `suppressed: true`: aggregates never point at a person. */
export const OverrideReport = z.object({
  regionId: z.string(),
  from: z.string(),
  to: z.string(),
  triaged: z.number().int().nullable(),
  overridden: z.number().int().nullable(),
  rows: z.array(z.object({ reasonCode: z.string(), from: z.string(), to: z.string(), count: z.number().int().nullable(), suppressed: z.boolean() })),
});
export type OverrideReport = z.infer<typeof OverrideReport>;
