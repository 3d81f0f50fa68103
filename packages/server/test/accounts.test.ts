import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembership, createUser, grantRegionalAdmin, revokeRegionalAdmin } from '../src/index.ts';
import { MAX_FAILED_SIGN_INS_PER_ADDRESS } from '../src/services/access/accounts.ts';
import { openFeed } from './feed-client.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Credentials, sessions and accounts (issue 10 §2 and §1, ADR 0017). The server trusts
// X-Forwarded-For from this machine, so each test signs in from addresses of its own; its clock
// can be moved on, so that sign-in delays run out without waiting.
let t: TestServer;
let offset = 0;
// Set to hold the server's clock still, so that a Retry-After does not depend on how slow a step was.
let frozen: number | null = null;
let psapAdmin: Session;
let mcrtAdmin: Session;
let privacy: Session;

const ISSUER = 'http://localhost:9/idp';

beforeAll(async () => {
  t = await startTestServer({
    clock: () => new Date((frozen ?? Date.now()) + offset),
    config: {
      trustedProxies: ['127.0.0.1', '::1'],
      oidc: { issuer: ISSUER, clientId: 'continuum', redirectUri: 'http://localhost:9/api/auth/oidc/callback' },
    },
  });
  // The MCRT's own administrator, made as `continuum user add` makes it.
  await createUser(t.server.services, 'system', { username: 'mcrt.admin', displayName: 'Mina Admin', password: 'blue-heron-passphrase', role: 'administrator', agencyId: 'champaign-mcrt' });
  psapAdmin = await signIn(t.url, 'admin');
  mcrtAdmin = await signIn(t.url, 'mcrt.admin', 'blue-heron-passphrase');
  privacy = await signIn(t.url, 'privacy');
});
afterAll(() => t.close());

const from = (address: string) => ({ 'x-forwarded-for': address });
const attempt = (username: string, password: string, address: string) =>
  fetch(`${t.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...from(address) }, body: JSON.stringify({ username, password }) });
const withoutRequestId = async (res: Response) => {
  const body = (await res.json()) as { error: Record<string, unknown> };
  delete body.error.requestId;
  return body;
};
const write = (s: Session, method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf, 'idempotency-key': randomUUID(), ...headers },
    body: JSON.stringify(body),
  });
const bearer = (token: string, method: string, path: string, body?: unknown) =>
  fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const idOf = async (username: string) => (await t.server.services.store.read.users.byUsername(username))!.id;
const newAccount = async (agencyId: string, role = 'mcrt_clinician') => {
  const username = `acct.${Math.random().toString(36).slice(2, 9)}`;
  const { body } = await createUser(t.server.services, 'system', { username, displayName: 'Test Person', password: 'a-long-enough-password', role: role as 'mcrt_clinician', agencyId });
  return { id: body.id, username };
};
const audit = (action: string, outcome?: 'allowed' | 'denied' | 'failed') =>
  t.server.services.store.read.audit.search({ action, ...(outcome ? { outcome } : {}), limit: 200 });

describe('sign-in answers a known and an unknown name alike', () => {
  it('seven wrong passwords: 401 five times, then 429 with Retry-After, with the same bodies', async () => {
    const run = async (username: string, address: string) => {
      const answers: { status: number; retryAfter: string | null; body: unknown }[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await attempt(username, `wrong-password-${i}`, address);
        answers.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await withoutRequestId(res) });
      }
      return answers;
    };
    const known = await run('dispatcher', '203.0.113.1');
    const unknown = await run('no.such.person', '203.0.113.2');
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(unknown).toEqual(known);
    expect(known[5]!.retryAfter).toBe('30');
  });

  it('an unknown name takes about as long as a known one (a dummy hash is checked)', async () => {
    const timed = async (username: string, address: string) => {
      const start = performance.now();
      expect((await attempt(username, 'wrong-password-x', address)).status).toBe(401);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await timed('clinician', `203.0.113.${10 + i}`));
      unknown.push(await timed(`nobody.${i}`, `203.0.113.${20 + i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
    // Without the dummy hash an unknown name answers several times faster than a known one.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(known)).toBeLessThan(2);
  });
});

