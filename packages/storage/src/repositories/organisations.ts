import type { Kysely, Selectable } from 'kysely';
import { emptyMaxima, type RegionMaxima } from '@continuum/domain';
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

/** How to reach an agency; each part optional (migration 0020). */
export interface AgencyContact {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** An agency as its administrators see it: the record, its contact and its version. */
export interface AgencyDetail extends AgencyRecord {
  contact: AgencyContact;
  version: number;
  updatedAt: Date | null;
}

/** What a region's administrators set for it (migration 0020). */
export interface RegionSettings {
  timeZone: string;
  maxResponseMinutes: RegionMaxima;
  followupProviderId: string | null;
  backup988CentreId: string | null;
}

export interface RegionDetail extends RegionRecord, RegionSettings {
  version: number;
  updatedAt: Date | null;
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

  /** A new agency; false when the id is taken (the caller answers 409). */
  async createAgency(a: AgencyRecord & { contact: AgencyContact }, at: Date): Promise<boolean> {
    const r = await this.db
      .insertInto('agencies')
      .values({ id: a.id, region_id: a.regionId, kind: a.kind, name: a.name, county_fips: a.countyFips, lat: a.lat, lon: a.lon, contact: JSON.stringify(a.contact), updated_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Replaces an agency's record and contact, one version on. */
  async updateAgency(a: AgencyRecord & { contact: AgencyContact }, at: Date): Promise<void> {
    await this.db
      .updateTable('agencies')
      .set((eb) => ({ region_id: a.regionId, kind: a.kind, name: a.name, county_fips: a.countyFips, lat: a.lat, lon: a.lon, contact: JSON.stringify(a.contact), updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', a.id)
      .execute();
  }

  /** An agency with its contact and version; `lock` holds the row until commit. */
  async agencyDetail(id: string, opts: { lock?: boolean } = {}): Promise<AgencyDetail | null> {
    let q = this.db.selectFrom('agencies').selectAll().where('id', '=', id);
    if (opts.lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r ? toAgencyDetail(r) : null;
  }

  /** The agencies of some regions with their contacts, by name. */
  async agencyDetails(regionIds: readonly string[]): Promise<AgencyDetail[]> {
    if (regionIds.length === 0) return [];
    const rows = await this.db.selectFrom('agencies').selectAll().where('region_id', 'in', [...regionIds]).orderBy('name').orderBy('id').execute();
    return rows.map(toAgencyDetail);
  }

  /** A region with its settings; `lock` holds the row until commit. */
  async regionDetail(id: string, opts: { lock?: boolean } = {}): Promise<RegionDetail | null> {
    let q = this.db.selectFrom('regions').selectAll().where('id', '=', id);
    if (opts.lock) q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r ? toRegionDetail(r) : null;
  }

  /** Replaces a region's name and settings, one version on. */
  async updateRegion(id: string, r: { name: string } & RegionSettings, at: Date): Promise<void> {
    await this.db
      .updateTable('regions')
      .set((eb) => ({
        name: r.name,
        time_zone: r.timeZone,
        max_response_minutes: JSON.stringify(r.maxResponseMinutes),
        followup_provider_id: r.followupProviderId,
        backup_988_centre_id: r.backup988CentreId,
        updated_at: at,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
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

function toRegionDetail(r: Selectable<Tables['regions']>): RegionDetail {
  const m = { ...emptyMaxima(), ...(r.max_response_minutes as Partial<RegionMaxima>) };
  return {
    id: r.id, kind: r.kind as RegionRecord['kind'], name: r.name, parentId: r.parent_id,
    timeZone: r.time_zone, maxResponseMinutes: m, followupProviderId: r.followup_provider_id, backup988CentreId: r.backup_988_centre_id,
    version: r.version, updatedAt: r.updated_at,
  };
}

function toAgencyDetail(r: Selectable<Tables['agencies']>): AgencyDetail {
  return { ...toAgency(r), contact: r.contact as AgencyContact, version: r.version, updatedAt: r.updated_at };
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
