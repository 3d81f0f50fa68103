import type { Kysely, Selectable } from 'kysely';
import type { AdmissionCriteria, ArrivalStatus, CapacityUnit, FacilityKind, FacilityService, OpeningHours } from '@continuum/domain';
import type { Tables } from '../schema.ts';

/** A facility's directory entry and its latest figure, as stored. */
export interface FacilityRecord {
  id: string;
  agencyId: string;
  /** The region of the owning agency: who hears of changes on the feed. */
  regionId: string;
  kind: FacilityKind;
  name: string;
  location: { lat: number; lon: number; address: string };
  phone: string | null;
  hours: OpeningHours;
  services: FacilityService[];
  criteria: AdmissionCriteria;
  capacityUnit: CapacityUnit;
  total: number | null;
  available: number;
  reportedAt: Date | null;
  reportedBy: string | null;
  version: number;
}

/** The directory facts of a facility, as an import or the demo writes them. */
export type FacilityEntry = Omit<FacilityRecord, 'regionId' | 'available' | 'reportedAt' | 'reportedBy' | 'version'>;

/** One figure in a facility's history. */
export interface CapacityReport {
  facilityId: string;
  available: number;
  total: number | null;
  reportedAt: Date;
  reportedBy: string;
  source: 'report' | 'arrival_confirmed' | 'import';
}

/** An arrival announced by a responding team. */
export interface ArrivalRecord {
  id: string;
  facilityId: string;
  incidentId: string | null;
  unitId: string | null;
  announcedAt: Date;
  announcedBy: string;
  expectedAt: Date | null;
  status: ArrivalStatus;
  /** When and by whom the facility confirmed or cancelled it. */
  settledAt: Date | null;
  settledBy: string | null;
}

type Row = Selectable<Tables['facilities']> & { region_id: string };

const toRecord = (r: Row): FacilityRecord => ({
  id: r.id,
  agencyId: r.agency_id,
  regionId: r.region_id,
  kind: r.kind as FacilityKind,
  name: r.name,
  location: { lat: r.lat, lon: r.lon, address: r.address },
  phone: r.phone,
  hours: r.hours as OpeningHours,
  services: r.services as FacilityService[],
  criteria: r.criteria as AdmissionCriteria,
  capacityUnit: r.capacity_unit as CapacityUnit,
  total: r.total,
  available: r.available,
  reportedAt: r.reported_at,
  reportedBy: r.reported_by,
  version: r.version,
});

const toArrival = (r: Selectable<Tables['facility_arrivals']>): ArrivalRecord => ({
  id: r.id,
  facilityId: r.facility_id,
  incidentId: r.incident_id,
  unitId: r.unit_id,
  announcedAt: r.announced_at,
  announcedBy: r.announced_by,
  expectedAt: r.expected_at,
  status: r.status as ArrivalStatus,
  settledAt: r.confirmed_at,
  settledBy: r.confirmed_by,
});

