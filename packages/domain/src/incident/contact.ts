import type { FieldIssue } from '../errors.ts';
import type { EntryPoint, IncidentLocation } from './types.ts';

/** How the person reached the centre (issue 11 §2): a voice call, a text message or a web chat. */
export const CONTACT_CHANNELS = ['call', 'text', 'chat'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * The channels each entry point takes: 988 answers calls, texts and chats; 911 calls and texts
 * (text-to-911); a direct line or the CARES line takes calls.
 */
export const CHANNELS_OF_ENTRY: Readonly<Record<EntryPoint, readonly ContactChannel[]>> = {
  '988': ['call', 'text', 'chat'],
  '911': ['call', 'text'],
  direct: ['call'],
  cares: ['call'],
};

/** How far a recorded location can be trusted: an address, an approximate place (a town's centre), or nothing. */
export const LOCATION_ACCURACIES = ['exact', 'approximate', 'unknown'] as const;
export type LocationAccuracy = (typeof LOCATION_ACCURACIES)[number];

/** Where the caller is not known: a valid state for a 988 contact (no address is needed to talk). */
export const UNKNOWN_LOCATION: IncidentLocation = { address: '', accuracy: 'unknown' };

export const accuracyOf = (l: IncidentLocation): LocationAccuracy =>
  l.accuracy ?? (l.lat === undefined && !l.address ? 'unknown' : 'exact');

/** Whether ETAs to this location are estimates from an approximate point (town centre, a pin near the place). */
export const isApproximate = (l: IncidentLocation): boolean => accuracyOf(l) === 'approximate';

/**
 * The rules of a new contact's channel and location: the entry point must take the channel, and
 * only a 988 contact may come in without a location ("caller's location unknown").
 */
export function contactIssues(input: { entryPoint: EntryPoint; channel: ContactChannel; location: object | undefined }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const takes = CHANNELS_OF_ENTRY[input.entryPoint];
  if (!takes.includes(input.channel)) {
    issues.push({ field: 'channel', rule: 'channel_not_taken', message: `a ${input.entryPoint} contact comes by ${takes.join(' or ')}, not by ${input.channel}` });
  }
  if (!input.location && input.entryPoint !== '988') {
    issues.push({ field: 'location', rule: 'required', message: `a ${input.entryPoint} contact needs a location; only a 988 contact may have none ("caller's location unknown")` });
  }
  return issues;
}

/** Normalises a preferred language to a lower-case BCP 47 tag (`es`, `zh-hant`); English needs nothing. */
export function languageNeed(preferred: string | undefined | null): string | null {
  const tag = preferred?.trim().toLowerCase();
  return tag && tag !== 'en' && !tag.startsWith('en-') ? tag : null;
}
