import { DomainError, notFound } from '@continuum/domain';
import type { CreateUnitRequest, RetireUnitRequest, ServiceAreaGeometry, ServiceAreaImportRequest, UnitAdminList, UnitAdminView, UpdateUnitRequest } from '@continuum/contracts';
import type { CatalogueEntry, Repositories, UnitRecord } from '@continuum/storage';
import type { Services } from '../context.ts';
import { capabilitiesOf, checkServiceArea } from '../dispatch/unit-catalogue-writes.ts';
import { adminWrite, changeableAgency, existingAgency, readableRegionIds, type AdminActor } from './admin-scope.ts';

/**
 * Units as administrators create and change them (issue 16 §1). The catalogue's own routes keep
 * crew, shifts, capabilities and the bare service area (services/dispatch/unit-catalogue-writes.ts);
 * these reuse its checks for what they set besides.
 */
type AdminUnit = UnitRecord & { retiredAt: Date | null };

export function presentAdminUnit(u: AdminUnit, entry: CatalogueEntry | undefined): UnitAdminView {
  return {
    id: u.id, agencyId: u.agencyId, name: u.name, model: u.model, composition: [...u.composition], partnerAgencyIds: [...u.partnerAgencyIds],
    home: { ...u.home },
    capabilities: entry ? { ...entry.capabilities, languages: [...entry.capabilities.languages] } : { youth: false, languages: [], naloxone: false, canTransport: false },
    serviceArea: entry?.serviceArea ? { source: 'custom', geometry: entry.serviceArea as ServiceAreaGeometry } : { source: 'county', geometry: null },
    retiredAt: u.retiredAt?.toISOString() ?? null,
  };
}

async function viewOf(tx: Repositories, id: string): Promise<UnitAdminView> {
  const unit = await tx.units.get(id);
  if (!unit) throw notFound('Unit', id);
  return presentAdminUnit(unit, (await tx.unitCatalogue.entries([id])).get(id));
}

/** The unit's live row, for its feed entry (boards refetch it). */
async function feedOf(tx: Repositories, id: string) {
  const u = (await tx.unitStatus.get(id))!;
  return [{ entityType: 'unit', entityId: u.id, version: u.version, regionId: u.regionId, agencyId: u.agencyId }];
}

/** The units of one agency, or of every agency in the regions the actor may read; retired ones when asked. */
export async function listAdminUnits(services: Services, actor: AdminActor, query: { agencyId?: string | undefined; retired: 'true' | 'false' }): Promise<UnitAdminList> {
  const repos = services.store.read;
  let agencyIds: string[];
  if (query.agencyId) {
    const agency = await repos.organisations.agency(query.agencyId);
    if (!agency || !(await readableRegionIds(repos, actor)).includes(agency.regionId)) throw notFound('Agency', query.agencyId);
    agencyIds = [agency.id];
  } else {
    agencyIds = (await repos.organisations.agencyDetails(await readableRegionIds(repos, actor))).map((a) => a.id);
  }
  const units = await repos.units.ofAgencies(agencyIds, { retired: query.retired === 'true' });
  const entries = await repos.unitCatalogue.entries(units.map((u) => u.id));
  return { items: units.map((u) => presentAdminUnit(u, entries.get(u.id))) };
}

/** Partners must exist and differ from the owner. */
async function checkPartners(tx: Repositories, owner: string, partners: readonly string[]): Promise<void> {
  for (const [i, id] of partners.entries()) {
    if (id === owner) throw new DomainError('validation_failed', 'partnerAgencyIds: the owner is not its own partner', {}, [{ field: `partnerAgencyIds.${i}`, rule: 'not_owner', message: 'the owning agency is not a partner' }]);
    await existingAgency(tx, id, `partnerAgencyIds.${i}`);
  }
}

/** A new unit of an agency within reach, off duty; its capabilities and service area may come with it. */
export function createUnit(services: Services, actor: AdminActor, input: CreateUnitRequest) {
  return adminWrite<UnitAdminView>(services, actor, 'unit.create', async (tx) => {
    await changeableAgency(tx, actor, input.agencyId);
    const partners = [...new Set(input.partnerAgencyIds)];
    await checkPartners(tx, input.agencyId, partners);
    if (input.serviceArea) checkServiceArea(input.serviceArea);
    const record: UnitRecord = { id: input.id, agencyId: input.agencyId, name: input.name, model: input.model, composition: [...input.composition], partnerAgencyIds: partners, home: input.home };
    if (!(await tx.units.create(record))) {
      throw new DomainError('conflict', `A unit with the id ${input.id} exists already`, { id: input.id }, [{ field: 'id', rule: 'unique', message: `"${input.id}" is taken` }]);
    }
    if (input.capabilities) await tx.unitCatalogue.setCapabilities(input.id, capabilitiesOf(input.capabilities));
    if (input.serviceArea) await tx.unitCatalogue.setServiceArea(input.id, input.serviceArea);
    return {
      status: 201,
      body: await viewOf(tx, input.id),
      audit: { action: 'unit.create', resourceType: 'unit', resourceId: input.id, detail: { agencyId: input.agencyId, model: input.model, composition: input.composition } },
      feed: await feedOf(tx, input.id),
    };
  });
}

