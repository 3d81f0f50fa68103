import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../schema.ts';

export interface UnitRecord {
  id: string;
  agencyId: string;
  name: string;
  /** The response model from the catalogue (DOMAIN.md §4). */
  model: string;
  /** Roles on board, e.g. clinician + engagement specialist. */
  composition: string[];
  partnerAgencyIds: string[];
  home: { lat: number; lon: number; label: string | null };
}

/** Response units (teams) and their owning agencies. */
export class UnitRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async upsert(u: UnitRecord): Promise<void> {
    const values = {
      agency_id: u.agencyId,
      name: u.name,
      model: u.model,
      composition: JSON.stringify(u.composition),
      partner_agency_ids: JSON.stringify(u.partnerAgencyIds),
      home_lat: u.home.lat,
      home_lon: u.home.lon,
      home_label: u.home.label,
    };
    await this.db.insertInto('units').values({ id: u.id, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
  }

  /** A new unit (off duty, the default capabilities); false when the id is taken. */
  async create(u: UnitRecord): Promise<boolean> {
    const r = await this.db
      .insertInto('units')
      .values({
        id: u.id, agency_id: u.agencyId, name: u.name, model: u.model, composition: JSON.stringify(u.composition),
        partner_agency_ids: JSON.stringify(u.partnerAgencyIds), home_lat: u.home.lat, home_lon: u.home.lon, home_label: u.home.label,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Replaces a unit's identity (name, model, owner, composition, partners, base). Its version moves
   * on, so a console holding the old one refetches.
   */
  async update(u: UnitRecord): Promise<void> {
    await this.db
      .updateTable('units')
      .set((eb) => ({
        agency_id: u.agencyId, name: u.name, model: u.model, composition: JSON.stringify(u.composition),
        partner_agency_ids: JSON.stringify(u.partnerAgencyIds), home_lat: u.home.lat, home_lon: u.home.lon, home_label: u.home.label,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', u.id)
      .execute();
  }

  /** Retires a unit: it leaves the board and the recommendation, its history stays. */
  async retire(id: string, at: Date): Promise<void> {
    await this.db.updateTable('units').set((eb) => ({ retired_at: at, version: eb('version', '+', 1) })).where('id', '=', id).execute();
  }

  /** One unit's record and whether it is retired. */
  async get(id: string): Promise<(UnitRecord & { retiredAt: Date | null }) | null> {
    const r = await this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? { ...toRecord(r), retiredAt: r.retired_at } : null;
  }

  /** The units of some agencies for their administrators, retired ones included when asked. */
  async ofAgencies(agencyIds: readonly string[], opts: { retired: boolean }): Promise<(UnitRecord & { retiredAt: Date | null })[]> {
    if (agencyIds.length === 0) return [];
    let q = this.db.selectFrom('units').selectAll().where('agency_id', 'in', [...agencyIds]);
    if (!opts.retired) q = q.where('retired_at', 'is', null);
    const rows = await q.orderBy('name').orderBy('id').execute();
    return rows.map((r) => ({ ...toRecord(r), retiredAt: r.retired_at }));
  }

  async inRegion(regionId: string): Promise<UnitRecord[]> {
    const rows = await this.db
      .selectFrom('units as u')
      .innerJoin('agencies as a', 'a.id', 'u.agency_id')
      .selectAll('u')
      .where('a.region_id', '=', regionId)
      .where('u.retired_at', 'is', null)
      .orderBy('u.name')
      .execute();
    return rows.map(toRecord);
  }
}

function toRecord(r: Selectable<Tables['units']>): UnitRecord {
  return {
    id: r.id,
    agencyId: r.agency_id,
    name: r.name,
    model: r.model,
    composition: r.composition,
    partnerAgencyIds: r.partner_agency_ids,
    home: { lat: r.home_lat, lon: r.home_lon, label: r.home_label },
  };
}
