import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserList } from '@continuum/contracts';
import { createUser, grantRegionalAdmin } from '../src/index.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// GET /api/users: the account list of the console's Admin area (ADR 0027). An administrator sees
// the accounts of their own agency, or of a region a grant covers (that read audited as a use of
// the grant); the search matches part of a username or a name; the read itself is audited.
let t: TestServer;
let psapAdmin: Session;
let mcrtAdmin: Session;

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.server.services, 'system', { username: 'mcrt.lister', displayName: 'Mina Lister', password: 'blue-heron-passphrase', role: 'administrator', agencyId: 'champaign-mcrt' });
  psapAdmin = await signIn(t.url, 'admin');
  mcrtAdmin = await signIn(t.url, 'mcrt.lister', 'blue-heron-passphrase');
});
afterAll(() => t.close());

const list = async (s: Session, q?: string): Promise<UserList> => {
  const res = await s.get(`/api/users${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`);
  expect(res.status).toBe(200);
  return (await res.json()) as UserList;
};
const usernames = (l: UserList) => l.items.map((u) => u.username);
const audit = (action: string) => t.server.services.store.read.audit.search({ action, limit: 200 });

describe('the account list', () => {
  it('holds the accounts of the administrator’s own agency only, with every membership', async () => {
    const psap = await list(psapAdmin);
    expect(psap.items.length).toBeGreaterThan(0);
    expect(usernames(psap)).toEqual(expect.arrayContaining(['admin', 'telecom']));
    expect(usernames(psap)).not.toContain('dispatcher');
    expect(usernames(psap)).toEqual([...usernames(psap)].sort());
    expect(psap.agencies.map((a) => a.id)).toEqual(['champaign-911']);
    expect(psap.truncated).toBe(false);
    expect(psap.items.find((u) => u.username === 'telecom')?.memberships).toEqual([{ agencyId: 'champaign-911', role: 'telecommunicator', endedAt: null }]);
    // Never a password hash or anything like it.
    expect(JSON.stringify(psap)).not.toMatch(/argon2|passwordHash|password_hash/);

    const mcrt = await list(mcrtAdmin);
    expect(usernames(mcrt)).toEqual(expect.arrayContaining(['dispatcher', 'clinician', 'mcrt.lister']));
    expect(usernames(mcrt)).not.toContain('telecom');
  });

  it('searches part of a username or a name, case aside, with LIKE wildcards taken literally', async () => {
    expect(usernames(await list(psapAdmin, 'WHITF'))).toEqual(['telecom']);
    expect(usernames(await list(psapAdmin, 'tele'))).toEqual(['telecom']);
    expect((await list(psapAdmin, '%')).items).toEqual([]);
    expect((await list(psapAdmin, '_')).items).toEqual([]);
  });

  it('is audited, and refused to anyone who does not manage accounts', async () => {
    await list(psapAdmin, 'whit');
    const rows = (await audit('user.list')).filter((r) => r.actorId === psapAdmin.userId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => (r.detail as { search?: string }).search === 'whit')).toBe(true);
    const telecom = await signIn(t.url, 'telecom');
    expect((await telecom.get('/api/users')).status).toBe(403);
    expect((await (await signIn(t.url, 'supervisor')).get('/api/users')).status).toBe(403);
  });

  it('reaches a region’s agencies through a regional grant, and audits that read as a use of the grant', async () => {
    await grantRegionalAdmin(t.server.services, 'system', { userId: psapAdmin.userId, regionId: 'il-ems-6', reason: 'help desk cover' });
    const wide = await list(psapAdmin);
    expect(usernames(wide)).toEqual(expect.arrayContaining(['telecom', 'dispatcher', 'mcrt.lister']));
    expect(wide.agencies.map((a) => a.id)).toEqual(expect.arrayContaining(['champaign-911', 'champaign-mcrt']));
    const uses = (await audit('user.regional_admin')).filter((r) => (r.detail as { operation?: string }).operation === 'user.list');
    expect(uses.length).toBe(1);
    expect((uses[0]!.detail as { agencyIds: string[] }).agencyIds).toContain('champaign-mcrt');
  });
});
