import { sql, type Kysely, type Selectable } from 'kysely';
import {
  type ContactChannel,
  applyIncidentEvent,
  formatIncidentNumber,
  numberingYear,
  phoneKey,
  emptyResponse,
  incidentFacts,
  type DecidedEvent,
  type IncidentEvent,
  type IncidentState,
  type IncidentStatus,
  type RecordedIncidentEvent,
} from '@continuum/domain';
import type { Tables } from '../schema.ts';
import { DistrictRepository } from './districts.ts';
import { ReportFactsRepository } from './report-facts.ts';
import { eventOfRow, eventRowOf } from './event-rows.ts';

type Row = Selectable<Tables['incidents']>;

/** Event store and projection of incidents: appends and the projection update share a transaction. */
export class IncidentRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Loads the projection; `lock` holds the row until commit so concurrent changes queue up. */
  async get(id: string, opts: { lock?: boolean } = {}): Promise<IncidentState | null> {
    let q = this.db.selectFrom('incidents').selectAll().where('id', '=', id);
    if (opts.lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? incidentStateOfRow(row) : null;
  }

  /**
   * Incidents of the given agencies (those within a reader's reach), newest first, narrowed by
   * the filters given. Text filters are candidates only: the caller keeps a row only when the
   * field that matched is one the reader may read (services/incident/search.ts).
   */
  async list(filter: IncidentFilter): Promise<IncidentState[]> {
    if (filter.agencyIds.length === 0) return [];
    let q = this.db.selectFrom('incidents').selectAll().where('agency_id', 'in', filter.agencyIds);
    if (filter.statuses?.length) q = q.where('status', 'in', filter.statuses);
    if (filter.before) q = q.where('received_at', '<', filter.before);
    if (filter.from) q = q.where('received_at', '>=', filter.from);
    if (filter.to) q = q.where('received_at', '<', filter.to);
    if (filter.levels?.length) q = q.where('risk_level', 'in', filter.levels);
    if (filter.dispositions?.length) q = q.where('disposition', 'in', filter.dispositions);
    if (filter.simulated !== undefined) q = q.where('simulated', '=', filter.simulated);
    if (filter.unitId) q = q.where(sql<boolean>`response->'assignments' @> ${JSON.stringify([{ unitId: filter.unitId }])}::jsonb`);
    const { text } = filter;
    if (text) {
      q = q.where((eb) => {
        const any = [];
        if (text.number) any.push(eb('number', '=', text.number));
        if (text.phoneKey) any.push(eb('caller_phone_key', '=', text.phoneKey));
        if (text.words) {
          const like = `%${text.words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          any.push(eb('names_key', 'like', like), eb(sql<string>`lower(location_address)`, 'like', like));
        }
        return any.length ? eb.or(any) : eb.val(false);
      });
    }
    const rows = await q.orderBy('received_at', 'desc').orderBy('id').limit(filter.limit).execute();
    return rows.map(incidentStateOfRow);
  }

  /**
   * Appends decided events after `current` (null for a new incident), folds them into the
   * projection and saves it. Returns the new state and the recorded events.
   */
  async append(
    incidentId: string,
    current: IncidentState | null,
    decided: DecidedEvent[],
    meta: { actorId: string; occurredAt: Date },
  ): Promise<{ state: IncidentState; events: RecordedIncidentEvent[] }> {
    let state = current;
    const events: RecordedIncidentEvent[] = [];
    for (const { event, reason } of decided) {
      const sequence = (state?.version ?? 0) + 1;
      state = applyIncidentEvent(state, event, { incidentId, sequence, occurredAt: meta.occurredAt });
      events.push({ incidentId, sequence, type: event.type, occurredAt: meta.occurredAt, actorId: meta.actorId, reason, data: event.data });
    }
    if (!state) throw new Error('append needs at least one event');
    // A new call takes the next number of its region's year under the counter row's lock.
    if (current === null) state = { ...state, number: await this.nextNumber(state.regionId, state.receivedAt) };
    // The projection row must exist before its events reference it. A new or moved location is
    // placed in its district in the same statement (issue 14 §1): reports count by it.
    const moved = current === null || current.location.lat !== state.location.lat || current.location.lon !== state.location.lon;
    await this.save(state, current === null, moved ? await this.districtOf(state) : undefined);
    const simulated = state.simulated === true;
    // A simulated call's events say so too (migration 0037): no row of it is unmarked.
    await this.db
      .insertInto('incident_events')
      .values(events.map((e) => ({ ...eventRowOf(e), ...(simulated ? { simulated: true } : {}) })))
      .execute();
    return { state, events };
  }

  async events(incidentId: string): Promise<RecordedIncidentEvent[]> {
    const rows = await this.db
      .selectFrom('incident_events')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('sequence')
      .execute();
    return rows.map((r) => eventOfRow<RecordedIncidentEvent>(r));
  }

  /** Refolds the projection from the event history: the events are the truth. */
  async rebuild(incidentId: string): Promise<IncidentState | null> {
    let state: IncidentState | null = null;
    for (const e of await this.events(incidentId)) {
      state = applyIncidentEvent(state, { type: e.type, data: e.data } as IncidentEvent, {
        incidentId,
        sequence: e.sequence,
        occurredAt: e.occurredAt,
      });
    }
    if (state) {
      // The number is given at creation and kept on the row, not in the history (ADR 0033).
      const row = await this.db.selectFrom('incidents').select('number').where('id', '=', incidentId).executeTakeFirst();
      if (row) state = { ...state, number: row.number };
      await this.save(state, false);
    }
    return state;
  }

  /** The district the incident's location lies in, or null without a location or outside every one. */
  private async districtOf(s: IncidentState): Promise<string | null> {
    const { lat, lon } = s.location;
    if (lat === undefined || lon === undefined) return null;
    return new DistrictRepository(this.db).placeOf(s.regionId, { lat, lon });
  }

  /** The district an incident is placed in now (migration 0020). */
  async districtIdOf(id: string): Promise<string | null> {
    const r = await this.db.selectFrom('incidents').select('district_id').where('id', '=', id).executeTakeFirst();
    return r?.district_id ?? null;
  }

  /**
   * The next number of a region's year (migration 0030): the upsert locks the counter row until
   * the transaction ends, so concurrent creations queue and a rolled-back one gives its number back.
   */
  private async nextNumber(regionId: string, receivedAt: Date): Promise<string> {
    const year = numberingYear(receivedAt);
    const row = await this.db
      .insertInto('incident_counters')
      .values({ region_id: regionId, year, last: 1 })
      .onConflict((oc) => oc.columns(['region_id', 'year']).doUpdateSet({ last: sql<number>`incident_counters.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return formatIncidentNumber(year, row.last);
  }

  /** `districtId` undefined: the location did not move, the placement stays. */
  private async save(s: IncidentState, isNew: boolean, districtId?: string | null): Promise<void> {
    const values = { ...(districtId !== undefined ? { district_id: districtId } : {}), ...incidentColumns(s) };
    if (isNew) await this.db.insertInto('incidents').values({ id: s.id, number: s.number ?? '', ...values }).execute();
    else await this.db.updateTable('incidents').set(values).where('id', '=', s.id).execute();
    // The RAC report's facts change with the projection, in the same transaction (ADR 0040).
    await new ReportFactsRepository(this.db).upsert(incidentFacts(s));
  }
}

/** The projection's columns of a state (all but id, number and district): shared with the history writer's bulk insert. */
export function incidentColumns(s: IncidentState) {
  return {
    agency_id: s.agencyId,
    region_id: s.regionId,
    entry_point: s.entryPoint,
    status: s.status,
    version: s.version,
    summary: s.summary,
    location_address: s.location.address,
    location_lat: s.location.lat ?? null,
    location_lon: s.location.lon ?? null,
    caller: JSON.stringify(s.caller),
    person: JSON.stringify(s.person),
    safety_flags: JSON.stringify(s.safetyFlags),
    triage: s.triage ? JSON.stringify(s.triage) : null,
    interview: s.interview ? JSON.stringify(s.interview) : null,
    response_override: s.override ? JSON.stringify(s.override) : null,
    risk_level: s.triage?.level ?? null,
    disposition: s.disposition,
    response: JSON.stringify(s.response),
    disposition_detail: s.dispositionDetail ? JSON.stringify(s.dispositionDetail) : null,
    status_before_end: s.statusBeforeEnd,
    cares_max_response_minutes: s.caresMaxResponseMinutes ?? null,
    crisis_team_unavailability: s.crisisTeamUnavailability ? JSON.stringify(s.crisisTeamUnavailability) : null,
    marked_flags: s.markedFlags && s.markedFlags.length > 0 ? JSON.stringify(s.markedFlags) : null,
    ground_overrides: s.groundOverrides ?? 0,
    channel: s.channel ?? null,
    preferred_language: s.preferredLanguage ?? null,
    location_accuracy: s.location.accuracy ?? null,
    received_at: s.receivedAt,
    updated_at: s.updatedAt,
    closed_at: s.closedAt,
    caller_phone_key: s.caller.callbackNumber ? phoneKey(s.caller.callbackNumber) : null,
    names_key: namesKey(s),
    simulated: s.simulated === true,
  };
}

/** What a search matches against, beside the state itself. */
export interface IncidentFilter {
  agencyIds: string[];
  statuses?: IncidentStatus[];
  limit: number;
  before?: Date;
  from?: Date;
  to?: Date;
  levels?: number[];
  dispositions?: string[];
  unitId?: string;
  /** Only simulated calls (true) or only real ones (false); both when absent. */
  simulated?: boolean;
  /** What was typed, read as each thing it could be; a row matching any of them is a candidate. */
  text?: { number?: string; phoneKey?: string; words?: string };
}

/** The caller's and the person's names, lower-cased, as search compares them (null when neither is known). */
export function namesKey(s: Pick<IncidentState, 'caller' | 'person'>): string | null {
  const joined = [s.person.name, s.caller.name].filter(Boolean).join(' ').trim().toLowerCase();
  return joined || null;
}

/** The state of a projection row (the report backfill reads rows too). */
export function incidentStateOfRow(r: Row): IncidentState {
  return {
    id: r.id,
    agencyId: r.agency_id,
    regionId: r.region_id,
    entryPoint: r.entry_point as IncidentState['entryPoint'],
    status: r.status as IncidentStatus,
    version: r.version,
    summary: r.summary,
    location: {
      address: r.location_address,
      ...(r.location_lat !== null && r.location_lon !== null ? { lat: r.location_lat, lon: r.location_lon } : {}),
      ...(r.location_accuracy ? { accuracy: r.location_accuracy as 'approximate' | 'unknown' } : {}),
    },
    ...(r.channel ? { channel: r.channel as ContactChannel } : {}),
    ...(r.preferred_language ? { preferredLanguage: r.preferred_language } : {}),
    caller: r.caller as IncidentState['caller'],
    person: r.person as IncidentState['person'],
    safetyFlags: r.safety_flags,
    triage: r.triage as IncidentState['triage'],
    interview: r.interview as IncidentState['interview'],
    override: r.response_override as IncidentState['override'],
    disposition: r.disposition as IncidentState['disposition'],
    dispositionDetail: (r.disposition_detail as IncidentState['dispositionDetail']) ?? null,
    response: (r.response as IncidentState['response'] | null) ?? emptyResponse(r.received_at),
    statusBeforeEnd: r.status_before_end as IncidentStatus | null,
    ...(r.cares_max_response_minutes !== null && r.cares_max_response_minutes !== undefined ? { caresMaxResponseMinutes: r.cares_max_response_minutes } : {}),
    ...(r.crisis_team_unavailability ? { crisisTeamUnavailability: r.crisis_team_unavailability as unknown as NonNullable<IncidentState['crisisTeamUnavailability']> } : {}),
    ...(r.ground_overrides ? { groundOverrides: r.ground_overrides } : {}),
    ...(r.marked_flags ? { markedFlags: r.marked_flags as unknown as NonNullable<IncidentState['markedFlags']> } : {}),
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    number: r.number,
    ...(r.simulated ? { simulated: true as const } : {}),
  };
}
