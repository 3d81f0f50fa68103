import { z } from 'zod';

/**
 * Messages on the live feed. They carry no personal data, only what changed and its version:
 * consoles refetch through the authorised, redacted API.
 */
export const FeedMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), position: z.number().int() }),
  z.object({
    type: z.literal('invalidate'),
    entity: z.string(),
    id: z.string(),
    version: z.number().int(),
    position: z.number().int(),
  }),
  /** The backlog since the client's position was too long: refetch everything. */
  z.object({ type: z.literal('reset'), position: z.number().int() }),
]);
export type FeedMessage = z.infer<typeof FeedMessage>;

export const FEED_PATH = '/api/feed';
