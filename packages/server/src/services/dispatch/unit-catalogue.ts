import { calendarDateIn, isOnDuty, membersOnShift, notFound, shiftAt, compositionNow, type CrewRole, type DispatchUnit } from '@continuum/domain';
import type { ServiceAreaGeometry, UnitDetail } from '@continuum/contracts';
import type { CatalogueEntry, LiveUnit, Repositories } from '@continuum/storage';
import type { MultiPolygon, Polygon } from 'geojson';
import { countyOutline } from '../../geo/county.ts';
import { simplifiedCounty } from '../../geo/region-geography.ts';
import { presentUnitDetail, type UnitDetailParts } from '../../presenters/unit-detail.ts';
import type { RequestContext, Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { catalogueRights, requireRight } from './unit-catalogue-access.ts';
import { byPerson, officerCitCurrent } from '../training/training.ts';

/** How many running and upcoming shifts a unit's page lists. */
const UPCOMING_SHIFTS = 50;

// An area that covers nothing: a unit whose agency has no county on record is never "in area"
// by accident; the recommendation reports it as outside its service area instead.
const NOWHERE: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };

/** The shifts running at `now` for each of the given units (at most one each, by the no-overlap rule). */
async function runningShifts(repos: Repositories, unitIds: readonly string[], now: Date) {
  const rows = await repos.unitCatalogue.shifts(unitIds, { after: now, before: new Date(now.getTime() + 1) });
  return new Map(rows.map((s) => [s.unitId, s]));
}

/** The area a unit may be sent to, at full precision: its own, or its agency's county. */
function dispatchAreaOf(entry: CatalogueEntry): Polygon | MultiPolygon {
  if (entry.serviceArea) return entry.serviceArea;
  if (!entry.countyFips) return NOWHERE;
  try {
    return countyOutline(entry.countyFips).geometry;
  } catch {
    return NOWHERE;
  }
}

/** The area as a unit's page shows it: the county rounded to about a metre, said to be the default. */
function shownAreaOf(entry: CatalogueEntry): UnitDetailParts['serviceArea'] {
  if (entry.serviceArea) return { source: 'custom', geometry: entry.serviceArea as ServiceAreaGeometry };
  if (!entry.countyFips) return { source: 'none', geometry: null };
  try {
    return { source: 'county', geometry: simplifiedCounty(entry.countyFips).geometry };
  } catch {
    return { source: 'none', geometry: null };
  }
}

/** Loads what a unit's page shows, from any executor (the write services use their transaction). */
export async function loadDetailParts(repos: Repositories, unit: LiveUnit, now: Date): Promise<UnitDetailParts> {
  const [entries, crews, shifts, training] = await Promise.all([
    repos.unitCatalogue.entries([unit.id]),
    repos.unitCatalogue.crews([unit.id]),
    repos.unitCatalogue.shifts([unit.id], { after: now, limit: UPCOMING_SHIFTS }),
    repos.training.ofAgencies([unit.agencyId, ...unit.partnerAgencyIds]),
  ]);
  const entry = entries.get(unit.id)!;
  const crew = crews.get(unit.id) ?? [];
  const people = byPerson(training);
  const today = calendarDateIn(now);
  const cit = crew.map((m) => m.role === 'police_officer' && officerCitCurrent(people, m, [unit.agencyId, ...unit.partnerAgencyIds], today));
  return { unit, entry, crew, cit, shifts, serviceArea: shownAreaOf(entry) };
}

/**
 * One unit's catalogue entry: crew with credential statuses, capabilities, service area and
 * shifts, for every reader in reach. Not audited per read: staff data, no caller's (ADR 0010).
 */
export async function getUnitDetail(services: Services, ctx: Pick<RequestContext, 'principal'>, id: string): Promise<UnitDetail> {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const unit = await repos.unitStatus.get(id);
  if (!unit) throw notFound('Unit', id);
  const rights = await catalogueRights(repos, ctx.principal, unit, now);
  requireRight(rights, 'read', unit);
  return presentUnitDetail(await loadDetailParts(repos, unit, now), now, calendarDateIn(now), rights);
}

/**
 * The units of the given agencies as the dispatch recommendation sees them at `now`: the
 * composition is the roles of the crew on shift (the designed one when nobody is), the service
 * area defaults to the county, and the position is left out off duty as on the board.
 */
export async function dispatchUnitsFor(repos: Repositories, agencyIds: readonly string[], now: Date, only?: readonly string[]): Promise<DispatchUnit[]> {
  // A few named units (an assignment's) are read by id, not the whole reach (a recommendation's).
  const live = only ? (await repos.unitStatus.getMany([...only])).filter((u) => agencyIds.includes(u.agencyId)) : await repos.unitStatus.list([...agencyIds]);
  const ids = live.map((u) => u.id);
  const [entries, crews, running, training] = await Promise.all([
    repos.unitCatalogue.entries(ids),
    repos.unitCatalogue.crews(ids),
    runningShifts(repos, ids, now),
    repos.training.ofAgencies([...new Set(live.flatMap((u) => [u.agencyId, ...u.partnerAgencyIds]))]),
  ]);
  const people = byPerson(training);
  const today = calendarDateIn(now);
  return live.map((u) => {
    const entry = entries.get(u.id)!;
    const shift = running.get(u.id);
    const fix = isOnDuty(u.status) ? u.lastPosition : null;
    // An officer on shift now with a current CIT course (issue 12 §6): the recommender prefers the unit.
    const onShift = membersOnShift(crews.get(u.id) ?? [], shift ? [shift] : [], now);
    const citTrainedOfficer = onShift.some((m) => m.role === 'police_officer' && officerCitCurrent(people, m, [u.agencyId, ...u.partnerAgencyIds], today));
    return {
      citTrainedOfficer,
      id: u.id,
      name: u.name,
      agencyId: u.agencyId,
      model: u.model,
      composition: compositionNow(crews.get(u.id) ?? [], shift ? [shift] : [], entry.composition, now),
      capabilities: entry.capabilities,
      serviceArea: dispatchAreaOf(entry),
      status: u.status,
      position: fix ? { lat: fix.lat, lon: fix.lon, at: fix.at } : null,
      home: { lat: entry.home.lat, lon: entry.home.lon, label: entry.home.label },
    };
  });
}

/** A unit a user rides now, and in which role. */
export interface UserUnit {
  unitId: string;
  name: string;
  agencyId: string;
  role: CrewRole;
  shift: { id: string; startsAt: Date; endsAt: Date };
}

/** The units where the user is a member of the crew and a shift is running now (the field view). */
export async function unitsOfUser(repos: Repositories, userId: string, now: Date): Promise<UserUnit[]> {
  const rows = await repos.unitCatalogue.crewRowsOfUser(userId);
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.unitId))];
  const [units, running] = await Promise.all([repos.unitStatus.getMany(ids), runningShifts(repos, ids, now)]);
  const byId = new Map(units.map((u) => [u.id, u]));
  return rows.flatMap((r) => {
    const unit = byId.get(r.unitId);
    const shift = running.get(r.unitId);
    if (!unit || !shift || !shiftAt([shift], now)) return [];
    return [{ unitId: unit.id, name: unit.name, agencyId: unit.agencyId, role: r.role, shift: { id: shift.id, startsAt: shift.startsAt, endsAt: shift.endsAt } }];
  });
}