describe('the sign-in throttle by account and address', () => {
  it('delays grow (30 s, then 60 s) for the address that keeps failing', async () => {
    const address = '203.0.113.40';
    for (let i = 0; i < 5; i++) expect((await attempt('peer', `wrong-password-${i}`, address)).status).toBe(401);
    expect((await attempt('peer', 'continuum-demo', address)).headers.get('retry-after')).toBe('30');
    offset += 31_000;
    expect((await attempt('peer', 'wrong-password-6', address)).status).toBe(401);
    const second = await attempt('peer', 'continuum-demo', address);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('60');
    offset += 61_000;
    // The right password after the wait signs in, and clears the pair.
    expect((await attempt('peer', 'continuum-demo', address)).status).toBe(200);
    expect((await attempt('peer', 'wrong-password-7', address)).status).toBe(401);
  });

  it('concurrent guesses each count: a burst gets five answers, the rest wait', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt('casemanager', `burst-guess-${i}`, '203.0.113.90')));
    const statuses = burst.map((r) => r.status);
    // Each attempt is counted, and its wait set, under the pair's row lock before its password is
    // checked: exactly five get an answer, on PostgreSQL's concurrent connections too.
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
  });

  it('a stranger failing from one address does not hold up the account from another; its agency’s administrator unlocks', async () => {
    const stranger = '198.51.100.66';
    for (let i = 0; i < 7; i++) await attempt('supervisor', `guess-${i}-password`, stranger);
    expect((await attempt('supervisor', 'continuum-demo', stranger)).status).toBe(429);
    // The supervisor at their own desk signs in at once.
    expect((await attempt('supervisor', 'continuum-demo', '192.0.2.10')).status).toBe(200);
    // The PSAP's administrator may not unlock an MCRT account; the MCRT's may.
    const supervisorId = await idOf('supervisor');
    expect((await write(psapAdmin, 'POST', `/api/users/${supervisorId}/unlock`, {})).status).toBe(403);
    const unlocked = await write(mcrtAdmin, 'POST', `/api/users/${supervisorId}/unlock`, {});
    expect(unlocked.status).toBe(200);
    expect(((await unlocked.json()) as { clearedAddresses: number }).clearedAddresses).toBe(1);
    expect((await attempt('supervisor', 'continuum-demo', stranger)).status).toBe(200);
    expect((await audit('user.unlock', 'allowed')).some((r) => r.resourceId === supervisorId && r.actorId === mcrtAdmin.userId)).toBe(true);
  });
});

describe('the per-address limit against password spraying', () => {
  it('slows never-seen names from a spraying address with growing delays, alike for known and unknown names; a name that signed in there before gets in', async () => {
    const nat = '198.51.100.200';
    frozen = Date.now();
    try {
      // The telecommunicator has signed in from behind this shared address before.
      expect((await attempt('telecom', 'continuum-demo', nat)).status).toBe(200);
      // The review's sequence: 7 + 7 + 6 wrong passwords across names. Each pair's own delay
      // refuses its sixth and seventh unchecked, so these are 15 failed passwords.
      const sequence = [...Array<string>(7).fill('casemanager'), ...Array<string>(7).fill('no.such.dispatcher'), ...Array<string>(6).fill('peer')];
      const answers: number[] = [];
      for (const [i, name] of sequence.entries()) answers.push((await attempt(name, `sprayed-guess-${i}`, nat)).status);
      expect(answers.filter((s) => s === 401)).toHaveLength(15);
      // The sprayer goes on, one guess per new name, up to the limit.
      for (let i = 15; i < MAX_FAILED_SIGN_INS_PER_ADDRESS; i++) expect((await attempt(`sprayed.${i}`, 'sprayed-guess', nat)).status).toBe(401);
      // A name never signed in from here waits, known or unknown alike (same status, wait and body),
      // even with the right password.
      const knownName = await attempt('counsellor', 'continuum-demo', nat);
      const unknownName = await attempt('never.seen.here', 'continuum-demo', nat);
      expect(knownName.status).toBe(429);
      expect(knownName.headers.get('retry-after')).toBe('30');
      expect(unknownName.headers.get('retry-after')).toBe('30');
      const knownBody = await withoutRequestId(knownName);
      expect(await withoutRequestId(unknownName)).toEqual(knownBody);
      expect(knownBody.error).toMatchObject({ code: 'rate_limited' });
      // The telecommunicator, with the right password, signs in at once.
      expect((await attempt('telecom', 'continuum-demo', nat)).status).toBe(200);
      // The wait grows with each further failure (30 s, then 60 s), instead of a flat lock.
      offset += 31_000;
      expect((await attempt('sprayed.more', 'sprayed-guess', nat)).status).toBe(401);
      const longer = await attempt('never.seen.here', 'continuum-demo', nat);
      expect(longer.status).toBe(429);
      expect(longer.headers.get('retry-after')).toBe('60');
      // Refusals checked no password and do not lengthen the wait.
      expect((await attempt('never.seen.here', 'continuum-demo', nat)).headers.get('retry-after')).toBe('60');
      expect((await attempt('telecom', 'continuum-demo', nat)).status).toBe(200);
      // A known name still has its own pair's delays at that address.
      for (let i = 0; i < 5; i++) expect((await attempt('telecom', `telecom-guess-${i}`, nat)).status).toBe(401);
      const own = await attempt('telecom', 'continuum-demo', nat);
      expect(own.status).toBe(429);
      expect(own.headers.get('retry-after')).toBe('30');
      const reasons = (await audit('session.create', 'denied')).filter((r) => r.address === nat).map((r) => r.detail.reason);
      expect(reasons.slice(0, 8)).toEqual(['throttled', ...Array<string>(5).fill('bad_password'), 'address_throttled', 'address_throttled']);
    } finally {
      frozen = null;
    }
  });
});

