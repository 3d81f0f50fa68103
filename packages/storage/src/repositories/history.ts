import { sql, type Kysely } from 'kysely';
import {
  districtOf,
  formatIncidentNumber,
  incidentFacts,
  numberingYear,
  type DistrictArea,
  type EpisodeState,
  type IncidentState,
  type RecordedFollowupEvent,
  type RecordedIncidentEvent,
} from '@continuum/domain';
import type { Tables } from '../schema.ts';
import type { AuditEntry } from './audit.ts';
import { DistrictRepository } from './districts.ts';
import { eventRowOf } from './event-rows.ts';
import { episodeColumns } from './followup.ts';
import { incidentColumns } from './incidents.ts';
import { ReportFactsRepository } from './report-facts.ts';

/** One simulated call as the domain folded it: its projection and its whole history. */
export interface SimulatedIncident {
  state: IncidentState;
  events: RecordedIncidentEvent[];
}

export interface SimulatedEpisode {
  state: EpisodeState;
  events: RecordedFollowupEvent[];
}

export interface SimulatedBatch {
  incidents: SimulatedIncident[];
  episodes: SimulatedEpisode[];
  audit: AuditEntry[];
}

// PostgreSQL binds at most 65,535 parameters a statement; rows go in chunks well below it.
const PARAMETERS_PER_STATEMENT = 20_000;

async function insertChunks<T extends Record<string, unknown>>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * The simulator's history writer's way in (issue 13 §5, ADR 0037): calls the domain decided and
 * folded, written many rows a statement inside the caller's transaction. Every row it writes is
 * flagged simulated, and it refuses a batch holding a call that is not: this is the only path by
 * which simulated records reach the database, and it cannot write an unmarked one.
 */
export class HistoryRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** How many real (not simulated) calls the database holds, in one region or in all. */
  async realIncidents(regionId?: string): Promise<number> {
    let q = this.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where('simulated', '=', false);
    if (regionId) q = q.where('region_id', '=', regionId);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  async simulatedIncidents(regionId?: string): Promise<number> {
    let q = this.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where('simulated', '=', true);
    if (regionId) q = q.where('region_id', '=', regionId);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }

  async write(batch: SimulatedBatch): Promise<void> {
    const unmarked = batch.incidents.find((i) => i.state.simulated !== true);
    if (unmarked) throw new Error(`the history writer writes simulated calls only: incident ${unmarked.state.id} is not marked simulated`);
    const numbers = await this.numbers(batch.incidents.map((i) => i.state));
    const districts = await this.districtAreas(batch.incidents.map((i) => i.state.regionId));
    const rows = batch.incidents.map(({ state: s }) => ({
      id: s.id,
      number: numbers.get(s.id)!,
      district_id: s.location.lat !== undefined && s.location.lon !== undefined ? districtOf({ lat: s.location.lat, lon: s.location.lon }, districts.get(s.regionId) ?? []) : null,
      ...incidentColumns(s),
      simulated: true,
    }));
    await insertChunks(rows, (c) => this.db.insertInto('incidents').values(c).execute());
    // The RAC report reads its facts, not the projection (ADR 0040): simulated calls get theirs in
    // the same transaction, after their rows, whose district and simulated flag the facts copy.
    const facts = new ReportFactsRepository(this.db);
    for (const { state } of batch.incidents) await facts.upsert(incidentFacts(state));
    const events = batch.incidents.flatMap((i) => i.events.map((e) => ({ ...eventRowOf(e), simulated: true })));
    await insertChunks(events, (c) => this.db.insertInto('incident_events').values(c).execute());
    const episodes = batch.episodes.map(({ state: s }) => ({ id: s.id, ...episodeColumns(s), simulated: true }));
    await insertChunks(episodes, (c) => this.db.insertInto('followup_episodes').values(c).execute());
    const episodeEvents = batch.episodes.flatMap((ep) =>
      ep.events.map((e) => ({ episode_id: e.episodeId, sequence: e.sequence, type: e.type, occurred_at: e.occurredAt, actor_id: e.actorId, reason: e.reason, data: JSON.stringify(e.data), simulated: true })),
    );
    await insertChunks(episodeEvents, (c) => this.db.insertInto('followup_events').values(c).execute());
    const audit = batch.audit.map((e) => ({
      at: e.at, actor_id: e.actorId, role: e.role, agency_id: e.agencyId, action: e.action, outcome: e.outcome, resource_type: e.resourceType,
      resource_id: e.resourceId, field_classes: JSON.stringify(e.fieldClasses), purpose: e.purpose, address: e.address, detail: JSON.stringify(e.detail), simulated: true,
    }));
    await insertChunks(audit, (c) => this.db.insertInto('audit_log').values(c).execute());
  }

  /** Each call's number in its region's year, reserved a block at a time under the counter row's lock, in the order received. */
  private async numbers(states: IncidentState[]): Promise<Map<string, string>> {
    const groups = new Map<string, IncidentState[]>();
    for (const s of [...states].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())) {
      const key = `${s.regionId}\u0000${numberingYear(s.receivedAt)}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const out = new Map<string, string>();
    for (const [key, list] of groups) {
      const [regionId, yearText] = key.split('\u0000') as [string, string];
      const year = Number(yearText);
      const row = await this.db
        .insertInto('incident_counters')
        .values({ region_id: regionId, year, last: list.length })
        .onConflict((oc) => oc.columns(['region_id', 'year']).doUpdateSet({ last: sql<number>`incident_counters.last + ${list.length}` }))
        .returning('last')
        .executeTakeFirstOrThrow();
      const first = row.last - list.length + 1;
      list.forEach((s, i) => out.set(s.id, formatIncidentNumber(year, first + i)));
    }
    return out;
  }

  private async districtAreas(regionIds: string[]): Promise<Map<string, DistrictArea[]>> {
    const repo = new DistrictRepository(this.db);
    const out = new Map<string, DistrictArea[]>();
    for (const id of new Set(regionIds)) out.set(id, (await repo.list([id])).map((d) => ({ id: d.id, kind: d.kind, geometry: d.geometry })));
    return out;
  }
}
