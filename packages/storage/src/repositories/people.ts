import { normaliseName, phoneKey, type LinkBasis, type MatchBand, type Person, type PersonLinkEvent, type SafetyPlan } from '@continuum/domain';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Tables } from '../schema.ts';

export interface PersonRecord extends Person {
  createdBy: string;
}

/** A stored link event: the domain event with who, when and from which agency. */
export type LinkEventRecord = PersonLinkEvent & { id: string; actorId: string; agencyId: string; occurredAt: Date; sequence?: number };

/** What the candidate pre-filter narrows by: any one of them brings a record in to be scored. */
export interface CandidateKeys {
  agencyIds: string[];
  datesOfBirth: string[];
  phoneKeys: string[];
  /** First letters of the words of the name asked about. */
  initials: string[];
}

const initialsOf = (p: Person) => `${normaliseName(p.name.given).charAt(0) || '_'}${normaliseName(p.name.family).charAt(0) || '_'}`;

/** Person records and their links to incidents (events plus the current-link projection). */
export class PeopleRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(p: PersonRecord): Promise<void> {
    await this.db
      .insertInto('people')
      .values({
        id: p.id, agency_id: p.agencyId, given_name: p.name.given, family_name: p.name.family, preferred_name: p.name.preferred,
        date_of_birth: p.dateOfBirth, phones: JSON.stringify(p.phones), phone_keys: JSON.stringify(keysOf(p.phones)),
        name_initials: initialsOf(p), demographics: JSON.stringify(p.demographics),
        safety_plan: p.safetyPlan === null ? null : JSON.stringify(p.safetyPlan), version: p.version,
        created_by: p.createdBy, created_at: p.createdAt, updated_at: p.updatedAt,
      })
      .execute();
  }

  async get(id: string, opts: { lock?: boolean } = {}): Promise<PersonRecord | null> {
    let q = this.db.selectFrom('people').selectAll().where('id', '=', id);
    if (opts.lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? toPerson(row) : null;
  }

  /** Replaces the safety plan and moves the record's version on. */
  async setSafetyPlan(id: string, plan: SafetyPlan, at: Date): Promise<void> {
    await this.db
      .updateTable('people')
      .set((eb) => ({ safety_plan: JSON.stringify(plan), updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Records worth scoring: in the given agencies, sharing a date of birth, a phone or an initial. */
  async candidates(keys: CandidateKeys, limit = 500): Promise<PersonRecord[]> {
    if (keys.agencyIds.length === 0) return [];
    const { datesOfBirth, phoneKeys, initials } = keys;
    if (datesOfBirth.length + phoneKeys.length + initials.length === 0) return [];
    const rows = await this.db
      .selectFrom('people')
      .selectAll()
      .where('agency_id', 'in', keys.agencyIds)
      .where((eb) =>
        eb.or([
          ...(datesOfBirth.length ? [eb('date_of_birth', 'in', datesOfBirth)] : []),
          ...(phoneKeys.length ? [sql<boolean>`EXISTS (SELECT 1 FROM jsonb_array_elements_text(phone_keys) AS k(v) WHERE k.v IN (${sql.join(phoneKeys)}))`] : []),
          ...(initials.length ? [eb(sql`left(name_initials, 1)`, 'in', initials), eb(sql`right(name_initials, 1)`, 'in', initials)] : []),
        ]),
      )
      .orderBy('updated_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toPerson);
  }

  /** Appends a link event and moves the projection, in the caller's transaction. */
  async appendLink(e: LinkEventRecord): Promise<void> {
    await this.db
      .insertInto('person_link_events')
      .values({
        id: e.id, incident_id: e.incidentId, person_id: e.personId, type: e.type,
        basis: e.type === 'person.linked' ? e.basis : null, score: e.type === 'person.linked' ? e.score : null,
        band: e.type === 'person.linked' ? e.band : null, reason: e.type === 'person.unlinked' ? e.reason : null,
        actor_id: e.actorId, agency_id: e.agencyId, occurred_at: e.occurredAt,
      })
      .execute();
    if (e.type === 'person.linked') {
      await this.db.insertInto('person_links').values({ incident_id: e.incidentId, person_id: e.personId, event_id: e.id, linked_at: e.occurredAt }).execute();
    } else {
      await this.db.deleteFrom('person_links').where('incident_id', '=', e.incidentId).execute();
    }
  }

  /** An incident's link events, oldest first. */
  async linkEvents(incidentId: string): Promise<LinkEventRecord[]> {
    const rows = await this.db.selectFrom('person_link_events').selectAll().where('incident_id', '=', incidentId).orderBy('sequence').execute();
    return rows.map(toLinkEvent);
  }

  /** The person each of the given incidents is linked to now. */
  async linksOf(incidentIds: string[]): Promise<Map<string, string>> {
    if (incidentIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('person_links').select(['incident_id', 'person_id']).where('incident_id', 'in', incidentIds).execute();
    return new Map(rows.map((r) => [r.incident_id, r.person_id]));
  }

  /** The incidents linked to a person now, newest link first. */
  async contactsOf(personId: string): Promise<{ incidentId: string; linkedAt: Date }[]> {
    const rows = await this.db.selectFrom('person_links').select(['incident_id', 'linked_at']).where('person_id', '=', personId).orderBy('linked_at', 'desc').execute();
    return rows.map((r) => ({ incidentId: r.incident_id, linkedAt: r.linked_at }));
  }
}

const keysOf = (phones: readonly string[]) => [...new Set(phones.map(phoneKey).filter((k): k is string => k !== null))];

function toPerson(r: Selectable<Tables['people']>): PersonRecord {
  return {
    id: r.id, agencyId: r.agency_id, name: { given: r.given_name, family: r.family_name, preferred: r.preferred_name },
    dateOfBirth: r.date_of_birth, phones: r.phones, demographics: r.demographics, safetyPlan: (r.safety_plan as SafetyPlan | null) ?? null,
    version: r.version, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function toLinkEvent(r: Selectable<Tables['person_link_events']>): LinkEventRecord {
  const common = { id: r.id, incidentId: r.incident_id, personId: r.person_id, actorId: r.actor_id, agencyId: r.agency_id, occurredAt: r.occurred_at, sequence: Number(r.sequence) };
  return r.type === 'person.linked'
    ? { ...common, type: 'person.linked', basis: r.basis as LinkBasis, score: r.score, band: r.band as MatchBand | null }
    : { ...common, type: 'person.unlinked', reason: r.reason ?? '' };
}
