import { seedDemoPeople } from './demo-people.ts';
import { seedDemoDistricts } from './demo-districts.ts';
import { decideUnitStatus, type EntryPoint, type Principal } from '@continuum/domain';
import type { Repositories } from '@continuum/storage';
import { createIncident } from '../services/incident/incidents.ts';
import { createUser } from '../services/access/accounts.ts';
import type { Services } from '../services/context.ts';
import { DEMO_AGREEMENTS } from './demo-agreements.ts';
import { queueDemoCalls } from './demo-dispatch.ts';
import { buildDemoCatalogue, buildDemoTraining } from './demo-crews.ts';
import { seedFacilities } from './demo-facilities.ts';
import { seedDemoFollowup } from './demo-followup.ts';
import { DEMO_HANDOFF_USERS, seedDemoHandoffs } from './demo-handoffs.ts';
import { seedFollowupPeople } from './demo-followup-people.ts';
import { buildDemoIncidents } from './demo-incidents.ts';
import { buildDemoRegion, DEMO_PASSWORD, DEMO_REGION_ID } from './demo-region.ts';

export interface DemoSeedResult {
  seeded: boolean;
  users: { username: string; role: string; displayName: string }[];
  region: { id: string; name: string };
}

// 2025.12.0 (issue 12): unknown answers, several answers, the new factors and responses.
const DEMO_PROTOCOL = { id: 'il-irlm', version: '2025.12.0' };

/** Who takes each kind of call in the demo: 911 at the PSAP, 988 at the lifeline, others at the hub. */
const TAKER_OF: Record<EntryPoint, string> = { '911': 'telecom', '988': 'counsellor', direct: 'dispatcher', cares: 'dispatcher' };

/**
 * Seeds the Champaign County demo region on a database without users: tenancy, teams, one
 * account per role and a few open calls. Running it again on a seeded database does nothing.
 */
export async function seedDemo(services: Services, opts: { incidents?: number } = {}): Promise<DemoSeedResult> {
  const data = buildDemoRegion();
  const region = data.regions.find((r) => r.id === DEMO_REGION_ID)!;
  const result = {
    users: [...data.users, ...DEMO_HANDOFF_USERS].map((u) => ({ username: u.username, role: u.role, displayName: u.displayName })),
    region: { id: region.id, name: region.name },
  };
  if ((await services.store.read.users.count()) > 0) return { seeded: false, ...result };

  await services.store.transaction(async (tx) => {
    // First: the demo accounts' public password is allowed only on a database marked as the demo's.
    await tx.organisations.markDemo(DEMO_REGION_ID, services.clock());
    for (const r of data.regions) await tx.organisations.upsertRegion(r);
    for (const a of data.agencies) await tx.organisations.upsertAgency(a);
    // The demo region triages with the shipped IRLM reconstruction and its regional override.
    await tx.protocols.pin({ regionId: DEMO_REGION_ID, protocolId: DEMO_PROTOCOL.id, version: DEMO_PROTOCOL.version, pinnedAt: services.clock(), pinnedBy: null });
    const now = services.clock();
    for (const a of DEMO_AGREEMENTS) {
      await tx.sharing.create({ ...a, startsAt: now, endsAt: null, endedAt: null, endedReason: null, createdAt: now, createdBy: null });
    }
    for (const t of data.teams) {
      await tx.units.upsert({ ...t, home: { lat: t.home.lat, lon: t.home.lon, label: t.home.town } });
      await startShiftAtBase(tx, t.id, t.home, now);
    }
  });
  const principals = new Map<string, Principal>();
  for (const u of data.users) {
    const created = await createUser(services, 'system', { ...u, password: DEMO_PASSWORD });
    const agency = data.agencies.find((a) => a.id === u.agencyId)!;
    principals.set(u.username, {
      userId: created.body.id, username: u.username, displayName: u.displayName, role: u.role,
      agencyId: u.agencyId, regionId: agency.regionId, via: 'session', scopes: null,
    });
  }
  await seedDemoHandoffs(services);
  await seedCatalogue(services, principals);
  await seedFacilities(services, data.agencies, principals);
  // Before the calls, so that each is placed in its police district as it is taken.
  await seedDemoDistricts(services);
  const created: { id: string; principal: Principal }[] = [];
  const incidents = buildDemoIncidents(services.clock(), opts.incidents ?? 6);
  for (const incident of incidents) {
    const { receivedAt: _at, ...input } = incident;
    const principal = principals.get(TAKER_OF[input.entryPoint])!;
    const out = await createIncident(services, { principal, address: null, idempotencyKey: null, requestHash: '' }, input);
    created.push({ id: out.body.id, principal });
  }
  await queueDemoCalls(services, created);
  const followedUp = await seedDemoFollowup(services, { '911': principals.get('telecom')!, '988': principals.get('counsellor')! });
  await seedFollowupPeople(services, followedUp);
  await seedDemoPeople(services, incidents);
  return { seeded: true, ...result };
}

/** A demo team comes on shift at its home base: the status event (audited as the system) and a fix there. */
async function startShiftAtBase(tx: Repositories, unitId: string, home: { lat: number; lon: number }, now: Date): Promise<void> {
  const unit = (await tx.unitStatus.get(unitId, { lock: true }))!;
  if (unit.status !== 'off_duty') return;
  const position = { lat: home.lat, lon: home.lon, at: now };
  const decided = decideUnitStatus(unit, { status: 'available', reason: 'demo shift start', position });
  await tx.unitStatus.appendStatus(unit, decided, { actorId: 'system', occurredAt: now });
  await tx.unitStatus.recordFix(unitId, { ...position, accuracy: 10 });
  await tx.audit.write({
    at: now, actorId: 'system', role: null, agencyId: unit.agencyId, action: 'unit.status', outcome: 'allowed', resourceType: 'unit',
    resourceId: unitId, fieldClasses: [], purpose: null, address: null, detail: { from: 'off_duty', to: 'available', version: unit.version + 1, reason: 'demo shift start' },
  });
}

/** The demo teams' crews (linked to the demo sign-ins), capabilities, county service area and a shift. */
async function seedCatalogue(services: Services, principals: Map<string, Principal>): Promise<void> {
  const now = services.clock();
  await services.store.transaction(async (tx) => {
    for (const entry of buildDemoCatalogue(now)) {
      const crew = entry.crew.map(({ username, ...m }) => ({ ...m, userId: username ? principals.get(username)!.userId : null }));
      await tx.unitCatalogue.setCrew(entry.unitId, crew);
      await tx.unitCatalogue.setCapabilities(entry.unitId, entry.capabilities);
      // No custom area: a null service area is the owning agency's county.
      await tx.unitCatalogue.addShift({ id: services.newId(), unitId: entry.unitId, ...entry.shift, createdBy: 'system', createdAt: now });
    }
    for (const t of buildDemoTraining(now)) {
      const { username, ...record } = t;
      await tx.training.insert({ id: services.newId(), ...record, userId: username ? principals.get(username)!.userId : null, expiresOn: null, recordedBy: 'system', recordedAt: now });
    }
  });
}
