import { randomUUID } from 'node:crypto';
import type { IncidentEvent } from '@continuum/domain';
import type { Repositories } from '../src/index.ts';

/** A minimal tenancy to hang records on: one state, one region, one agency. */
export async function seedTenancy(repos: Repositories, ids = { region: 'r-test', agency: 'a-test' }) {
  await repos.organisations.upsertRegion({ id: 'il', kind: 'state', name: 'Illinois', parentId: null });
  await repos.organisations.upsertRegion({ id: ids.region, kind: 'ems_region', name: 'Test region', parentId: 'il' });
  await repos.organisations.upsertAgency({
    id: ids.agency,
    regionId: ids.region,
    kind: 'psap',
    name: 'Test PSAP',
    countyFips: '17019',
    lat: 40.11,
    lon: -88.24,
  });
  return ids;
}

/** The `incident.received` event of a plausible call, with overrides. */
export function buildReceived(overrides: Partial<Extract<IncidentEvent, { type: 'incident.received' }>['data']> = {}) {
  return {
    type: 'incident.received' as const,
    data: {
      agencyId: 'a-test',
      regionId: 'r-test',
      entryPoint: '911' as const,
      summary: 'Caller worried about a neighbour who is talking about ending his life',
      location: { address: '101 W Main St, Urbana, IL', lat: 40.1106, lon: -88.2073 },
      caller: { name: 'Dana Reyes', callbackNumber: '+12175550101' },
      person: { name: 'Sam Ortiz', age: 34 },
      safetyFlags: [],
      ...overrides,
    },
  };
}

export const newId = (): string => randomUUID();
