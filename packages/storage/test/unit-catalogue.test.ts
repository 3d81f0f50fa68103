import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrewMember } from '@continuum/domain';
import { Store } from '../src/index.ts';
import { openTestDatabase, type TestDatabase } from './harness.ts';
import { seedTenancy } from './builders.ts';

// The unit catalogue's part of the repository contract; runs on PGlite and on PostgreSQL.
let t: TestDatabase;
let store: Store;
const UNIT = 'cat-unit-1';
const OTHER = 'cat-unit-2';

beforeAll(async () => {
  t = await openTestDatabase();
  store = new Store(t.database, t.feedChannel);
  await store.transaction(async (tx) => {
    await seedTenancy(tx);
    for (const id of [UNIT, OTHER]) {
      await tx.units.upsert({ id, agencyId: 'a-test', name: id, model: 'program_590_mcrt', composition: ['mcrt_clinician', 'engagement_specialist'], partnerAgencyIds: [], home: { lat: 40.11, lon: -88.24, label: 'Base' } });
    }
    await tx.users.create({ id: 'u-peer', username: 'cat-peer', displayName: 'Peer', passwordHash: 'x', passwordIsDemo: false });
  });
});
afterAll(() => t.cleanup());

const peer: CrewMember = { name: 'Darnell Hayes', userId: 'u-peer', role: 'engagement_specialist', hiredOn: '2025-05-01', credential: { kind: 'CPRS', earnedOn: '2025-12-31' } };
const officer: CrewMember = { name: 'Kyle Brandt', userId: null, role: 'police_officer', hiredOn: null, credential: null };

describe('unit catalogue repository', () => {
  it('defaults a unit to no capabilities and the county as service area', async () => {
    const e = (await store.read.unitCatalogue.entries([UNIT])).get(UNIT)!;
    expect(e).toEqual({
      unitId: UNIT,
      composition: ['mcrt_clinician', 'engagement_specialist'],
      capabilities: { youth: false, languages: [], naloxone: false, canTransport: false },
      serviceArea: null,
      countyFips: '17019',
      home: { lat: 40.11, lon: -88.24, label: 'Base' },
    });
  });

  it('stores capabilities and a service area, and clears the area back to the county', async () => {
    const area = { type: 'Polygon' as const, coordinates: [[[-88.5, 40.0], [-88.0, 40.0], [-88.0, 40.4], [-88.5, 40.0]]] };
    await store.transaction(async (tx) => {
      await tx.unitCatalogue.setCapabilities(UNIT, { youth: true, languages: ['en', 'es'], naloxone: true, canTransport: false });
      await tx.unitCatalogue.setServiceArea(UNIT, area);
    });
    const e = (await store.read.unitCatalogue.entries([UNIT])).get(UNIT)!;
    expect(e.capabilities).toEqual({ youth: true, languages: ['en', 'es'], naloxone: true, canTransport: false });
    expect(e.serviceArea).toEqual(area);
    await store.transaction((tx) => tx.unitCatalogue.setServiceArea(UNIT, null));
    expect((await store.read.unitCatalogue.entries([UNIT])).get(UNIT)!.serviceArea).toBeNull();
  });

  it('replaces a roster whole, keeps its order and keeps calendar days as days', async () => {
    await store.transaction((tx) => tx.unitCatalogue.setCrew(UNIT, [officer, peer]));
    expect((await store.read.unitCatalogue.crews([UNIT, OTHER]))).toEqual(new Map([[UNIT, [officer, peer]], [OTHER, []]]));
    await store.transaction((tx) => tx.unitCatalogue.setCrew(UNIT, [peer]));
    expect((await store.read.unitCatalogue.crews([UNIT])).get(UNIT)).toEqual([peer]);
    expect(await store.read.unitCatalogue.crewRowsOfUser('u-peer')).toEqual([{ unitId: UNIT, role: 'engagement_specialist' }]);
  });

  it('refuses a crew member tied to an account that does not exist, and a credential without its date', async () => {
    await expect(store.transaction((tx) => tx.unitCatalogue.setCrew(OTHER, [{ ...officer, userId: 'no-such-user' }]))).rejects.toThrow();
    await expect(store.transaction((tx) => tx.unitCatalogue.setCrew(OTHER, [{ ...peer, userId: null, credential: { kind: 'CRSS', earnedOn: null as unknown as string } }]))).rejects.toThrow();
    expect((await store.read.unitCatalogue.crews([OTHER])).get(OTHER)).toEqual([]);
  });

  it('lists shifts by window, removes one, and refuses one that ends before it starts', async () => {
    const base = { unitId: OTHER, createdBy: 'u-test', createdAt: new Date('2026-03-01T00:00:00Z') };
    await store.transaction(async (tx) => {
      await tx.unitCatalogue.addShift({ ...base, id: 's-day', startsAt: new Date('2026-03-01T06:00:00Z'), endsAt: new Date('2026-03-01T18:00:00Z') });
      await tx.unitCatalogue.addShift({ ...base, id: 's-night', startsAt: new Date('2026-03-01T18:00:00Z'), endsAt: new Date('2026-03-02T06:00:00Z') });
    });
    const at = (iso: string) => new Date(iso);
    expect((await store.read.unitCatalogue.shifts([OTHER], { after: at('2026-03-01T12:00:00Z'), before: at('2026-03-01T12:00:01Z') })).map((s) => s.id)).toEqual(['s-day']);
    expect((await store.read.unitCatalogue.shifts([OTHER], { after: at('2026-03-01T00:00:00Z') })).map((s) => s.id)).toEqual(['s-day', 's-night']);
    expect(await store.read.unitCatalogue.shifts([OTHER], { after: at('2026-03-02T06:00:00Z') })).toEqual([]);
    expect(await store.transaction((tx) => tx.unitCatalogue.removeShift(UNIT, 's-day'))).toBeNull();
    expect((await store.transaction((tx) => tx.unitCatalogue.removeShift(OTHER, 's-day')))?.startsAt).toEqual(at('2026-03-01T06:00:00Z'));
    await expect(store.transaction((tx) => tx.unitCatalogue.addShift({ ...base, id: 's-bad', startsAt: at('2026-03-03T06:00:00Z'), endsAt: at('2026-03-03T05:00:00Z') }))).rejects.toThrow();
  });
});
