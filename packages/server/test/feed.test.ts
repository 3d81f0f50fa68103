import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/index.ts';
import { openFeed } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

let t: TestServer;
let telecom: Session;
let dispatcher: Session;

beforeAll(async () => {
  t = await startTestServer();
  telecom = await signIn(t.url, 'telecom');
  dispatcher = await signIn(t.url, 'dispatcher');
});
afterAll(() => t.close());

const create = async (s: Session) => (await (await s.post('/api/incidents', buildIncidentInput())).json()) as { id: string; version: number };

describe('live feed', () => {
  it('refuses a connection without a session', async () => {
    await expect(openFeed(t.url)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a signed-in connection from another site', async () => {
    await expect(openFeed(t.url, { cookie: dispatcher.cookie, origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403 });
  });

  // HOST stands for this server's own host: the right host under another scheme is not this site.
  it.each(['null', 'not a url', 'http://[::1', 'file:///etc/passwd', 'ftp://HOST'])(
    'refuses a signed-in connection whose Origin is %j with 403 (not a 500), and audits the denial',
    async (origin) => {
      const denials = async () => (await t.server.services.store.read.audit.search({ outcome: 'denied', actorId: dispatcher.userId, limit: 500 })).length;
      const before = await denials();
      await expect(openFeed(t.url, { cookie: dispatcher.cookie, origin: origin.replace('HOST', new URL(t.url).host) })).rejects.toMatchObject({ status: 403 });
      expect(await denials()).toBe(before + 1);
    },
  );

  it('accepts its own origin however the host is cased', async () => {
    const probe = await openFeed(t.url, { cookie: dispatcher.cookie, origin: t.url.toUpperCase().replace('HTTP', 'http') });
    expect(await probe.waitFor((m) => m.type === 'ready')).toMatchObject({ type: 'ready' });
    probe.close();
  });

  it('the console’s pages let scripts connect to their own origin only (no WebSocket to any host)', async () => {
    const csp = (await fetch(`${t.url}/`)).headers.get('content-security-policy');
    expect(csp).not.toBeNull();
    const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/\bwss?:/);
  });

  it('closes the feed for a role that may not subscribe (RAC analyst: aggregates only)', async () => {
    const analyst = await signIn(t.url, 'analyst');
    const probe = await openFeed(t.url, { cookie: analyst.cookie });
    expect(await probe.closed).toBe(4403);
  });

  it('closes a token’s sockets the moment the token is revoked, and leaves other sockets open', async () => {
    const minted = (await (await dispatcher.post('/api/tokens', { name: 'board screen', expiresInDays: 1 })).json()) as { id: string; token: string };
    const byToken = await openFeed(t.url, { token: minted.token });
    await byToken.waitFor((m) => m.type === 'ready');
    const bySession = await openFeed(t.url, { cookie: dispatcher.cookie });
    await bySession.waitFor((m) => m.type === 'ready');
    const revoked = await fetch(`${t.url}/api/tokens/${minted.id}`, { method: 'DELETE', headers: { cookie: dispatcher.cookie, 'x-csrf-token': dispatcher.csrf } });
    expect(revoked.status).toBe(204);
    expect(await byToken.closed).toBe(4401);
    // The session's own socket still hears changes.
    const incident = await create(telecom);
    await bySession.waitFor((m) => m.type === 'invalidate' && m.id === incident.id);
    bySession.close();
  });

  it('pushes an invalidation of each committed change, carrying no personal data', async () => {
    const probe = await openFeed(t.url, { cookie: dispatcher.cookie });
    await probe.waitFor((m) => m.type === 'ready');
    const incident = await create(telecom);
    const msg = await probe.waitFor((m) => m.type === 'invalidate' && m.id === incident.id);
    expect(Object.keys(msg).sort()).toEqual(['entity', 'id', 'position', 'type', 'version']);
    expect(msg).toMatchObject({ entity: 'incident', version: 1 });
    expect(JSON.stringify(probe.messages)).not.toMatch(/Diaz|Race St|555 0142/);
    probe.close();
  });

  it('a console that reconnects with its last position misses nothing', async () => {
    const first = await openFeed(t.url, { cookie: dispatcher.cookie });
    const ready = await first.waitFor((m) => m.type === 'ready');
    first.close();
    await first.closed;
    const a = await create(telecom);
    const b = await create(telecom);
    const again = await openFeed(t.url, { cookie: dispatcher.cookie, after: ready.position as number });
    await again.waitFor((m) => m.type === 'ready');
    const ids = again.messages.filter((m) => m.type === 'invalidate').map((m) => m.id);
    expect(ids).toEqual([a.id, b.id]);
    again.close();
  });

  it('tells a console only of changes within its reach (another region hears nothing)', async () => {
    const store = t.server.services.store;
    await store.read.organisations.upsertRegion({ id: 'il-ems-1', kind: 'ems_region', name: 'EMS Region 1', parentId: 'il' });
    await store.read.organisations.upsertAgency({ id: 'rockford-mcrt', regionId: 'il-ems-1', kind: 'mcrt_provider', name: 'Rockford crisis team', countyFips: '17201', lat: 42.27, lon: -89.09 });
    await createUser(t.server.services, 'system', { username: 'far.dispatcher', displayName: 'Far Away', password: 'another-long-password', role: 'crisis_dispatcher', agencyId: 'rockford-mcrt' });
    const far = await signIn(t.url, 'far.dispatcher', 'another-long-password');
    const farProbe = await openFeed(t.url, { cookie: far.cookie });
    const nearProbe = await openFeed(t.url, { cookie: dispatcher.cookie });
    await farProbe.waitFor((m) => m.type === 'ready');
    await nearProbe.waitFor((m) => m.type === 'ready');
    const incident = await create(telecom);
    await nearProbe.waitFor((m) => m.id === incident.id);
    expect(farProbe.messages.filter((m) => m.type === 'invalidate')).toEqual([]);
    expect((await far.get(`/api/incidents/${incident.id}`)).status).toBe(404);
    farProbe.close();
    nearProbe.close();
  });
});
