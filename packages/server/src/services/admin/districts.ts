import { boundingBoxOf, DomainError, districtImportIssues, invalid, notFound, type BoundingBox, type DistrictKind, type FieldIssue } from '@continuum/domain';
import { DISTRICT_LIMITS, type DistrictImportRequest, type DistrictImportResult, type DistrictList, type DistrictRemoved, type DistrictView } from '@continuum/contracts';
import type { DistrictRecord } from '@continuum/storage';
import type { Services } from '../context.ts';
import { adminWrite, readableRegion, readableRegionIds, requireRegionChange, type AdminActor } from './admin-scope.ts';

/**
 * Police districts, municipalities and beats (issue 14 §1). They belong to a region: importing or
 * removing them needs a regional administration grant (or the command line). Every change places
 * again the incidents whose location it may concern, in the same transaction.
 */
export function presentDistrict(d: DistrictRecord): DistrictView {
  return { id: d.id, regionId: d.regionId, agencyId: d.agencyId, kind: d.kind, name: d.name, setting: d.setting, geometry: d.geometry, updatedAt: d.updatedAt.toISOString() };
}

/** The districts of one region, or of every region the actor may read. */
export async function listDistricts(services: Services, actor: AdminActor, query: { regionId?: string | undefined }): Promise<DistrictList> {
  const repos = services.store.read;
  const regionIds = query.regionId ? [(await readableRegion(repos, actor, query.regionId, 'query.regionId')).id] : await readableRegionIds(repos, actor);
  return { items: (await repos.districts.list(regionIds)).map(presentDistrict) };
}

const union = (boxes: BoundingBox[]): BoundingBox | null =>
  boxes.length === 0
    ? null
    : boxes.reduce((a, b) => ({ minLon: Math.min(a.minLon, b.minLon), minLat: Math.min(a.minLat, b.minLat), maxLon: Math.max(a.maxLon, b.maxLon), maxLat: Math.max(a.maxLat, b.maxLat) }));

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Imports a FeatureCollection of districts into a region: each feature's `properties.id` creates
 * the district or replaces it whole; districts not in the file are left alone. Every problem is
 * named `collection.features.<index>.…` with its rule, and nothing is written unless the whole file
 * passes. A dry run checks and says what would be created, changed or left alone.
 */
export function importDistricts(services: Services, actor: AdminActor, input: DistrictImportRequest) {
  return adminWrite<DistrictImportResult>(services, actor, input.dryRun ? 'district.import_check' : 'district.import', async (tx, now) => {
    await readableRegion(tx, actor, input.regionId);
    await requireRegionChange(tx, actor, input.regionId);
    const features = input.collection.features.map((f) => ({ id: f.properties.id, kind: f.properties.kind, name: f.properties.name, agencyId: f.properties.agencyId, setting: f.properties.setting ?? null, geometry: f.geometry }));
    const issues: FieldIssue[] = districtImportIssues(features, DISTRICT_LIMITS.positions).map((i) => ({ ...i, field: `collection.${i.field}` }));
    const existing = new Map<string, DistrictRecord>();
    for (const [i, f] of features.entries()) {
      if (f.agencyId !== null) {
        const agency = await tx.organisations.agency(f.agencyId);
        if (!agency) issues.push({ field: `collection.features.${i}.properties.agencyId`, rule: 'exists', message: `no agency "${f.agencyId}"` });
        else if (agency.regionId !== input.regionId) issues.push({ field: `collection.features.${i}.properties.agencyId`, rule: 'same_region', message: `${f.agencyId} is in ${agency.regionId}, not ${input.regionId}` });
      }
      const held = await tx.districts.get(f.id);
      if (held && held.regionId !== input.regionId) issues.push({ field: `collection.features.${i}.properties.id`, rule: 'unique', message: `"${f.id}" is a district of ${held.regionId}` });
      else if (held) existing.set(f.id, held);
    }
    if (issues.length) throw invalid(issues.slice(0, 50));
    const result: DistrictImportResult = { dryRun: input.dryRun, regionId: input.regionId, created: [], updated: [], unchanged: [], incidentsPlaced: 0 };
    const touched: BoundingBox[] = [];
    for (const f of features) {
      const held = existing.get(f.id);
      if (held && held.kind === f.kind && held.name === f.name && held.agencyId === f.agencyId && held.setting === f.setting && sameJson(held.geometry, f.geometry)) {
        result.unchanged.push(f.id);
        continue;
      }
      (held ? result.updated : result.created).push(f.id);
      touched.push(boundingBoxOf(f.geometry), ...(held ? [boundingBoxOf(held.geometry)] : []));
      if (!input.dryRun) await tx.districts.upsert({ id: f.id, regionId: input.regionId, agencyId: f.agencyId, kind: f.kind as DistrictKind, name: f.name, setting: f.setting, geometry: f.geometry }, now);
    }
    const box = union(touched);
    if (!input.dryRun && box) result.incidentsPlaced = await tx.districts.replaceIncidents(input.regionId, box, [...result.updated]);
    const agencyId = actor === 'system' ? input.regionId : actor.principal.agencyId;
    return {
      status: 200,
      body: result,
      audit: {
        action: input.dryRun ? 'district.import_check' : 'district.import', resourceType: 'region', resourceId: input.regionId,
        detail: { created: result.created, updated: result.updated, unchanged: result.unchanged.length, incidentsPlaced: result.incidentsPlaced },
      },
      feed: input.dryRun ? [] : [...result.created, ...result.updated].map((id) => ({ entityType: 'district', entityId: id, version: 1, regionId: input.regionId, agencyId })),
    };
  });
}

/**
 * Removes a district; the incidents placed in it are placed again (in another district or none).
 * Destructive: the command line asks first.
 */
export function removeDistrict(services: Services, actor: AdminActor, districtId: string) {
  return adminWrite<DistrictRemoved>(services, actor, 'district.remove', async (tx) => {
    const district = await tx.districts.get(districtId);
    if (!district || !(await readableRegionIds(tx, actor)).includes(district.regionId)) throw notFound('District', districtId);
    await requireRegionChange(tx, actor, district.regionId);
    if (!(await tx.districts.remove(districtId))) throw new DomainError('conflict', `District ${districtId} was removed meanwhile`);
    const incidentsPlaced = await tx.districts.replaceIncidents(district.regionId, boundingBoxOf(district.geometry), [districtId]);
    return {
      status: 200,
      body: { id: districtId, incidentsPlaced },
      audit: { action: 'district.remove', resourceType: 'district', resourceId: districtId, detail: { regionId: district.regionId, kind: district.kind, name: district.name, incidentsPlaced } },
      feed: [{ entityType: 'district', entityId: districtId, version: 1, regionId: district.regionId, agencyId: actor === 'system' ? district.regionId : actor.principal.agencyId }],
    };
  });
}