describe('administrators manage accounts of their own agency only', () => {
  it('the PSAP administrator is refused (403, audited) in the MCRT: create, roles, disable, password, identities', async () => {
    const target = await newAccount('champaign-mcrt');
    const before = (await t.server.services.store.read.audit.search({ actorId: psapAdmin.userId, outcome: 'denied', limit: 100 })).length;
    const refusals = [
      await write(psapAdmin, 'POST', '/api/users', { username: 'psap.made.this', displayName: 'Into MCRT', password: 'a-long-enough-password', role: 'mcrt_clinician', agencyId: 'champaign-mcrt' }),
      await write(psapAdmin, 'POST', `/api/users/${target.id}/memberships`, { agencyId: 'champaign-mcrt', role: 'supervisor' }),
      await write(psapAdmin, 'POST', `/api/users/${target.id}/memberships/end`, { agencyId: 'champaign-mcrt', role: 'mcrt_clinician' }),
      await write(psapAdmin, 'POST', `/api/users/${target.id}/disable`, { reason: 'probe' }),
      await write(psapAdmin, 'POST', `/api/users/${target.id}/password`, { password: 'psap-chose-this-one' }),
      await write(psapAdmin, 'POST', `/api/users/${target.id}/identities`, { subject: 'psap-links-this' }),
      await fetch(`${t.url}/api/users/${target.id}/identities`, { headers: { cookie: psapAdmin.cookie } }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(await t.server.services.store.read.users.byUsername('psap.made.this')).toBeNull();
    const after = await t.server.services.store.read.audit.search({ actorId: psapAdmin.userId, outcome: 'denied', limit: 100 });
    expect(after.length - before).toBe(refusals.length);
    // The account is untouched: it still signs in with its own password.
    expect((await signIn(t.url, target.username, 'a-long-enough-password')).role).toBe('mcrt_clinician');
  });

  it('a regional grant, given from the command line, widens it; every use alerts the privacy officer', async () => {
    const adminId = psapAdmin.userId;
    await grantRegionalAdmin(t.server.services, 'system', { userId: adminId, regionId: 'il-ems-6', reason: 'county-wide help desk' });
    const alertsFeed = await openFeed(t.url, { cookie: privacy.cookie });
    await alertsFeed.waitFor((m) => m.type === 'ready');
    const made = await write(psapAdmin, 'POST', '/api/users', { username: 'granted.clinician', displayName: 'Granted Clinician', password: 'a-long-enough-password', role: 'mcrt_clinician', agencyId: 'champaign-mcrt' });
    expect(made.status).toBe(201);
    const madeId = ((await made.json()) as { id: string }).id;
    await alertsFeed.waitFor((m) => m.type === 'invalidate' && m.entity === 'privacy_alert' && m.id === madeId);
    alertsFeed.close();
    const alerts = (await (await privacy.get('/api/privacy/alerts')).json()) as { items: { action: string; actorId: string; resourceId: string; reason: string }[] };
    const mine = alerts.items.filter((a) => a.action === 'user.regional_admin' && a.resourceId === madeId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ actorId: adminId });
    expect(mine[0]!.reason).toMatch(/user\.create in champaign-mcrt .*county-wide help desk/);
    // Own-agency work raises no alert.
    const own = await write(psapAdmin, 'POST', '/api/users', { username: 'own.taker', displayName: 'Own Taker', password: 'a-long-enough-password', role: 'telecommunicator', agencyId: 'champaign-911' });
    expect(own.status).toBe(201);
    const ownId = ((await own.json()) as { id: string }).id;
    expect((await audit('user.regional_admin')).some((r) => r.resourceId === ownId)).toBe(false);
    await revokeRegionalAdmin(t.server.services, 'system', { userId: adminId, regionId: 'il-ems-6' });
    expect((await write(psapAdmin, 'POST', `/api/users/${madeId}/disable`, { reason: 'grant gone' })).status).toBe(403);
  });

  it('an account shared with another agency: its own roles here may change, the account as a whole may not', async () => {
    const shared = await newAccount('champaign-mcrt');
    expect((await write(mcrtAdmin, 'POST', `/api/users/${shared.id}/memberships`, { agencyId: 'champaign-mcrt', role: 'crisis_dispatcher' })).status).toBe(200);
    // The PSAP's administrator cannot give an MCRT account a role; the command line can.
    expect((await write(psapAdmin, 'POST', `/api/users/${shared.id}/memberships`, { agencyId: 'champaign-911', role: 'telecommunicator' })).status).toBe(403);
    await addMembership(t.server.services, 'system', shared.id, { agencyId: 'champaign-911', role: 'telecommunicator' });
    // The PSAP's administrator may not disable the account or set its password: the MCRT holds it too.
    expect((await write(psapAdmin, 'POST', `/api/users/${shared.id}/disable`, { reason: 'probe' })).status).toBe(403);
    expect((await write(psapAdmin, 'POST', `/api/users/${shared.id}/memberships/end`, { agencyId: 'champaign-mcrt', role: 'crisis_dispatcher' })).status).toBe(403);
    expect((await write(psapAdmin, 'POST', `/api/users/${shared.id}/memberships/end`, { agencyId: 'champaign-911', role: 'telecommunicator' })).status).toBe(200);
  });

  it('a role for an account of another agency needs that agency in reach: 403 and one denied row, or a regional grant, alerted', async () => {
    const counsellor = await newAccount('champaign-988', 'crisis_counsellor');
    const role = { agencyId: 'champaign-911', role: 'administrator' };
    const denied = () => t.server.services.store.read.audit.search({ actorId: psapAdmin.userId, outcome: 'denied', limit: 200 });
    const before = (await denied()).length;
    expect((await write(psapAdmin, 'POST', `/api/users/${counsellor.id}/memberships`, role)).status).toBe(403);
    const after = await denied();
    const rows = after.slice(0, after.length - before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'user.membership.add', resourceId: counsellor.id });
    expect((await t.server.services.store.read.users.allMemberships(counsellor.id)).map((m) => m.agencyId)).toEqual(['champaign-988']);
    expect((await audit('user.regional_admin')).some((r) => r.resourceId === counsellor.id)).toBe(false);

    await grantRegionalAdmin(t.server.services, 'system', { userId: psapAdmin.userId, regionId: 'il-ems-6', reason: 'help desk cover' });
    const alertsFeed = await openFeed(t.url, { cookie: privacy.cookie });
    await alertsFeed.waitFor((m) => m.type === 'ready');
    expect((await write(psapAdmin, 'POST', `/api/users/${counsellor.id}/memberships`, role)).status).toBe(200);
    await alertsFeed.waitFor((m) => m.type === 'invalidate' && m.entity === 'privacy_alert' && m.id === counsellor.id);
    alertsFeed.close();
    const alerts = (await (await privacy.get('/api/privacy/alerts')).json()) as { items: { action: string; resourceId: string; reason: string }[] };
    const mine = alerts.items.filter((a) => a.action === 'user.regional_admin' && a.resourceId === counsellor.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.reason).toMatch(/user\.membership\.add in champaign-911, champaign-988 .*help desk cover/);
    await revokeRegionalAdmin(t.server.services, 'system', { userId: psapAdmin.userId, regionId: 'il-ems-6' });
  });

  it('an account in another region answers 404, as if absent', async () => {
    const elsewhere = await newAccount('il-idhs-dmh', 'auditor');
    expect((await write(mcrtAdmin, 'POST', `/api/users/${elsewhere.id}/disable`, { reason: 'probe' })).status).toBe(404);
  });
});

