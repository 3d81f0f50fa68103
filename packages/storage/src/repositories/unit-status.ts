import { sql, type Kysely, type Selectable } from 'kysely';
import type { DecidedEvent, IncomingPosition, UnitEvent, UnitStatus, UnitStatusState } from '@continuum/domain';
import type { Tables } from '../schema.ts';

/** A unit as the board and the status machine need it: identity, owner, status and last fix. */
export interface LiveUnit extends UnitStatusState {
  name: string;
  model: string;
  regionId: string;
  partnerAgencyIds: string[];
  /** The incident the unit is answering; null when it holds no call. */
  currentIncidentId: string | null;
  /** When the crew pressed panic, while it is unresolved. */
  panicAt: Date | null;
}

/** A status event as stored: who moved the unit, when, why and where it was. */
export interface RecordedUnitEvent {
  unitId: string;
  sequence: number;
  type: UnitEvent['type'];
  occurredAt: Date;
  actorId: string;
  reason: string | null;
  data: UnitEvent['data'];
}

/** What writing one fix did: stored it, found it already stored, or found the unit off duty. */
export type FixWrite = 'stored' | 'duplicate' | 'off_duty';

type Row = Selectable<Tables['units']> & { region_id: string };

/**
 * Units' status (event store and projection, as incidents) and their positions. Positions are
 * the hot path: one statement per fix, no transaction, no audit row (docs/adr/0010).
 */