/** The facility directory, its figures' history and the arrivals announced to it. */
export class FacilityRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  #select() {
    return this.db.selectFrom('facilities as f').innerJoin('agencies as a', 'a.id', 'f.agency_id').selectAll('f').select('a.region_id');
  }

  /** The facilities of a region (all regions when null), optionally of some kinds, by name. */
  async list(filter: { regionId: string | null; kinds?: readonly FacilityKind[] }): Promise<FacilityRecord[]> {
    let q = this.#select();
    if (filter.regionId !== null) q = q.where('a.region_id', '=', filter.regionId);
    if (filter.kinds && filter.kinds.length > 0) q = q.where('f.kind', 'in', [...filter.kinds]);
    return (await q.orderBy('f.name').orderBy('f.id').execute()).map(toRecord);
  }

  /** One facility; `lock` holds its row until commit so two figures or two confirmations queue up. */
  async get(id: string, opts: { lock?: boolean } = {}): Promise<FacilityRecord | null> {
    let q = this.#select().where('f.id', '=', id);
    if (opts.lock) q = q.forUpdate('f');
    const r = await q.executeTakeFirst();
    return r ? toRecord(r) : null;
  }

  /** Creates or replaces a facility's directory facts; its live figure is left as it is. */
  async upsert(e: FacilityEntry): Promise<void> {
    const values = {
      agency_id: e.agencyId,
      kind: e.kind,
      name: e.name,
      lat: e.location.lat,
      lon: e.location.lon,
      address: e.location.address,
      phone: e.phone,
      hours: JSON.stringify(e.hours),
      services: JSON.stringify(e.services),
      criteria: JSON.stringify(e.criteria),
      capacity_unit: e.capacityUnit,
      total: e.total,
    };
    await this.db
      .insertInto('facilities')
      .values({ id: e.id, ...values, available: 0, version: 0 })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ ...values, version: eb('facilities.version', '+', 1) })))
      .execute();
  }

  /** Records a figure: appended to the history and copied onto the facility; the new version. */
  async report(r: CapacityReport): Promise<number> {
    const seq = await this.db
      .selectFrom('facility_capacity_reports')
      .select((eb) => eb.fn.coalesce(eb.fn.max('sequence'), eb.lit(0)).as('n'))
      .where('facility_id', '=', r.facilityId)
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('facility_capacity_reports')
      .values({ facility_id: r.facilityId, sequence: Number(seq.n) + 1, available: r.available, total: r.total, reported_at: r.reportedAt, reported_by: r.reportedBy, source: r.source })
      .execute();
    const row = await this.db
      .updateTable('facilities')
      // A confirmed arrival adjusts the figure staff gave; it does not make it any younger.
      .set((eb) => ({
        available: r.available,
        total: r.total,
        ...(r.source === 'arrival_confirmed' ? { reported_at: eb.fn.coalesce('reported_at', eb.val(r.reportedAt)) } : { reported_at: r.reportedAt, reported_by: r.reportedBy }),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', r.facilityId)
      .returning('version')
      .executeTakeFirstOrThrow();
    return row.version;
  }

  /** Bumps the version without a new figure (an arrival announced or cancelled changes availableNow). */
  async touch(id: string): Promise<number> {
    const row = await this.db.updateTable('facilities').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', id).returning('version').executeTakeFirstOrThrow();
    return row.version;
  }

  /** A facility's figures, newest first. */
  async history(facilityId: string, limit: number): Promise<CapacityReport[]> {
    const rows = await this.db.selectFrom('facility_capacity_reports').selectAll().where('facility_id', '=', facilityId).orderBy('sequence', 'desc').limit(limit).execute();
    return rows.map((r) => ({ facilityId: r.facility_id, available: r.available, total: r.total, reportedAt: r.reported_at, reportedBy: r.reported_by, source: r.source as CapacityReport['source'] }));
  }

  async announce(a: Omit<ArrivalRecord, 'status' | 'settledAt' | 'settledBy'>): Promise<void> {
    await this.db
      .insertInto('facility_arrivals')
      .values({ id: a.id, facility_id: a.facilityId, incident_id: a.incidentId, unit_id: a.unitId, announced_at: a.announcedAt, announced_by: a.announcedBy, expected_at: a.expectedAt, status: 'announced' })
      .execute();
  }

  async arrival(facilityId: string, arrivalId: string): Promise<ArrivalRecord | null> {
    const r = await this.db.selectFrom('facility_arrivals').selectAll().where('facility_id', '=', facilityId).where('id', '=', arrivalId).executeTakeFirst();
    return r ? toArrival(r) : null;
  }

  /** Confirms or cancels an announced arrival; false when it was no longer announced. */
  async settle(arrivalId: string, status: Exclude<ArrivalStatus, 'announced'>, by: string, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('facility_arrivals')
      .set({ status, confirmed_at: at, confirmed_by: by })
      .where('id', '=', arrivalId)
      .where('status', '=', 'announced')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The arrivals still announced at each of the given facilities, earliest first. */
  async pending(facilityIds: readonly string[]): Promise<Map<string, ArrivalRecord[]>> {
    const out = new Map<string, ArrivalRecord[]>(facilityIds.map((id) => [id, []]));
    if (facilityIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('facility_arrivals')
      .selectAll()
      .where('facility_id', 'in', [...facilityIds])
      .where('status', '=', 'announced')
      .orderBy('announced_at')
      .orderBy('id')
      .execute();
    for (const r of rows) out.get(r.facility_id)!.push(toArrival(r));
    return out;
  }
}
