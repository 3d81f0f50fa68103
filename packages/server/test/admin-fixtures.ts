import { createUnit, createUser, grantRegionalAdmin, importDistricts, type Services } from '../src/index.ts';
import { signIn, type Session, type TestServer } from './harness.ts';

/**
 * Fixtures of the administration routes (ADR 0025) shared by the access matrix, the operation
 * catalogue and the route tests: an administrator holding a regional grant for the demo region
 * (the demo's own administrator holds none, ADR 0017), and fresh units and districts to change.
 */
export const REGIONAL_ADMIN = { username: 'regionadmin', password: 'a-long-enough-password' } as const;

const regional = new WeakMap<TestServer, Promise<Session>>();

/** Signs in the regional administrator of this server, creating the account and its grant once. */
export function regionalAdmin(t: TestServer): Promise<Session> {
  let s = regional.get(t);
  if (!s) {
    s = (async () => {
      const services = t.server.services;
      const { body } = await createUser(services, 'system', { username: REGIONAL_ADMIN.username, displayName: 'Region Admin', password: REGIONAL_ADMIN.password, role: 'administrator', agencyId: 'il-ems-6-rac' });
      await grantRegionalAdmin(services, 'system', { userId: body.id, regionId: 'il-ems-6', reason: 'administers the region' });
      return signIn(t.url, REGIONAL_ADMIN.username, REGIONAL_ADMIN.password);
    })();
    regional.set(t, s);
  }
  return s;
}

let serial = 0;
const next = () => `${Date.now().toString(36)}-${(serial += 1)}`;

/** A new unit of the PSAP (the demo administrator's own agency), off duty. */
export async function newPsapUnit(services: Services): Promise<string> {
  const id = `probe-unit-${next()}`;
  await createUnit(services, 'system', { id, agencyId: 'champaign-911', name: 'Probe unit', model: 'psap_co_response', composition: ['mcrt_clinician'], partnerAgencyIds: [], home: { lat: 40.11, lon: -88.24, label: null } });
  return id;
}

/** A small square around a point, as a GeoJSON Polygon. */
export const square = (lon: number, lat: number, d = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]],
});

/** A district-import body of one new beat in the demo region's empty south-east corner. */
export const districtFile = () => ({
  regionId: 'il-ems-6',
  collection: { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, geometry: square(-87.95, 39.9, 0.005), properties: { id: `probe-beat-${next()}`, kind: 'beat', name: 'Probe beat', agencyId: null } }] },
});

/** A new district, imported as the system; answers its id. */
export async function newDistrict(services: Services): Promise<string> {
  const body = districtFile();
  await importDistricts(services, 'system', { ...body, dryRun: false });
  return body.collection.features[0]!.properties.id;
}
