import type { DispatchUnit } from '@continuum/domain';
import type { LiveUnit, Repositories } from '@continuum/storage';
import type { MultiPolygon, Polygon } from 'geojson';
import { countyOutline } from '../geo/county.ts';

const NOWHERE: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };

/** The units of the given agencies as the recommendation and the plan check see them. */
export async function loadDispatchUnits(repos: Repositories, agencyIds: readonly string[], only?: readonly string[]): Promise<DispatchUnit[]> {
  const live = only ? (await repos.unitStatus.getMany([...only])).filter((u) => agencyIds.includes(u.agencyId)) : await repos.unitStatus.list([...agencyIds]);
  const records = new Map((await Promise.all([...new Set(live.map((u) => u.regionId))].map((r) => repos.units.inRegion(r)))).flat().map((u) => [u.id, u]));
  const agencies = new Map((await repos.organisations.agencies()).map((a) => [a.id, a]));
  return live.map((u) => toDispatchUnit(u, records.get(u.id), agencies.get(u.agencyId)?.countyFips ?? null));
}

function areaOf(fips: string | null): Polygon | MultiPolygon {
  if (!fips) return NOWHERE;
  try {
    return countyOutline(fips).geometry;
  } catch {
    return NOWHERE;
  }
}

function toDispatchUnit(u: LiveUnit, record: { composition: string[]; home: { lat: number; lon: number; label: string | null } } | undefined, fips: string | null): DispatchUnit {
  return {
    id: u.id,
    name: u.name,
    agencyId: u.agencyId,
    model: u.model,
    composition: record?.composition ?? [],
    capabilities: { youth: false, languages: ['en'], naloxone: true, canTransport: false },
    serviceArea: areaOf(fips),
    status: u.status,
    position: u.lastPosition && u.status !== 'off_duty' ? { lat: u.lastPosition.lat, lon: u.lastPosition.lon, at: u.lastPosition.at } : null,
    home: record ? { lat: record.home.lat, lon: record.home.lon, label: record.home.label } : null,
  };
}
