import { notFound, type FacilityKind, type Principal } from '@continuum/domain';
import type { FacilityList, FacilityView } from '@continuum/contracts';
import type { FacilityRecord, FeedEntry, Repositories } from '@continuum/storage';
import { presentFacility } from '../../presenters/facility.ts';
import { isFacilityStaff } from './facilities-access.ts';
import type { Services } from '../context.ts';

/** What the facility services are told at start-up. */
export interface FacilitySettings {
  staleAfterMinutes: number;
  /** An announced arrival stops holding a place after this long (ADR 0012). */
  arrivalHoldMinutes: number;
}

/** The feed entry of a change to a facility: heard by every signed-in reader of its region. */
export const facilityFeedOf = (f: FacilityRecord, version: number): Omit<FeedEntry, 'position'>[] => [
  { entityType: 'facility', entityId: f.id, version, regionId: f.regionId, agencyId: f.agencyId },
];

/** One facility as a reader sees it, from any executor (the writes use their transaction). */
export async function loadFacilityView(repos: Repositories, principal: Principal, id: string, now: Date, settings: FacilitySettings): Promise<FacilityView> {
  const f = await repos.facilities.get(id);
  if (!f) throw notFound('Facility', id);
  const pending = (await repos.facilities.pending([id])).get(id) ?? [];
  return presentFacility(f, pending, now, { staleAfterMinutes: settings.staleAfterMinutes, arrivalHoldMinutes: settings.arrivalHoldMinutes, mayUpdate: isFacilityStaff(principal, f) });
}

/**
 * The directory of the reader's region with live figures. Not audited per read: it holds no
 * personal data, and the console refetches it on every figure change.
 */
export async function listFacilities(services: Services, principal: Principal, kinds: readonly FacilityKind[], settings: FacilitySettings): Promise<FacilityList> {
  const now = services.clock();
  const repos = services.store.read;
  const rows = await repos.facilities.list({ regionId: principal.regionId, kinds });
  const pending = await repos.facilities.pending(rows.map((f) => f.id));
  const items = rows.map((f) => presentFacility(f, pending.get(f.id) ?? [], now, { staleAfterMinutes: settings.staleAfterMinutes, arrivalHoldMinutes: settings.arrivalHoldMinutes, mayUpdate: isFacilityStaff(principal, f) }));
  return { items, staleAfterMinutes: settings.staleAfterMinutes };
}

/** One facility of the reader's region; another region's reads as absent. */
export async function getFacility(services: Services, principal: Principal, id: string, settings: FacilitySettings): Promise<FacilityView> {
  const f = await services.store.read.facilities.get(id);
  if (!f || f.regionId !== principal.regionId) throw notFound('Facility', id);
  return loadFacilityView(services.store.read, principal, id, services.clock(), settings);
}
