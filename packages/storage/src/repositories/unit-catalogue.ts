import { sql, type Kysely } from 'kysely';
import type { MultiPolygon, Polygon } from 'geojson';
import type { CrewMember, CrewRole, PeerCredential, Shift, UnitCapabilities } from '@continuum/domain';
import type { Tables } from '../schema.ts';

/** A unit's catalogue entry besides its status: what it is, can do, where it goes, where it starts. */
export interface CatalogueEntry {
  unitId: string;
  /** The roles the unit is designed to carry, used when nobody is rostered. */
  composition: string[];
  capabilities: UnitCapabilities;
  /** Null: the owning agency's county (`countyFips`). */
  serviceArea: Polygon | MultiPolygon | null;
  countyFips: string | null;
  home: { lat: number; lon: number; label: string | null };
}

/** A scheduled shift as stored. */
export interface ShiftRecord extends Shift {
  unitId: string;
  createdBy: string;
  createdAt: Date;
}

/** A roster row tied to a user account: which unit, in which role. */
export interface UserCrewRow {
  unitId: string;
  role: CrewRole;
}

const DEFAULT_CAPABILITIES: UnitCapabilities = { youth: false, languages: [], naloxone: false, canTransport: false };

/** The unit catalogue's detail: capabilities, service areas, crews and shifts. */
export class UnitCatalogueRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** The catalogue entries of the given units, with their owning agency's county. */
  async entries(unitIds: readonly string[]): Promise<Map<string, CatalogueEntry>> {
    if (unitIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('units as u')
      .innerJoin('agencies as a', 'a.id', 'u.agency_id')
      .select(['u.id', 'u.composition', 'u.capabilities', 'u.service_area', 'u.home_lat', 'u.home_lon', 'u.home_label', 'a.county_fips'])
      .where('u.id', 'in', unitIds)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          unitId: r.id,
          composition: r.composition,
          capabilities: { ...DEFAULT_CAPABILITIES, ...(r.capabilities as Partial<UnitCapabilities>) },
          serviceArea: r.service_area as Polygon | MultiPolygon | null,
          countyFips: r.county_fips,
          home: { lat: r.home_lat, lon: r.home_lon, label: r.home_label },
        },
      ]),
    );
  }

  async setCapabilities(unitId: string, c: UnitCapabilities): Promise<void> {
    const value = { youth: c.youth, languages: [...c.languages], naloxone: c.naloxone, canTransport: c.canTransport };
    await this.db.updateTable('units').set({ capabilities: JSON.stringify(value) }).where('id', '=', unitId).execute();
  }

  /** Sets a custom service area, or null to fall back to the county. */
  async setServiceArea(unitId: string, area: Polygon | MultiPolygon | null): Promise<void> {
    await this.db.updateTable('units').set({ service_area: area === null ? null : JSON.stringify(area) }).where('id', '=', unitId).execute();
  }

  /** The rosters of the given units, in the order they were set. */
  async crews(unitIds: readonly string[]): Promise<Map<string, CrewMember[]>> {
    const out = new Map<string, CrewMember[]>(unitIds.map((id) => [id, []]));
    if (unitIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('unit_crew')
      .select(['unit_id', 'name', 'user_id', 'role', 'credential'])
      // to_char, so a calendar day stays a day on both drivers, whatever the server's time zone.
      .select([sql<string | null>`to_char(hired_on, 'YYYY-MM-DD')`.as('hired_on'), sql<string | null>`to_char(credential_earned_on, 'YYYY-MM-DD')`.as('earned_on')])
      .where('unit_id', 'in', unitIds)
      .orderBy('unit_id')
      .orderBy('ordinal')
      .execute();
    for (const r of rows) {
      out.get(r.unit_id)!.push({
        name: r.name,
        userId: r.user_id,
        role: r.role as CrewRole,
        hiredOn: r.hired_on,
        credential: r.credential && r.earned_on ? { kind: r.credential as PeerCredential, earnedOn: r.earned_on } : null,
      });
    }
    return out;
  }

  /** Replaces a unit's roster with `members` (an empty list clears it). */
  async setCrew(unitId: string, members: readonly CrewMember[]): Promise<void> {
    await this.db.deleteFrom('unit_crew').where('unit_id', '=', unitId).execute();
    if (members.length === 0) return;
    await this.db
      .insertInto('unit_crew')
      .values(
        members.map((m, i) => ({
          unit_id: unitId,
          ordinal: i,
          name: m.name,
          user_id: m.userId,
          role: m.role,
          hired_on: m.hiredOn,
          credential: m.credential?.kind ?? null,
          credential_earned_on: m.credential?.earnedOn ?? null,
        })),
      )
      .execute();
  }

  /** The roster rows that name a user account. */
  async crewRowsOfUser(userId: string): Promise<UserCrewRow[]> {
    const rows = await this.db.selectFrom('unit_crew').select(['unit_id', 'role']).where('user_id', '=', userId).orderBy('unit_id').execute();
    return rows.map((r) => ({ unitId: r.unit_id, role: r.role as CrewRole }));
  }

  /** The shifts of the given units that end after `after` and start before `before`, earliest first. */
  async shifts(unitIds: readonly string[], window: { after: Date; before?: Date; limit?: number }): Promise<ShiftRecord[]> {
    if (unitIds.length === 0) return [];
    let q = this.db.selectFrom('unit_shifts').selectAll().where('unit_id', 'in', unitIds).where('ends_at', '>', window.after);
    if (window.before) q = q.where('starts_at', '<', window.before);
    if (window.limit) q = q.limit(window.limit);
    const rows = await q.orderBy('starts_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, unitId: r.unit_id, startsAt: r.starts_at, endsAt: r.ends_at, createdBy: r.created_by, createdAt: r.created_at }));
  }

  async addShift(s: ShiftRecord): Promise<void> {
    await this.db
      .insertInto('unit_shifts')
      .values({ id: s.id, unit_id: s.unitId, starts_at: s.startsAt, ends_at: s.endsAt, created_by: s.createdBy, created_at: s.createdAt })
      .execute();
  }

  /** Removes one shift of one unit; the removed shift, or null when the unit has no such shift. */
  async removeShift(unitId: string, shiftId: string): Promise<ShiftRecord | null> {
    const r = await this.db.deleteFrom('unit_shifts').where('unit_id', '=', unitId).where('id', '=', shiftId).returningAll().executeTakeFirst();
    return r ? { id: r.id, unitId: r.unit_id, startsAt: r.starts_at, endsAt: r.ends_at, createdBy: r.created_by, createdAt: r.created_at } : null;
  }
}
