import type { Role } from '@continuum/domain';
import { createUser } from '../services/access/accounts.ts';
import type { Services } from '../services/context.ts';
import { DEMO_AGENCY_IDS, DEMO_PASSWORD, DEMO_REGION_ID, type DemoAgency } from './demo-region.ts';

/**
 * The receiving centres of the demo's hand-offs (issue 11): the CARES line for children and
 * youth, and the statewide 988 backup centre that takes the county 988 centre's contacts nobody
 * answered within 3 minutes. Each has a counsellor account with the demo password.
 */
export const DEMO_HANDOFF_AGENCY_IDS = { cares: 'il-cares-line', backup988: 'il-988-backup' } as const;

const AGENCIES: DemoAgency[] = [
  { id: DEMO_HANDOFF_AGENCY_IDS.cares, regionId: DEMO_REGION_ID, kind: 'cares_line', name: 'CARES Line (Crisis and Referral Entry Services)', countyFips: '17019', lat: 40.1164, lon: -88.2434, town: 'Champaign' },
  // Statewide, in Springfield: outside the county, so without a position on its map.
  { id: DEMO_HANDOFF_AGENCY_IDS.backup988, regionId: 'il', kind: '988_centre', name: 'Illinois 988 Statewide Backup Center', countyFips: null, lat: null, lon: null, town: null },
];

export const DEMO_HANDOFF_USERS: { username: string; displayName: string; role: Role; agencyId: string }[] = [
  { username: 'cares', displayName: 'Maya Brooks', role: 'crisis_counsellor', agencyId: DEMO_HANDOFF_AGENCY_IDS.cares },
  { username: 'backup988', displayName: 'Owen Fairbanks', role: 'crisis_counsellor', agencyId: DEMO_HANDOFF_AGENCY_IDS.backup988 },
];

/** Seeds the two receiving centres, the county 988 centre's backup, and their counsellors. */
export async function seedDemoHandoffs(services: Services): Promise<void> {
  await services.store.transaction(async (tx) => {
    for (const a of AGENCIES) await tx.organisations.upsertAgency(a);
    await tx.handoffs.setBackup(DEMO_AGENCY_IDS.lifeline, DEMO_HANDOFF_AGENCY_IDS.backup988);
  });
  for (const u of DEMO_HANDOFF_USERS) await createUser(services, 'system', { ...u, password: DEMO_PASSWORD });
}
