import type { Kysely } from 'kysely';
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

  async inRegion(regionId: string): Promise<UnitRecord[]> {
    const rows = await this.db
      .selectFrom('units as u')
      .innerJoin('agencies as a', 'a.id', 'u.agency_id')
      .selectAll('u')
      .where('a.region_id', '=', regionId)
      .orderBy('u.name')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      agencyId: r.agency_id,
      name: r.name,
      model: r.model,
      composition: r.composition,
      partnerAgencyIds: r.partner_agency_ids,
      home: { lat: r.home_lat, lon: r.home_lon, label: r.home_label },
    }));
  }
}
