import { z } from 'zod';
import { CONTACT_MESSAGE_DIRECTIONS } from '@continuum/domain';
import { LIMITS } from './limits.ts';
import { Text } from './text.ts';

/** One text or chat message: 160-character SMS segments join up to a long message, so 4,000 characters. */
export const TRANSCRIPT_LIMITS = { body: 4000, externalId: 200, list: 500 } as const;

/**
 * A message received from the person (`inbound`, posted by the texting platform) or typed by the
 * counsellor (`outbound`). Send an Idempotency-Key: the same key replays the first answer; the
 * platform's own `externalId` is recorded once per contact as well.
 */
export const PostContactMessageRequest = z
  .object({
    direction: z.enum(CONTACT_MESSAGE_DIRECTIONS),
    body: Text.trim().min(1).max(TRANSCRIPT_LIMITS.body),
    /** When the person's phone or the platform sent it; the server's clock when absent. Not in the future. */
    sentAt: z.iso.datetime({ offset: true }).optional(),
    externalId: Text.trim().min(1).max(TRANSCRIPT_LIMITS.externalId).optional(),
  })
  .strict();
export type PostContactMessageRequest = z.infer<typeof PostContactMessageRequest>;

export const ContactMessageView = z.object({
  id: z.string(),
  incidentId: z.string(),
  direction: z.enum(CONTACT_MESSAGE_DIRECTIONS),
  body: z.string(),
  sentAt: z.string(),
  recordedAt: z.string(),
  /** Who posted it: the counsellor, or the texting platform's token holder. */
  recordedBy: z.string(),
  externalId: z.string().nullable(),
});
export type ContactMessageView = z.infer<typeof ContactMessageView>;

export const ContactMessageList = z.object({ items: z.array(ContactMessageView), channel: z.string() });
export type ContactMessageList = z.infer<typeof ContactMessageList>;

export const ContactMessageListQuery = z.object({ limit: z.coerce.number().int().min(1).max(TRANSCRIPT_LIMITS.list).default(LIMITS.pageSize) }).strict();
export type ContactMessageListQuery = z.infer<typeof ContactMessageListQuery>;
