import type { Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

export interface RegionRecord {
  id: string;
  kind: 'state' | 'ems_region' | 'subregion';
  name: string;
  parentId: string | null;
}

export interface AgencyRecord {
  id: string;
  regionId: string;
  kind: string;
  name: string;
  countyFips: string | null;
  lat: number | null;
  lon: number | null;
}

/** The tenancy tree: state → EMS region → subregion → agency (DOMAIN.md §2). */
export class OrganisationRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async upsertRegion(r: RegionRecord): Promise<void> {
    await this.db
      .insertInto('regions')
      .values({ id: r.id, kind: r.kind, name: r.name, parent_id: r.parentId })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: r.name, kind: r.kind, parent_id: r.parentId }))
      .execute();
  }

  async upsertAgency(a: AgencyRecord): Promise<void> {
    const values = { region_id: a.regionId, kind: a.kind, name: a.name, county_fips: a.countyFips, lat: a.lat, lon: a.lon };
    await this.db
      .insertInto('agencies')
      .values({ id: a.id, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }

  async agency(id: string): Promise<AgencyRecord | null> {
    const r = await this.db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAgency(r) : null;
  }

  async agencies(regionId?: string): Promise<AgencyRecord[]> {
    let q = this.db.selectFrom('agencies').selectAll();
    if (regionId) q = q.where('region_id', '=', regionId);
    return (await q.orderBy('name').execute()).map(toAgency);
  }

  /** The demo seed's mark (ADR 0021): present only on a database the demo was seeded into. */
  async demoMarker(): Promise<{ regionId: string; markedAt: Date } | null> {
    const r = await this.db.selectFrom('demo_marker').select(['region_id', 'marked_at']).executeTakeFirst();
    return r ? { regionId: r.region_id, markedAt: r.marked_at } : null;
  }

  async markDemo(regionId: string, at: Date): Promise<void> {
    await this.db.insertInto('demo_marker').values({ region_id: regionId, marked_at: at }).onConflict((oc) => oc.column('only_row').doNothing()).execute();
  }

  async region(id: string): Promise<RegionRecord | null> {
    const r = await this.db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? { id: r.id, kind: r.kind as RegionRecord['kind'], name: r.name, parentId: r.parent_id } : null;
  }

  async regions(): Promise<RegionRecord[]> {
    const rows = await this.db.selectFrom('regions').selectAll().orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind as RegionRecord['kind'], name: r.name, parentId: r.parent_id }));
  }
}

function toAgency(r: {
  id: string;
  region_id: string;
  kind: string;
  name: string;
  county_fips: string | null;
  lat: number | null;
  lon: number | null;
}): AgencyRecord {
  return { id: r.id, regionId: r.region_id, kind: r.kind, name: r.name, countyFips: r.county_fips, lat: r.lat, lon: r.lon };
}
