import { isRole, ROLE_LABELS, type FieldClass, type Purpose } from '@continuum/domain';
import { formatDate, formatStamp as stamp, formatTimeSeconds } from './datetime.ts';

/** Field classes in the words of DOMAIN.md §9, for the audit trail and agreements. */
export const FIELD_CLASS_NAMES: Record<FieldClass, string> = {
  operational: 'Operational',
  location_safety: 'Location & safety',
  identity: 'Identity',
  demographics: 'Demographics',
  clinical: 'Clinical',
  substance_use_part2: 'Substance use (Part 2)',
};

/** Purposes of reading, in words. */
export const PURPOSE_NAMES: Record<Purpose, string> = {
  crisis_response: 'Crisis response',
  follow_up: 'Follow-up',
  care_coordination: 'Care coordination',
  reporting: 'Reporting',
};

/** A stored role, purpose or class in words; values the console does not know are shown as stored. */
export const roleName = (role: string | null): string => (role === null ? '' : isRole(role) ? ROLE_LABELS[role] : role);
/** A stored purpose in words. */
export const purposeName = (p: string | null): string => (p === null ? '' : (PURPOSE_NAMES as Record<string, string>)[p] ?? p);
/** A stored field class in words. */
export const fieldClassName = (c: string): string => (FIELD_CLASS_NAMES as Record<string, string>)[c] ?? c;

/** Date and time to the second: an audit trail is read for exactly when (datetime.ts). */
export const formatStamp = (iso: string): string => stamp(iso);
/** A date alone, for agreements' start and end. */
export const formatDay = (iso: string): string => formatDate(iso);
/** A time of day to the second. */
export const formatClock = (iso: string): string => formatTimeSeconds(iso);

/** The first block of an id, enough to tell records apart on screen; the whole id is in the title. */
export const shortId = (id: string): string => (id.length > 13 ? `${id.slice(0, 8)}…` : id);
