import { DomainError, type AgencyKind } from '@continuum/domain';
import type { AgencyAdminList, AgencyAdminView, CreateAgencyRequest, UpdateAgencyRequest } from '@continuum/contracts';
import type { AgencyDetail } from '@continuum/storage';
import type { Services } from '../context.ts';
import { adminWrite, changeableAgency, changeableRegionIds, mayChangeAgency, readableRegion, readableRegionIds, requireRegionChange, requireVersionOf, type AdminActor } from './admin-scope.ts';

export function presentAgency(a: AgencyDetail, mayChange: boolean): AgencyAdminView {
  return {
    id: a.id, regionId: a.regionId, kind: a.kind as AgencyKind, name: a.name, countyFips: a.countyFips,
    location: a.lat !== null && a.lon !== null ? { lat: a.lat, lon: a.lon } : null,
    contact: { ...a.contact }, version: a.version, updatedAt: a.updatedAt?.toISOString() ?? null, mayChange,
  };
}

const feedOf = (a: Pick<AgencyDetail, 'id' | 'regionId' | 'version'>) => [{ entityType: 'agency', entityId: a.id, version: a.version, regionId: a.regionId, agencyId: a.id }];

/** The agencies of one region, or of every region the actor may read, each saying whether they may change it. */
export async function listAgencies(services: Services, actor: AdminActor, query: { regionId?: string | undefined }): Promise<AgencyAdminList> {
  const repos = services.store.read;
  const regionIds = query.regionId ? [(await readableRegion(repos, actor, query.regionId, 'query.regionId')).id] : await readableRegionIds(repos, actor);
  const changeable = await changeableRegionIds(repos, actor);
  const rows = await repos.organisations.agencyDetails(regionIds);
  return { items: rows.map((a) => presentAgency(a, mayChangeAgency(actor, a, changeable))) };
}

/** A new agency in a region: needs a regional administration grant for it (or the command line). */
export function createAgency(services: Services, actor: AdminActor, input: CreateAgencyRequest) {
  return adminWrite<AgencyAdminView>(services, actor, 'agency.create', async (tx, now) => {
    await readableRegion(tx, actor, input.regionId);
    await requireRegionChange(tx, actor, input.regionId);
    const record = {
      id: input.id, regionId: input.regionId, kind: input.kind, name: input.name, countyFips: input.countyFips,
      lat: input.location?.lat ?? null, lon: input.location?.lon ?? null, contact: input.contact,
    };
    if (!(await tx.organisations.createAgency(record, now))) {
      throw new DomainError('conflict', `An agency with the id ${input.id} exists already`, { id: input.id }, [{ field: 'id', rule: 'unique', message: `"${input.id}" is taken` }]);
    }
    const created = (await tx.organisations.agencyDetail(input.id))!;
    return {
      status: 201,
      body: presentAgency(created, true),
      audit: { action: 'agency.create', resourceType: 'agency', resourceId: input.id, detail: { regionId: input.regionId, kind: input.kind, name: input.name } },
      feed: feedOf(created),
    };
  });
}

/**
 * Changes an agency's kind, name, region, county, location or contact. An administrator changes
 * their own agency; another, or moving one between regions, needs a grant for each region involved.
 */
export function updateAgency(services: Services, actor: AdminActor, agencyId: string, input: UpdateAgencyRequest) {
  return adminWrite<AgencyAdminView>(services, actor, 'agency.update', async (tx, now) => {
    await changeableAgency(tx, actor, agencyId, 'params.agencyId');
    const current = (await tx.organisations.agencyDetail(agencyId, { lock: true }))!;
    requireVersionOf('agency', input.expectedVersion, current.version);
    if (input.regionId !== undefined && input.regionId !== current.regionId) {
      await readableRegion(tx, actor, input.regionId);
      await requireRegionChange(tx, actor, current.regionId);
      await requireRegionChange(tx, actor, input.regionId);
    }
    const location = input.location === undefined ? (current.lat !== null && current.lon !== null ? { lat: current.lat, lon: current.lon } : null) : input.location;
    await tx.organisations.updateAgency(
      {
        id: agencyId, regionId: input.regionId ?? current.regionId, kind: input.kind ?? current.kind, name: input.name ?? current.name,
        countyFips: input.countyFips !== undefined ? input.countyFips : current.countyFips,
        lat: location?.lat ?? null, lon: location?.lon ?? null, contact: input.contact ?? current.contact,
      },
      now,
    );
    const after = (await tx.organisations.agencyDetail(agencyId))!;
    const { expectedVersion: _v, ...changed } = input;
    return {
      status: 200,
      body: presentAgency(after, true),
      audit: { action: 'agency.update', resourceType: 'agency', resourceId: agencyId, detail: { changed: Object.keys(changed), ...(input.regionId && input.regionId !== current.regionId ? { fromRegionId: current.regionId } : {}) } },
      // Both regions' administrators hear of a move.
      feed: current.regionId === after.regionId ? feedOf(after) : [...feedOf(after), { ...feedOf(after)[0]!, regionId: current.regionId }],
    };
  });
}
