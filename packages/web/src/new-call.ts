import { CreateIncidentRequest } from '@continuum/contracts';
import { CHANNELS_OF_ENTRY, type ContactChannel, type EntryPoint, type LocationAccuracy, type Role } from '@continuum/domain';
import type { ApiIssue, CreateIncidentInput } from '@continuum/sdk';

/** The new-call form as typed: strings as entered, so nothing is lost while a field is half done. */
export interface CallDraft {
  entryPoint: EntryPoint;
  channel: ContactChannel;
  /** A BCP 47 tag; empty for English (nothing to match). */
  preferredLanguage: string;
  /** How sure the location is: an address, an approximate place, or unknown (988 only). */
  accuracy: LocationAccuracy;
  /** Where the pin came from, so the form can say plainly when it is only a town's centre. */
  pinFrom: PinSource | null;
  address: string;
  lat: string;
  lon: string;
  callbackNumber: string;
  callerName: string;
  personName: string;
  personAge: string;
  medicaid: boolean;
  dcfsWard: boolean;
  /** '' not asked; yes, no, unknown (asked, not known). */
  disability: '' | 'yes' | 'no' | 'unknown';
  summary: string;
  safetyFlags: string;
}

/** How the coordinates were set: a picked town's centre, the map, a geocoder's answer, or typed. */
export type PinSource = { kind: 'town'; town: string; geocoder: 'none' | 'town_only' } | { kind: 'map' } | { kind: 'geocoder'; label: string } | { kind: 'typed' };

/** The request paths the form has a field for, so server issues land beside the right input. */
export const CALL_FIELDS = [
  'entryPoint', 'channel', 'preferredLanguage', 'location', 'location.address', 'location.lat', 'location.lon', 'caller.callbackNumber', 'caller.name',
  'person.name', 'person.age', 'person.medicaid', 'person.dcfsWard', 'person.disability', 'summary', 'safetyFlags',
] as const;

/** A 911 telecommunicator's calls come in on 911, a counsellor's on 988; the rest pick. */
export function emptyDraft(role: Role): CallDraft {
  return {
    entryPoint: role === 'crisis_counsellor' ? '988' : '911',
    channel: 'call', preferredLanguage: '', accuracy: 'exact', pinFrom: null,
    address: '', lat: '', lon: '', callbackNumber: '', callerName: '',
    personName: '', personAge: '', medicaid: false, dcfsWard: false, disability: '', summary: '', safetyFlags: '',
  };
}

/** "40.11, -88.21" pasted into one box: a CAD or a phone's location share gives both at once. */
export function splitCoordinates(text: string): { lat: string; lon: string } | null {
  const match = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  return match ? { lat: match[1]!, lon: match[2]! } : null;
}

/** A new entry point keeps the channel when it takes it (911 takes texts), else falls back to a call. */
export function withEntryPoint(draft: CallDraft, entryPoint: EntryPoint): CallDraft {
  return {
    ...draft,
    entryPoint,
    channel: CHANNELS_OF_ENTRY[entryPoint].includes(draft.channel) ? draft.channel : 'call',
    // Only 988 may start without a location: elsewhere "unknown" becomes "approximate", the address box back.
    accuracy: entryPoint !== '988' && draft.accuracy === 'unknown' ? 'approximate' : draft.accuracy,
  };
}

const trimmed = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

function number(text: string, field: string, range: [number, number], words: string, issues: ApiIssue[]): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text.trim());
  if (!Number.isFinite(value) || value < range[0] || value > range[1]) {
    issues.push({ field, rule: 'format', message: words });
    return undefined;
  }
  return value;
}

/**
 * Checks the draft the way the server will, in a call-taker's words, and builds the request.
 * The contract runs last as a backstop, so the form can never send what the server refuses.
 */
