import { can, isConsentActive, PERSON_FIELD_CLASS, type CandidateScore, type FieldClass, type Principal } from '@continuum/domain';
import type { PersonCandidate, PersonView } from '@continuum/contracts';
import type { ConsentRecord, PersonRecord } from '@continuum/storage';

type Optional = 'name' | 'dateOfBirth' | 'phones' | 'demographics' | 'safetyPlan' | 'contacts' | 'consents';

export interface PersonParts {
  person: PersonRecord;
  /** The contacts (incidents) linked to the person that the reader also reaches. */
  contacts: { incidentId: string; linkedAt: Date }[];
  consents: ConsentRecord[];
}

/**
 * The allow-list of a person record: each field that may leave, with its class. Links to contacts
 * are identity (they say who the call was about); consents say the person is in treatment, so
 * they are clinical and shown only to the agency that holds the record.
 */
const FIELDS: { [K in Optional]: { cls: FieldClass; get: (x: PersonParts, p: Principal, now: Date) => PersonView[K] | undefined } } = {
  name: { cls: PERSON_FIELD_CLASS.name, get: (x) => x.person.name },
  dateOfBirth: { cls: PERSON_FIELD_CLASS.dateOfBirth, get: (x) => x.person.dateOfBirth },
  phones: { cls: PERSON_FIELD_CLASS.phones, get: (x) => x.person.phones },
  demographics: { cls: PERSON_FIELD_CLASS.demographics, get: (x) => x.person.demographics },
  safetyPlan: { cls: PERSON_FIELD_CLASS.safetyPlan, get: (x) => x.person.safetyPlan },
  contacts: { cls: 'identity', get: (x) => x.contacts.map((c) => ({ incidentId: c.incidentId, linkedAt: c.linkedAt.toISOString() })) },
  consents: {
    cls: 'clinical',
    get: (x, p, now) =>
      p.agencyId !== x.person.agencyId ? undefined : x.consents.map((c) => ({
        id: c.id, programmeAgencyId: c.programmeAgencyId, recipientAgencyIds: c.recipientAgencyIds, purposes: c.purposes,
        expiresAt: c.expiresAt.toISOString(), revokedAt: c.revokedAt?.toISOString() ?? null, revokedReason: c.revokedReason,
        note: c.note, recordedAt: c.recordedAt.toISOString(), active: isConsentActive(c, now),
      })),
  },
};

/** The classes a person view can disclose: what an audit row of a read records. */
export const disclosedPersonClasses = (readable: readonly FieldClass[]): FieldClass[] =>
  [...new Set(['operational' as FieldClass, ...Object.values(FIELDS).map((f) => f.cls)])].filter((c) => readable.includes(c));

/** Presents a person record to one reader, dropping every field of a class outside `readable`. */
export function presentPerson(parts: PersonParts, reader: Principal, readable: readonly FieldClass[], now: Date): PersonView {
  const view: Record<string, unknown> = {};
  const redacted = new Set<FieldClass>();
  for (const [name, field] of Object.entries(FIELDS) as [Optional, (typeof FIELDS)[Optional]][]) {
    if (!readable.includes(field.cls)) {
      redacted.add(field.cls);
      continue;
    }
    const value = field.get(parts, reader, now);
    if (value !== undefined) view[name] = value;
  }
  const own = reader.agencyId === parts.person.agencyId;
  const allowedActions: PersonView['allowedActions'] = [
    ...(can(reader, 'person.manage') && readable.includes('clinical') ? (['edit_safety_plan'] as const) : []),
    ...(can(reader, 'consent.record') && own && readable.includes('clinical') ? (['record_consent'] as const) : []),
  ];
  return { id: parts.person.id, agencyId: parts.person.agencyId, version: parts.person.version, ...view, redacted: [...redacted], allowedActions };
}

/** A ranked candidate as shown to confirm a link: names and date of birth only, with the reasons. */
export const presentCandidate = (person: PersonRecord, match: CandidateScore): PersonCandidate => ({
  personId: person.id,
  agencyId: person.agencyId,
  name: person.name,
  dateOfBirth: person.dateOfBirth,
  score: match.score,
  band: match.band,
  reasons: match.reasons,
});