describe('account lifecycle', () => {
  it('disabling closes the account’s live feeds at once; it then signs in like a wrong password; enabling restores it', async () => {
    const person = await newAccount('champaign-mcrt');
    const session = await signIn(t.url, person.username, 'a-long-enough-password');
    const socket = await openFeed(t.url, { cookie: session.cookie });
    await socket.waitFor((m) => m.type === 'ready');
    const key = randomUUID();
    const disabled = await write(mcrtAdmin, 'POST', `/api/users/${person.id}/disable`, { reason: 'left the team' }, { 'idempotency-key': key });
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as { disabled: boolean }).disabled).toBe(true);
    expect(await socket.closed).toBe(4401);
    expect((await session.get('/api/session')).status).toBe(401);
    // A retry with the same key replays the answer and changes nothing more.
    const retried = await write(mcrtAdmin, 'POST', `/api/users/${person.id}/disable`, { reason: 'left the team' }, { 'idempotency-key': key });
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replay')).toBe('true');
    expect((await audit('user.disable', 'allowed')).filter((r) => r.resourceId === person.id && !r.detail.replayed)).toHaveLength(1);
    const disabledAnswer = await attempt(person.username, 'a-long-enough-password', '192.0.2.50');
    const wrongAnswer = await attempt('clinician', 'not-the-password', '192.0.2.51');
    expect(disabledAnswer.status).toBe(401);
    expect(await withoutRequestId(disabledAnswer)).toEqual(await withoutRequestId(wrongAnswer));
    expect((await write(mcrtAdmin, 'POST', `/api/users/${person.id}/enable`, {})).status).toBe(200);
    expect((await signIn(t.url, person.username, 'a-long-enough-password')).role).toBe('mcrt_clinician');
  });

  it('creating an account and linking an identity honour Idempotency-Key: a retry replays, nothing doubles', async () => {
    const key = randomUUID();
    const body = { username: 'retried.person', displayName: 'Retried Person', password: 'a-long-enough-password', role: 'mcrt_clinician', agencyId: 'champaign-mcrt' };
    const first = await write(mcrtAdmin, 'POST', '/api/users', body, { 'idempotency-key': key });
    const second = await write(mcrtAdmin, 'POST', '/api/users', body, { 'idempotency-key': key });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replay')).toBe('true');
    const id = ((await first.json()) as { id: string }).id;
    expect(((await second.json()) as { id: string }).id).toBe(id);
    expect((await audit('user.create', 'allowed')).filter((r) => r.resourceId === id && !r.detail.replayed)).toHaveLength(1);
    const linkKey = randomUUID();
    const links = [
      await write(mcrtAdmin, 'POST', `/api/users/${id}/identities`, { subject: 'retried@agency.example' }, { 'idempotency-key': linkKey }),
      await write(mcrtAdmin, 'POST', `/api/users/${id}/identities`, { subject: 'retried@agency.example' }, { 'idempotency-key': linkKey }),
    ];
    expect(links.map((r) => r.status)).toEqual([201, 201]);
    expect(links[1]!.headers.get('idempotent-replay')).toBe('true');
    expect(await t.server.services.store.read.identities.forUser(id)).toHaveLength(1);
  });

  it('an administrator cannot disable their own account', async () => {
    const res = await write(mcrtAdmin, 'POST', `/api/users/${mcrtAdmin.userId}/disable`, { reason: 'oops' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { issues: unknown[] } }).error.issues).toEqual([expect.objectContaining({ field: 'id', rule: 'not_self' })]);
  });

  it('a password reset follows the password rules and ends the account’s sessions and feeds', async () => {
    const person = await newAccount('champaign-mcrt');
    const session = await signIn(t.url, person.username, 'a-long-enough-password');
    const socket = await openFeed(t.url, { cookie: session.cookie });
    await socket.waitFor((m) => m.type === 'ready');
    const weak = await write(mcrtAdmin, 'POST', `/api/users/${person.id}/password`, { password: `${person.username}-x` });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues[0]).toMatchObject({ field: 'password', rule: 'personal' });
    expect((await write(mcrtAdmin, 'POST', `/api/users/${person.id}/password`, { password: 'a-brand-new-passphrase' })).status).toBe(200);
    expect(await socket.closed).toBe(4401);
    expect((await session.get('/api/session')).status).toBe(401);
    expect((await attempt(person.username, 'a-long-enough-password', '192.0.2.60')).status).toBe(401);
    expect((await signIn(t.url, person.username, 'a-brand-new-passphrase')).role).toBe('mcrt_clinician');
  });

  it('ending a membership revokes its sessions and tokens and closes their feeds; other memberships stay', async () => {
    const person = await newAccount('champaign-mcrt');
    expect((await write(mcrtAdmin, 'POST', `/api/users/${person.id}/memberships`, { agencyId: 'champaign-mcrt', role: 'crisis_dispatcher' })).status).toBe(200);
    const session = await signIn(t.url, person.username, 'a-long-enough-password');
    expect(session.role).toBe('mcrt_clinician');
    const token = ((await (await session.post('/api/tokens', { name: 'tablet', scopes: ['incident.read', 'feed.subscribe'], expiresInDays: 5 })).json()) as { token: string }).token;
    const bySession = await openFeed(t.url, { cookie: session.cookie });
    const byToken = await openFeed(t.url, { token });
    await bySession.waitFor((m) => m.type === 'ready');
    await byToken.waitFor((m) => m.type === 'ready');
    const ended = await write(mcrtAdmin, 'POST', `/api/users/${person.id}/memberships/end`, { agencyId: 'champaign-mcrt', role: 'mcrt_clinician', reason: 'moved to dispatch' });
    expect(ended.status).toBe(200);
    const view = (await ended.json()) as { memberships: { role: string; endedAt: string | null }[] };
    expect(view.memberships.find((m) => m.role === 'mcrt_clinician')!.endedAt).not.toBeNull();
    expect(await bySession.closed).toBe(4401);
    expect(await byToken.closed).toBe(4401);
    expect((await session.get('/api/session')).status).toBe(401);
    expect((await bearer(token, 'GET', '/api/incidents')).status).toBe(401);
    // The other role still signs in.
    expect((await signIn(t.url, person.username, 'a-long-enough-password')).role).toBe('crisis_dispatcher');
    expect((await audit('user.membership.end', 'allowed')).some((r) => r.resourceId === person.id && r.detail.tokensRevoked === 1)).toBe(true);
    // Ending it again finds no membership in force.
    expect((await write(mcrtAdmin, 'POST', `/api/users/${person.id}/memberships/end`, { agencyId: 'champaign-mcrt', role: 'mcrt_clinician' })).status).toBe(404);
  });

  it('a session and a token reaching their expiry close their feeds at once', async () => {
    const person = await newAccount('champaign-mcrt');
    const session = await signIn(t.url, person.username, 'a-long-enough-password');
    const token = ((await (await session.post('/api/tokens', { name: 'board', scopes: ['feed.subscribe'], expiresInDays: 1 })).json()) as { id: string; token: string });
    const soon = new Date(Date.now() + offset + 1500);
    await sql`UPDATE sessions SET expires_at = ${soon} WHERE user_id = ${person.id}`.execute(t.db.database.db);
    await sql`UPDATE api_tokens SET expires_at = ${soon} WHERE id = ${token.id}`.execute(t.db.database.db);
    const bySession = await openFeed(t.url, { cookie: session.cookie });
    const byToken = await openFeed(t.url, { token: token.token });
    await bySession.waitFor((m) => m.type === 'ready');
    await byToken.waitFor((m) => m.type === 'ready');
    const started = Date.now();
    expect(await bySession.closed).toBe(4401);
    expect(await byToken.closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

describe('API tokens never escalate', () => {
  let telecom: Session;
  beforeAll(async () => {
    telecom = await signIn(t.url, 'telecom');
  });
  const mint = async (s: Session, body: unknown) => s.post('/api/tokens', body);

  it('a token scoped to incident.read cannot make, list or delete tokens; it may revoke itself', async () => {
    const other = (await (await mint(telecom, { name: 'other', expiresInDays: 30 })).json()) as { id: string };
    const narrow = (await (await mint(telecom, { name: 'reader', scopes: ['incident.read'], expiresInDays: 30 })).json()) as { id: string; token: string };
    const made = await bearer(narrow.token, 'POST', '/api/tokens', { name: 'wide', expiresInDays: 366 });
    expect(made.status).toBe(403);
    expect((await bearer(narrow.token, 'GET', '/api/tokens')).status).toBe(403);
    expect((await bearer(narrow.token, 'DELETE', `/api/tokens/${other.id}`)).status).toBe(403);
    const list = (await (await telecom.get('/api/tokens')).json()) as { items: { id: string; revokedAt: string | null }[] };
    expect(list.items.find((i) => i.id === other.id)!.revokedAt).toBeNull();
    expect((await bearer(narrow.token, 'DELETE', `/api/tokens/${narrow.id}`)).status).toBe(204);
    expect((await bearer(narrow.token, 'GET', '/api/incidents')).status).toBe(401);
  });

  it('a token with token.manage mints only narrower, shorter-lived tokens (400 naming the field and rule)', async () => {
    const manager = (await (await mint(telecom, { name: 'manager', scopes: ['incident.read', 'token.manage'], expiresInDays: 30 })).json()) as { token: string };
    const issuesOf = async (res: Response) => ({ status: res.status, issues: ((await res.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues.map((i) => `${i.field}:${i.rule}`) });
    expect(await issuesOf(await bearer(manager.token, 'POST', '/api/tokens', { name: 'unscoped', expiresInDays: 10 }))).toEqual({ status: 400, issues: ['scopes:within_token'] });
    expect(await issuesOf(await bearer(manager.token, 'POST', '/api/tokens', { name: 'wider', scopes: ['incident.create'], expiresInDays: 10 }))).toEqual({ status: 400, issues: ['scopes:within_token'] });
    expect(await issuesOf(await bearer(manager.token, 'POST', '/api/tokens', { name: 'longer', scopes: ['incident.read'], expiresInDays: 60 }))).toEqual({ status: 400, issues: ['expiresInDays:within_token'] });
    const ok = await bearer(manager.token, 'POST', '/api/tokens', { name: 'narrower', scopes: ['incident.read'], expiresInDays: 10 });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { scopes: string[] }).scopes).toEqual(['incident.read']);
    expect((await bearer(manager.token, 'GET', '/api/tokens')).status).toBe(200);
  });

  it('scopes outside the role are refused with 400, even from a session', async () => {
    const res = await mint(telecom, { name: 'auditor?', scopes: ['incident.read', 'audit.read'], expiresInDays: 5 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { field: string; rule: string; message: string }[] } };
    expect(body.error.issues).toEqual([expect.objectContaining({ field: 'scopes', rule: 'within_role' })]);
    expect(body.error.issues[0]!.message).toMatch(/audit\.read/);
  });

  it('a retried creation with the same Idempotency-Key makes one token and never stores its secret', async () => {
    const key = randomUUID();
    const a = await telecom.post('/api/tokens', { name: 'once', scopes: ['incident.read'], expiresInDays: 3 }, { 'idempotency-key': key });
    const b = await telecom.post('/api/tokens', { name: 'once', scopes: ['incident.read'], expiresInDays: 3 }, { 'idempotency-key': key });
    expect([a.status, b.status]).toEqual([201, 201]);
    const [bodyA, bodyB] = (await Promise.all([a.json(), b.json()])) as { id: string; token: string | null }[];
    expect(bodyB!.id).toBe(bodyA!.id);
    expect(bodyA!.token).toMatch(/^ctm_/);
    expect(bodyB!.token).toBeNull();
    expect(b.headers.get('idempotent-replay')).toBe('true');
    const stored = await sql<{ response: unknown }>`SELECT response FROM idempotency_keys WHERE key = ${key}`.execute(t.db.database.db);
    expect(stored.rows).toHaveLength(1);
    expect(JSON.stringify(stored.rows[0]!.response)).not.toContain(bodyA!.token!);
    const list = (await (await telecom.get('/api/tokens')).json()) as { items: { name: string }[] };
    expect(list.items.filter((i) => i.name === 'once')).toHaveLength(1);
  });
});