/** The unit, locked, when the actor may change its owning agency; absent or out of reach: 404 / 403. */
async function changeableUnit(tx: Repositories, actor: AdminActor, id: string) {
  const live = await tx.unitStatus.get(id, { lock: true });
  if (!live || !(await readableRegionIds(tx, actor)).includes(live.regionId)) throw notFound('Unit', id);
  await changeableAgency(tx, actor, live.agencyId);
  const unit = (await tx.units.get(id))!;
  if (unit.retiredAt) throw new DomainError('conflict', `${id} was retired on ${unit.retiredAt.toISOString()}; a retired unit is not changed`, { retiredAt: unit.retiredAt.toISOString() });
  return { live, unit };
}

/**
 * Changes a unit's name, model, owner, composition, partners, base or capabilities. Moving it to
 * another agency needs that agency within reach too; a unit on a call keeps its owner until cleared.
 */
export function updateUnit(services: Services, actor: AdminActor, id: string, input: UpdateUnitRequest) {
  return adminWrite<UnitAdminView>(services, actor, 'unit.update', async (tx) => {
    const { live, unit } = await changeableUnit(tx, actor, id);
    const owner = input.agencyId ?? unit.agencyId;
    if (owner !== unit.agencyId) {
      await changeableAgency(tx, actor, owner);
      if (live.currentIncidentId) {
        throw new DomainError('conflict', `${id} is on a call; it changes agency once cleared`, { incidentId: live.currentIncidentId }, [{ field: 'agencyId', rule: 'not_on_a_call', message: 'clear the unit from its call first' }]);
      }
    }
    const partners = [...new Set(input.partnerAgencyIds ?? unit.partnerAgencyIds)].filter((p) => input.partnerAgencyIds !== undefined || p !== owner);
    await checkPartners(tx, owner, partners);
    await tx.units.update({
      id, agencyId: owner, name: input.name ?? unit.name, model: input.model ?? unit.model,
      composition: input.composition ? [...input.composition] : unit.composition, partnerAgencyIds: partners, home: input.home ?? unit.home,
    });
    if (input.capabilities) await tx.unitCatalogue.setCapabilities(id, capabilitiesOf(input.capabilities));
    const feed = await feedOf(tx, id);
    return {
      status: 200,
      body: await viewOf(tx, id),
      audit: { action: 'unit.update', resourceType: 'unit', resourceId: id, detail: { changed: Object.keys(input), ...(owner !== unit.agencyId ? { fromAgencyId: unit.agencyId } : {}) } },
      // A move: the former agency's boards drop it.
      feed: owner === unit.agencyId ? feed : [...feed, { ...feed[0]!, agencyId: unit.agencyId }],
    };
  });
}

/** Takes a unit's service area from a GeoJSON file: a geometry, a Feature, or a FeatureCollection of one. */
export function importServiceArea(services: Services, actor: AdminActor, id: string, input: ServiceAreaImportRequest) {
  return adminWrite<UnitAdminView>(services, actor, 'unit.service_area_import', async (tx) => {
    await changeableUnit(tx, actor, id);
    const g = input.geojson;
    const [area, field] =
      g.type === 'FeatureCollection' ? [g.features[0]!.geometry, 'geojson.features.0.geometry'] : g.type === 'Feature' ? [g.geometry, 'geojson.geometry'] : [g, 'geojson'];
    checkServiceArea(area, field);
    await tx.unitCatalogue.setServiceArea(id, area);
    await tx.units.update((await tx.units.get(id))!); // moves the version on: boards refetch
    return {
      status: 200,
      body: await viewOf(tx, id),
      audit: { action: 'unit.service_area_import', resourceType: 'unit', resourceId: id, detail: { source: 'custom', type: area.type } },
      feed: await feedOf(tx, id),
    };
  });
}

/**
 * Retires a unit for good: it leaves the board, the recommendation and the lists; its history
 * stays. Refused while it is on a call (409). Destructive: the command line asks first.
 */
export function retireUnit(services: Services, actor: AdminActor, id: string, input: RetireUnitRequest) {
  return adminWrite<UnitAdminView>(services, actor, 'unit.retire', async (tx, now) => {
    const { live } = await changeableUnit(tx, actor, id);
    if (live.currentIncidentId) {
      throw new DomainError('conflict', `${id} is on a call; retire it once cleared`, { incidentId: live.currentIncidentId }, [{ field: 'params.id', rule: 'not_on_a_call', message: 'clear the unit from its call first' }]);
    }
    await tx.units.retire(id, now);
    return {
      status: 200,
      body: await viewOf(tx, id),
      audit: { action: 'unit.retire', resourceType: 'unit', resourceId: id, detail: { reason: input.reason } },
      feed: await feedOf(tx, id),
    };
  });
}
