import { CreateIncidentRequest } from '@continuum/contracts';
import type { EntryPoint, Role } from '@continuum/domain';
import type { ApiIssue, CreateIncidentInput } from '@continuum/sdk';

/** The new-call form as typed: strings as entered, so nothing is lost while a field is half done. */
export interface CallDraft {
  entryPoint: EntryPoint;
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

/** The request paths the form has a field for, so server issues land beside the right input. */
export const CALL_FIELDS = [
  'entryPoint', 'location.address', 'location.lat', 'location.lon', 'caller.callbackNumber', 'caller.name',
  'person.name', 'person.age', 'person.medicaid', 'person.dcfsWard', 'person.disability', 'summary', 'safetyFlags',
] as const;

/** A 911 telecommunicator's calls come in on 911, a counsellor's on 988; the rest pick. */
export function emptyDraft(role: Role): CallDraft {
  return {
    entryPoint: role === 'crisis_counsellor' ? '988' : '911',
    address: '', lat: '', lon: '', callbackNumber: '', callerName: '',
    personName: '', personAge: '', medicaid: false, dcfsWard: false, disability: '', summary: '', safetyFlags: '',
  };
}

/** "40.11, -88.21" pasted into one box: a CAD or a phone's location share gives both at once. */
export function splitCoordinates(text: string): { lat: string; lon: string } | null {
  const match = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  return match ? { lat: match[1]!, lon: match[2]! } : null;
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
  if (!trimmed(draft.address)) issues.push({ field: 'location.address', rule: 'required', message: 'Enter the address, or the best description of where the person is' });
  const lat = number(draft.lat, 'location.lat', [-90, 90], 'A latitude is a number from -90 to 90, like 40.1106', issues);
  const lon = number(draft.lon, 'location.lon', [-180, 180], 'A longitude is a number from -180 to 180, like -88.2073', issues);
  if ((draft.lat.trim() === '') !== (draft.lon.trim() === '')) {
    issues.push({ field: draft.lat.trim() === '' ? 'location.lat' : 'location.lon', rule: 'required', message: 'Give latitude and longitude together, or neither' });
  }
  const age = number(draft.personAge, 'person.age', [0, 130], 'Age in whole years, 0 to 130; leave empty if not known', issues);
  if (age !== undefined && !Number.isInteger(age)) issues.push({ field: 'person.age', rule: 'format', message: 'Age in whole years' });
  if (!trimmed(draft.summary)) issues.push({ field: 'summary', rule: 'required', message: 'Say in a few words what is happening' });
  if (issues.length > 0) return { body: null, issues };

  const body: CreateIncidentInput = {
    entryPoint: draft.entryPoint,
    summary: draft.summary.trim(),
    location: { address: draft.address.trim(), ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}) },
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
