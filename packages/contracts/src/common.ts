import { z } from 'zod';
import { LIMITS } from './limits.ts';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    // `line`: the line of a file a refused row came from (onboarding imports).
    issues: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string(), line: z.number().int().optional() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const IdParam = z.object({ id: z.string().uuid() }).strict();

/** The `Idempotency-Key` header every write accepts; a retry with the same key replays the answer. */
export const IdempotencyHeaders = z
  .object({ 'idempotency-key': z.string().min(8).max(LIMITS.idempotencyKey).regex(/^[\w.:-]+$/).optional() })
  .passthrough();

export const Latitude = z.number().min(-90).max(90);
export const Longitude = z.number().min(-180).max(180);
