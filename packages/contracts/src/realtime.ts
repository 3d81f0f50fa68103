import { z } from 'zod';
import { ErrorBody } from './common.ts';
import { LIMITS } from './limits.ts';
import { PositionBatch, PositionResult } from './units.ts';
import { Text } from './text.ts';

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

/** Limits of messages a client sends on the feed socket. */
export const FEED_LIMITS = {
  /**
   * Largest message, in bytes: that of an HTTP body, so any batch the HTTP route accepts fits.
   * A larger frame is cut off by the WebSocket layer itself (close code 1009).
   */
  maxMessageBytes: LIMITS.maxBodyBytes,
  /** Messages one socket may have waiting for an answer; more are refused with `rate_limited`. */
  maxPending: 8,
  messageId: 100,
} as const;

/** The client's id of a message, echoed on its answer so it can match the two. */
export const ClientMessageId = Text.min(1).max(FEED_LIMITS.messageId).regex(/^[\w.:-]+$/);

/** A field device's fixes over the socket: the same items, rules and outcomes as POST /api/positions. */
export const PositionsMessage = z.object({ type: z.literal('positions'), id: ClientMessageId, items: PositionBatch }).strict();
export type PositionsMessage = z.infer<typeof PositionsMessage>;

/** Every message a client may send on the feed socket (client → server). */
export const FeedClientMessage = z.discriminatedUnion('type', [PositionsMessage]);
export type FeedClientMessage = z.infer<typeof FeedClientMessage>;

/** The answer to a `positions` message: one result per fix, in the order sent. */
export const PositionsResultMessage = z.object({ type: z.literal('positions.result'), id: z.string(), items: z.array(PositionResult) });
export type PositionsResultMessage = z.infer<typeof PositionsResultMessage>;

/** A message that could not be processed, in the API's error shape; `id` when the message had a readable one. */
export const FeedErrorMessage = z.object({ type: z.literal('error'), id: z.string().optional(), error: ErrorBody.shape.error });
export type FeedErrorMessage = z.infer<typeof FeedErrorMessage>;

/** Answers to client messages (server → client), apart from the invalidations of FeedMessage. */
export const FeedReply = z.discriminatedUnion('type', [PositionsResultMessage, FeedErrorMessage]);
export type FeedReply = z.infer<typeof FeedReply>;

/**
 * A unit's fix as pushed to a console (ADR 0038): what GET /api/units shows of its position,
 * less the age and staleness, which the console counts from `at` itself.
 */
export const PushedFix = z.object({
  unitId: z.string(),
  lat: z.number(),
  lon: z.number(),
  at: z.string(),
  accuracy: z.number().nullable(),
  heading: z.number().nullable(),
  speed: z.number().nullable(),
});
export type PushedFix = z.infer<typeof PushedFix>;

/**
 * Fixes just stored, pushed (server → client) to the consoles that may read those units'
 * positions: location data, so only readers of the units' agencies hear them (ADR 0038). Not a
 * feed entry: it has no position, is not replayed after a reconnect (the console refetches the
 * units then), and the newest fix of a unit wins.
 */
export const PositionsPushMessage = z.object({ type: z.literal('positions.update'), items: z.array(PushedFix) });
export type PositionsPushMessage = z.infer<typeof PositionsPushMessage>;

/** Everything the server sends on the feed socket. */
export type FeedServerMessage = FeedMessage | FeedReply | PositionsPushMessage;
