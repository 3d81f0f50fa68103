import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type TestServer } from './harness.ts';

// A clock the test moves, and every log line the server writes, at the most verbose level.
let now = new Date('2026-11-22T08:00:00Z');
const lines: string[] = [];
const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } }));
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ clock: () => now, logger });
});
afterAll(() => t.close());

describe('credential lifetimes', () => {
  it('a session stops working when it expires', async () => {
    const s = await signIn(t.url, 'dispatcher');
    expect((await s.get('/api/session')).status).toBe(200);
    now = new Date(now.getTime() + 12 * 3_600_000 + 1000);
    expect((await s.get('/api/session')).status).toBe(401);
  });

  it('a token stops working when it expires or its owner revokes it; others cannot revoke it', async () => {
    const s = await signIn(t.url, 'telecom');
    const short = (await (await s.post('/api/tokens', { name: 'short', expiresInDays: 1 })).json()) as { id: string; token: string };
    const long = (await (await s.post('/api/tokens', { name: 'long', expiresInDays: 30 })).json()) as { id: string; token: string };
    const use = (token: string) => fetch(`${t.url}/api/incidents`, { headers: { authorization: `Bearer ${token}` } });
    expect((await use(short.token)).status).toBe(200);
    const listed = (await (await s.get('/api/tokens')).json()) as { items: { id: string; name: string }[] };
    expect(listed.items.map((i) => i.name).sort()).toEqual(['long', 'short']);
    expect(JSON.stringify(listed)).not.toContain(short.token);
    const other = await signIn(t.url, 'counsellor');
    const theirs = await fetch(`${t.url}/api/tokens/${long.id}`, { method: 'DELETE', headers: { cookie: other.cookie, 'x-csrf-token': other.csrf } });
    expect(theirs.status).toBe(404);
    const mine = await fetch(`${t.url}/api/tokens/${long.id}`, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(mine.status).toBe(204);
    expect((await use(long.token)).status).toBe(401);
    now = new Date(now.getTime() + 2 * 86_400_000);
    expect((await use(short.token)).status).toBe(401);
  });
});

describe('passwords', () => {
  it('an administrator cannot set a weak password; the error names the field and the rule', async () => {
    const admin = await signIn(t.url, 'admin');
    const res = await admin.post('/api/users', { username: 'sam.weak', displayName: 'Sam Weak', password: 'Password1234', role: 'ems_crew', agencyId: 'champaign-ems' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { field: string; rule: string }[] } };
    expect(body.error.issues).toContainEqual(expect.objectContaining({ field: 'password', rule: 'common' }));
    const personal = await admin.post('/api/users', { username: 'sam.weak', displayName: 'Sam Weak', password: 'sam.weak.is.my.name', role: 'ems_crew', agencyId: 'champaign-ems' });
    expect(((await personal.json()) as { error: { issues: { rule: string }[] } }).error.issues[0]!.rule).toBe('personal');
  });
});

describe('logs', () => {
  it('carry no personal data, credential or CSRF token, even at trace level and on errors', async () => {
    const s = await signIn(t.url, 'telecom');
    const input = buildIncidentInput({ summary: 'Neighbour reports Quentin Marlowe threatening himself', caller: { name: 'Odile Brassard', callbackNumber: '+1 217 555 0199' } });
    const created = (await (await s.post('/api/incidents', input)).json()) as { id: string };
    await s.post('/api/incidents', { ...input, extra: 'Odile Brassard' });
    await s.post('/api/incidents', '{"summary": "Quentin Marlowe');
    await s.get(`/api/incidents/${created.id}`);
    await fetch(`${t.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'telecom', password: 'wrong-password-Odile' }) });
    const probe = await openFeed(t.url, { cookie: s.cookie });
    await probe.waitFor((m) => m.type === 'ready');
    probe.close();
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const secret of ['Quentin', 'Marlowe', 'Odile', 'Brassard', '555 0199', 'wrong-password', s.csrf, s.cookie.split('=')[1]!]) {
      expect(all, `log contains ${secret}`).not.toContain(secret);
    }
  });
});