export class UnitStatusRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Loads one unit; `lock` holds its row until commit so concurrent status changes queue up. */
  async get(id: string, opts: { lock?: boolean } = {}): Promise<LiveUnit | null> {
    let q = this.db.selectFrom('units as u').innerJoin('agencies as a', 'a.id', 'u.agency_id').selectAll('u').select('a.region_id').where('u.id', '=', id);
    if (opts.lock) q = q.forUpdate('u');
    const row = await q.executeTakeFirst();
    return row ? toLive(row) : null;
  }

  /** Several units by id, in one query (the batch form of position ingestion). */
  async getMany(ids: string[]): Promise<LiveUnit[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('units as u').innerJoin('agencies as a', 'a.id', 'u.agency_id').selectAll('u').select('a.region_id').where('u.id', 'in', ids).execute();
    return rows.map(toLive);
  }

  /** The units of the given agencies (those within a reader's reach), by name. */
  async list(agencyIds: string[]): Promise<LiveUnit[]> {
    if (agencyIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('units as u')
      .innerJoin('agencies as a', 'a.id', 'u.agency_id')
      .selectAll('u')
      .select('a.region_id')
      .where('u.agency_id', 'in', agencyIds)
      // A retired unit leaves the board and the recommendation (migration 0020).
      .where('u.retired_at', 'is', null)
      .orderBy('u.name')
      .orderBy('u.id')
      .execute();
    return rows.map(toLive);
  }

  /**
   * Appends a decided event after `current` and updates the projection with it: a status change
   * moves the status; a panic sets or clears the open panic.
   */
  async appendStatus(current: LiveUnit, decided: DecidedEvent<UnitEvent>, meta: { actorId: string; occurredAt: Date }): Promise<{ state: LiveUnit; event: RecordedUnitEvent }> {
    const sequence = current.version + 1;
    const { event, reason } = decided;
    const position = event.data.position;
    await this.db
      .insertInto('unit_events')
      .values({
        unit_id: current.id,
        sequence,
        type: event.type,
        occurred_at: meta.occurredAt,
        actor_id: meta.actorId,
        reason,
        data: JSON.stringify(event.data),
        lat: position?.lat ?? null,
        lon: position?.lon ?? null,
      })
      .execute();
    let state: LiveUnit;
    if (event.type === 'unit.status_changed') {
      await this.db.updateTable('units').set({ status: event.data.to, version: sequence, status_changed_at: meta.occurredAt }).where('id', '=', current.id).execute();
      state = { ...current, status: event.data.to, version: sequence, statusChangedAt: meta.occurredAt };
    } else {
      const panicAt = event.type === 'unit.panic_raised' ? meta.occurredAt : null;
      await this.db.updateTable('units').set({ version: sequence, panic_at: panicAt }).where('id', '=', current.id).execute();
      state = { ...current, version: sequence, panicAt };
    }
    return { state, event: { unitId: current.id, sequence, type: event.type, occurredAt: meta.occurredAt, actorId: meta.actorId, reason, data: event.data } };
  }

  /** Ties a unit to the incident it answers, or frees it (null). */
  async setCurrentIncident(unitId: string, incidentId: string | null): Promise<void> {
    await this.db.updateTable('units').set({ current_incident_id: incidentId }).where('id', '=', unitId).execute();
  }

  /** The status history of one unit, oldest first. */
  async events(unitId: string): Promise<RecordedUnitEvent[]> {
    const rows = await this.db.selectFrom('unit_events').selectAll().where('unit_id', '=', unitId).orderBy('sequence').execute();
    return rows.map((r) => ({
      unitId: r.unit_id,
      sequence: r.sequence,
      type: r.type as UnitEvent['type'],
      occurredAt: r.occurred_at,
      actorId: r.actor_id,
      reason: r.reason,
      data: r.data as UnitEvent['data'],
    }));
  }

  /**
   * Stores one fix in ONE statement (atomic without a transaction): the row goes in only while
   * the unit is on duty (tagged with its call, if it holds one: the incident's trail, kept with it),
   * a retry conflicts on the key and is dropped, and the latest position on
   * the unit row only ever moves forward in time, so concurrent or late fixes cannot rewind it.
   */
  async recordFix(unitId: string, p: IncomingPosition): Promise<FixWrite> {
    const { rows } = await sql<{ inserted: number; on_duty: number }>`
      WITH unit AS (
        SELECT id, current_incident_id FROM units WHERE id = ${unitId} AND status <> 'off_duty'
      ), ins AS (
        INSERT INTO unit_positions (unit_id, at, lat, lon, accuracy, heading, speed, incident_id)
        SELECT id, ${p.at}::timestamptz, ${p.lat}::float8, ${p.lon}::float8, ${p.accuracy ?? null}::real, ${p.heading ?? null}::real, ${p.speed ?? null}::real, current_incident_id FROM unit
        ON CONFLICT (unit_id, at) DO NOTHING
        RETURNING unit_id, at
      ), upd AS (
        UPDATE units SET last_lat = ${p.lat}::float8, last_lon = ${p.lon}::float8, last_position_at = ins.at,
          last_accuracy = ${p.accuracy ?? null}::real, last_heading = ${p.heading ?? null}::real, last_speed = ${p.speed ?? null}::real
        FROM ins
        WHERE units.id = ins.unit_id AND (units.last_position_at IS NULL OR units.last_position_at < ins.at)
        RETURNING units.id
      )
      SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM unit)::int AS on_duty, (SELECT count(*) FROM upd)::int AS moved`.execute(this.db);
    const r = rows[0]!;
    if (Number(r.on_duty) === 0) return 'off_duty';
    return Number(r.inserted) === 1 ? 'stored' : 'duplicate';
  }

  /**
   * Stores many fixes in ONE statement (the batch form), with the same guards as `recordFix`:
   * on-duty units only, retries dropped by the key, the latest copy only moving forward.
   * Returns the keys (`unitId|ISO time`) of the fixes stored.
   */
  async recordFixes(fixes: (IncomingPosition & { unitId: string })[]): Promise<Set<string>> {
    if (fixes.length === 0) return new Set();
    const values = sql.join(
      fixes.map((p) => sql`(${p.unitId}::text, ${p.at}::timestamptz, ${p.lat}::float8, ${p.lon}::float8, ${p.accuracy ?? null}::real, ${p.heading ?? null}::real, ${p.speed ?? null}::real)`),
    );
    const { rows } = await sql<{ unit_id: string; at: Date }>`
      WITH v (unit_id, at, lat, lon, accuracy, heading, speed) AS (VALUES ${values}),
      ins AS (
        INSERT INTO unit_positions (unit_id, at, lat, lon, accuracy, heading, speed, incident_id)
        SELECT v.*, u.current_incident_id FROM v JOIN units u ON u.id = v.unit_id AND u.status <> 'off_duty'
        ON CONFLICT (unit_id, at) DO NOTHING
        RETURNING unit_id, at
      ), latest AS (
        SELECT DISTINCT ON (v.unit_id) v.* FROM v JOIN ins ON ins.unit_id = v.unit_id AND ins.at = v.at ORDER BY v.unit_id, v.at DESC
      ), upd AS (
        UPDATE units SET last_lat = latest.lat, last_lon = latest.lon, last_position_at = latest.at,
          last_accuracy = latest.accuracy, last_heading = latest.heading, last_speed = latest.speed
        FROM latest
        WHERE units.id = latest.unit_id AND (units.last_position_at IS NULL OR units.last_position_at < latest.at)
        RETURNING units.id
      )
      SELECT unit_id, at FROM ins`.execute(this.db);
    return new Set(rows.map((r) => `${r.unit_id}|${new Date(r.at).toISOString()}`));
  }

  /** The fixes of one unit in a time window, oldest first: the breadcrumb a trail is drawn from. */
  async trail(unitId: string, from: Date, to: Date): Promise<(IncomingPosition & { at: Date })[]> {
    const rows = await this.db.selectFrom('unit_positions').selectAll().where('unit_id', '=', unitId).where('at', '>=', from).where('at', '<=', to).orderBy('at').execute();
    return rows.map((r) => ({ lat: r.lat, lon: r.lon, at: r.at, accuracy: r.accuracy, heading: r.heading, speed: r.speed }));
  }
}

function toLive(r: Row): LiveUnit {
  return {
    id: r.id,
    agencyId: r.agency_id,
    regionId: r.region_id,
    name: r.name,
    model: r.model,
    partnerAgencyIds: r.partner_agency_ids,
    currentIncidentId: r.current_incident_id,
    panicAt: r.panic_at,
    status: r.status as UnitStatus,
    version: r.version,
    statusChangedAt: r.status_changed_at,
    lastPosition:
      r.last_lat !== null && r.last_lon !== null && r.last_position_at !== null
        ? { lat: r.last_lat, lon: r.last_lon, at: r.last_position_at, accuracy: r.last_accuracy, heading: r.last_heading, speed: r.last_speed }
        : null,
  };
}