export function toCreateRequest(draft: CallDraft): { body: CreateIncidentInput; issues: [] } | { body: null; issues: ApiIssue[] } {
  const issues: ApiIssue[] = [];
  const unknown = draft.accuracy === 'unknown';
  if (unknown && draft.entryPoint !== '988') issues.push({ field: 'location', rule: 'required', message: 'Only a 988 contact may start with the location unknown; give the best description of where the person is' });
  if (!unknown && !trimmed(draft.address)) issues.push({ field: 'location.address', rule: 'required', message: 'Enter the address, or the best description of where the person is' });
  const lat = unknown ? undefined : number(draft.lat, 'location.lat', [-90, 90], 'A latitude is a number from -90 to 90, like 40.1106', issues);
  const lon = unknown ? undefined : number(draft.lon, 'location.lon', [-180, 180], 'A longitude is a number from -180 to 180, like -88.2073', issues);
  if (!unknown && (draft.lat.trim() === '') !== (draft.lon.trim() === '')) {
    issues.push({ field: draft.lat.trim() === '' ? 'location.lat' : 'location.lon', rule: 'required', message: 'Give latitude and longitude together, or neither' });
  }
  const age = number(draft.personAge, 'person.age', [0, 130], 'Age in whole years, 0 to 130; leave empty if not known', issues);
  if (age !== undefined && !Number.isInteger(age)) issues.push({ field: 'person.age', rule: 'format', message: 'Age in whole years' });
  if (!trimmed(draft.summary)) issues.push({ field: 'summary', rule: 'required', message: 'Say in a few words what is happening' });
  if (issues.length > 0) return { body: null, issues };

  const body: CreateIncidentInput = {
    entryPoint: draft.entryPoint,
    summary: draft.summary.trim(),
    channel: draft.channel,
    ...(trimmed(draft.preferredLanguage) ? { preferredLanguage: draft.preferredLanguage.trim() } : {}),
    // No location at all is the recorded state "caller's location unknown" (988 only).
    ...(unknown
      ? {}
      : { location: { address: draft.address.trim(), ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}), ...(draft.accuracy === 'approximate' ? { accuracy: 'approximate' as const } : {}) } }),
    caller: { name: trimmed(draft.callerName), callbackNumber: trimmed(draft.callbackNumber) },
    person: {
      name: trimmed(draft.personName),
      age,
      // Only a tick is information; an unticked box means "not known", not "no".
      ...(draft.medicaid ? { medicaid: true } : {}),
      ...(draft.dcfsWard ? { dcfsWard: true } : {}),
      ...(draft.disability ? { disability: draft.disability } : {}),
    },
    safetyFlags: draft.safetyFlags.split(/[,;\n]/).map((f) => f.trim()).filter(Boolean),
  };
  const checked = CreateIncidentRequest.safeParse(body);
  if (!checked.success) {
    return { body: null, issues: checked.error.issues.map((i) => ({ field: i.path.join('.'), rule: i.code, message: i.message })) };
  }
  return { body, issues: [] };
}

/** Farther than this from the town's centre, a geocoder's answer found the street, not just the town. */
const TOWN_ONLY_KM = 0.3;

/** Whether a geocoder's first answer is a place in the town rather than the town itself (its centroid). */
export function geocodedBeyondTown(found: { lat: number; lon: number }, centre: { lat: number; lon: number }): boolean {
  const dLat = (found.lat - centre.lat) * 111.32;
  const dLon = (found.lon - centre.lon) * 111.32 * Math.cos((centre.lat * Math.PI) / 180);
  return Math.hypot(dLat, dLon) > TOWN_ONLY_KM;
}

/** A corrected place for an open call: an address, the point when there is one, approximate when marked so. */
export function toCorrection(draft: CallDraft): { body: NonNullable<CreateIncidentInput['location']>; issues: [] } | { body: null; issues: ApiIssue[] } {
  const checked = toCreateRequest({ ...draft, entryPoint: 'direct', accuracy: draft.accuracy === 'unknown' ? 'exact' : draft.accuracy, summary: draft.summary || 'correction' });
  if (!checked.body) return { body: null, issues: checked.issues.filter((i) => i.field.startsWith('location')) };
  return { body: checked.body.location!, issues: [] };
}
