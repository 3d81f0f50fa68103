import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite session cookie and returns the role, agency and abilities', async () => {
    const res = await post('/api/session', { username: 'dispatcher', password: 'continuum-demo' });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/continuum_session=[\w-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const body = (await res.json()) as { role: string; agency: { id: string }; abilities: string[]; csrfToken: string };
    expect(body).toMatchObject({ role: 'crisis_dispatcher', agency: { id: 'champaign-mcrt' } });
    expect(body.abilities).toContain('incident.dispatch');
    expect(body.csrfToken.length).toBeGreaterThan(30);
  });

  it('answers a wrong password and an unknown user alike, and audits both', async () => {
    const wrong = await post('/api/session', { username: 'dispatcher', password: 'not-the-password' });
    const unknown = await post('/api/session', { username: 'nobody-here', password: 'whatever-it-is' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as { error: { message: string } };
    const b = (await unknown.json()) as { error: { message: string } };
    expect(a.error.message).toBe(b.error.message);
    const rows = await t.server.services.store.read.audit.search({ action: 'session.create', outcome: 'denied', limit: 10 });
    expect(rows.map((r) => r.detail.reason)).toEqual(expect.arrayContaining(['bad_password', 'unknown_or_disabled']));
  });

  it('after five failed sign-ins, the same address waits before trying again, even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await post('/api/session', { username: 'ems', password: `wrong-${i}-password` })).status).toBe(401);
    const waiting = await post('/api/session', { username: 'ems', password: 'continuum-demo' });
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toMatch(/^(29|30)$/);
    expect(((await waiting.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('a signed-out session stops working at once', async () => {
    const s = await signIn(t.url, 'telecom');
    expect((await s.get('/api/session')).status).toBe(200);
    const out = await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.status).toBe(204);
    expect((await s.get('/api/session')).status).toBe(401);
    expect((await s.get('/api/incidents')).status).toBe(401);
  });

  it('401 for a forged session cookie', async () => {
    const res = await fetch(`${t.url}/api/incidents`, { headers: { cookie: 'continuum_session=forged-value-that-is-long-enough-to-look-real' } });
    expect(res.status).toBe(401);
  });
});

describe('API tokens', () => {
  it('act as the member who made them, within their scopes, without CSRF, until revoked or expired', async () => {
    const s = await signIn(t.url, 'telecom');
    const made = await s.post('/api/tokens', { name: 'CAD bridge', scopes: ['incident.read', 'incident.create'], expiresInDays: 30 });
    expect(made.status).toBe(201);
    const { token, id } = (await made.json()) as { token: string; id: string };
    expect(token).toMatch(/^ctm_/);
    const bearer = { authorization: `Bearer ${token}` };
    const created = await post('/api/incidents', buildIncidentInput(), bearer);
    expect(created.status).toBe(201);
    const incident = (await created.json()) as { id: string };
    // Outside its scopes although within the role:
    const triage = await post(`/api/incidents/${incident.id}/transitions`, { action: 'triage', level: 1, protocolVersion: 'p@1', factors: [] }, bearer);
    expect(triage.status).toBe(403);
    // Revocation takes effect on the next request.
    await t.server.services.store.read.tokens.revoke(id, new Date());
    expect((await fetch(`${t.url}/api/incidents`, { headers: bearer })).status).toBe(401);
  });

  it('401 for an unknown bearer token and for a malformed Authorization header', async () => {
    expect((await fetch(`${t.url}/api/incidents`, { headers: { authorization: 'Bearer ctm_nope' } })).status).toBe(401);
    expect((await fetch(`${t.url}/api/incidents`, { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });
});

describe('system routes', () => {
  it('healthz and readyz answer without signing in; the API docs describe every route', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    const docs = (await (await fetch(`${t.url}/api/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(docs.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/api/incidents', '/api/incidents/{id}/transitions', '/api/session']));
  });

  it('meta lists the demo sign-ins, one per role', async () => {
    const meta = (await (await fetch(`${t.url}/api/meta`)).json()) as { demo: boolean; demoSignIns: { role: string }[] };
    expect(meta.demo).toBe(true);
    expect(new Set(meta.demoSignIns.map((d) => d.role)).size).toBe(14);
  });

  it('sends security headers and never caches API answers', async () => {
    const res = await fetch(`${t.url}/api/meta`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('an administrator creates an account; others may not', async () => {
    const admin = await signIn(t.url, 'admin');
    // The demo administrator is of the PSAP: it creates the PSAP's accounts (accounts.test.ts: no other agency's).
    const input = { username: 'new.taker', displayName: 'New Taker', password: 'a-long-enough-password', role: 'telecommunicator', agencyId: 'champaign-911' };
    expect((await admin.post('/api/users', input)).status).toBe(201);
    expect((await signIn(t.url, 'new.taker', 'a-long-enough-password')).role).toBe('telecommunicator');
    const dup = await admin.post('/api/users', input);
    expect(dup.status).toBe(409);
    const short = await admin.post('/api/users', { ...input, username: 'other', password: 'short' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: { issues: { field: string; rule: string }[] } }).error.issues[0]).toMatchObject({ field: 'password', rule: 'min' });
    const telecom = await signIn(t.url, 'telecom');
    expect((await telecom.post('/api/users', { ...input, username: 'sneaky' })).status).toBe(403);
  });
});
