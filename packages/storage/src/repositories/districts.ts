import { sql, type Kysely, type Selectable } from 'kysely';
import { boundingBoxOf, districtOf, type BoundingBox, type DistrictArea, type DistrictKind, type DistrictSetting } from '@continuum/domain';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Tables } from '../schema.ts';

export interface DistrictRecord {
  id: string;
  regionId: string;
  agencyId: string | null;
  kind: DistrictKind;
  name: string;
  /** Urban or rural (migration 0046, ADR 0045); null: not said. */
  setting: DistrictSetting | null;
  geometry: Polygon | MultiPolygon;
  createdAt: Date;
  updatedAt: Date;
}

/** Police districts, municipalities and beats (migration 0020), and placing a point in one. */
export class DistrictRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async list(regionIds: readonly string[]): Promise<DistrictRecord[]> {
    if (regionIds.length === 0) return [];
    const rows = await this.db.selectFrom('districts').selectAll().where('region_id', 'in', [...regionIds]).orderBy('kind').orderBy('name').orderBy('id').execute();
    return rows.map(toRecord);
  }

  async get(id: string): Promise<DistrictRecord | null> {
    const r = await this.db.selectFrom('districts').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRecord(r) : null;
  }

  /** Creates the district or replaces it whole; answers whether it was new. */
  async upsert(d: Omit<DistrictRecord, 'createdAt' | 'updatedAt'>, at: Date): Promise<'created' | 'updated'> {
    const box = boundingBoxOf(d.geometry);
    const values = {
      region_id: d.regionId, agency_id: d.agencyId, kind: d.kind, name: d.name, setting: d.setting, geometry: JSON.stringify(d.geometry),
      min_lon: box.minLon, min_lat: box.minLat, max_lon: box.maxLon, max_lat: box.maxLat, updated_at: at,
    };
    const existed = await this.db.selectFrom('districts').select('id').where('id', '=', d.id).forUpdate().executeTakeFirst();
    if (existed) await this.db.updateTable('districts').set(values).where('id', '=', d.id).execute();
    else await this.db.insertInto('districts').values({ id: d.id, ...values, created_at: at }).execute();
    return existed ? 'updated' : 'created';
  }

  async remove(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('districts').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** How many incidents are placed in a district now. */
  async incidentCount(id: string): Promise<number> {
    const r = await this.db.selectFrom('incidents').select((eb) => eb.fn.countAll<string>().as('n')).where('district_id', '=', id).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * The district of a region a point lies in: only the rows whose box holds the point are read
   * (the index on region and box), then the domain's rule picks one.
   */
  async placeOf(regionId: string, point: { lat: number; lon: number }): Promise<string | null> {
    const rows = await this.db
      .selectFrom('districts')
      .select(['id', 'kind', 'geometry'])
      .where('region_id', '=', regionId)
      .where('min_lon', '<=', point.lon)
      .where('max_lon', '>=', point.lon)
      .where('min_lat', '<=', point.lat)
      .where('max_lat', '>=', point.lat)
      .execute();
    const areas: DistrictArea[] = rows.map((r) => ({ id: r.id, kind: r.kind as DistrictKind, geometry: r.geometry as unknown as Polygon | MultiPolygon }));
    return districtOf(point, areas);
  }

  /**
   * Places again every incident of a region whose location lies in a box, or that was placed in
   * one of `formerIds` (after an import or a removal changed the districts there), so reports
   * count them where they now lie. The region's districts are read once. Returns how many moved.
   */
  async replaceIncidents(regionId: string, box: BoundingBox, formerIds: readonly string[]): Promise<number> {
    const areas: DistrictArea[] = (await this.list([regionId])).map((d) => ({ id: d.id, kind: d.kind, geometry: d.geometry }));
    const rows = await this.db
      .selectFrom('incidents')
      .select(['id', 'location_lat', 'location_lon', 'district_id'])
      .where('region_id', '=', regionId)
      .where((eb) =>
        eb.or([
          eb.and([eb('location_lon', '>=', box.minLon), eb('location_lon', '<=', box.maxLon), eb('location_lat', '>=', box.minLat), eb('location_lat', '<=', box.maxLat)]),
          ...(formerIds.length ? [eb('district_id', 'in', [...formerIds])] : []),
        ]),
      )
      .execute();
    const moves = new Map<string | null, string[]>();
    for (const r of rows) {
      const place = r.location_lat !== null && r.location_lon !== null ? districtOf({ lat: r.location_lat, lon: r.location_lon }, areas) : null;
      if (place !== r.district_id) moves.set(place, [...(moves.get(place) ?? []), r.id]);
    }
    for (const [place, ids] of moves) await this.db.updateTable('incidents').set({ district_id: place }).where('id', 'in', ids).execute();
    await this.refreshFacts(regionId);
    return [...moves.values()].reduce((n, ids) => n + ids.length, 0);
  }

  /**
   * The report facts of a region's calls follow their incidents' districts and those districts'
   * settings (report_facts copies both at write; ADR 0040, 0045): after an import or a removal, the
   * rows that differ are brought in line, in the same transaction.
   */
  private async refreshFacts(regionId: string): Promise<void> {
    await sql`
      UPDATE report_facts f SET district_id = i.district_id, rural_urban = coalesce(d.setting, 'unknown')
      FROM incidents i LEFT JOIN districts d ON d.id = i.district_id
      WHERE f.incident_id = i.id AND i.region_id = ${regionId}
        AND (f.district_id IS DISTINCT FROM i.district_id OR f.rural_urban IS DISTINCT FROM coalesce(d.setting, 'unknown'))`.execute(this.db);
  }
}

function toRecord(r: Selectable<Tables['districts']>): DistrictRecord {
  return {
    id: r.id, regionId: r.region_id, agencyId: r.agency_id, kind: r.kind as DistrictKind, name: r.name, setting: (r.setting as DistrictSetting | null) ?? null,
    geometry: r.geometry as unknown as Polygon | MultiPolygon, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
