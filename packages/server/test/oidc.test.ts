import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { grantRegionalAdmin } from '../src/index.ts';
import { freePort, signIn, startTestServer, type TestServer } from './harness.ts';
import { startTestIssuer, type TestIssuer } from './oidc-issuer.ts';

/**
 * A browser as far as the sign-in needs one: follows redirects by hand and keeps cookies per host
 * and path, so the provider's interaction cookies and Continuum's login cookie behave as in a
 * real browser. `rewrite` lets a test tamper with (or stop at) a URL on the way.
 */
class Browser {
  private readonly jar = new Map<string, Map<string, { value: string; path: string }>>();

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).hostname)?.get(name)?.value;
  }

  async follow(start: string, rewrite: (url: URL) => URL | null = (u) => u, init: RequestInit = {}): Promise<{ url: string; res: Response }> {
    let url = new URL(start);
    let res = await this.fetch(url, init);
    for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 20; hops++) {
      const next = rewrite(new URL(res.headers.get('location')!, url));
      if (!next) return { url: new URL(res.headers.get('location')!, url).href, res };
      url = next;
      res = await this.fetch(url);
    }
    return { url: url.href, res };
  }

  /** Submits the page's one form with `fields`, then follows where it leads. */
  async submit(page: { url: string; res: Response }, fields: Record<string, string>, rewrite?: (url: URL) => URL | null) {
    const action = (await page.res.text()).match(/<form method="post" action="([^"]+)"/)?.[1];
    if (!action) throw new Error(`no form at ${page.url}`);
    const url = new URL(action, page.url);
    const res = await this.fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    return res.status >= 300 && res.status < 400 ? this.follow(new URL(res.headers.get('location')!, url).href, rewrite) : { url: url.href, res };
  }

  private async fetch(url: URL, init: RequestInit = {}): Promise<Response> {
    const cookies = [...(this.jar.get(url.hostname) ?? new Map()).entries()].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`);
    const headers = { accept: 'text/html', ...(init.headers as Record<string, string>), ...(cookies.length ? { cookie: cookies.join('; ') } : {}) };
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      const attr = (key: string) => attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split('=')[1];
      const host = this.jar.get(url.hostname) ?? new Map();
      this.jar.set(url.hostname, host);
      const expired = attr('max-age') === '0' || (attr('expires') && new Date(attr('expires')!) <= new Date()) || value === '';
      if (expired) host.delete(name);
      else host.set(name, { value, path: attr('path') ?? '/' });
    }
    return res;
  }
}

let t: TestServer;
let idp: TestIssuer;
let dispatcherId: string;
const accounts = { 'alice@agency.example': 'alice-password', 'bob@agency.example': 'bob-password', 'mallory@agency.example': 'mallory-password' };

beforeAll(async () => {
  // The redirect URI names Continuum's port, which the issuer must know first: choose it now.
  const port = await freePort();
  const redirectUri = `http://localhost:${port}/api/auth/oidc/callback`;
  idp = await startTestIssuer({ redirectUri, accounts });
  t = await startTestServer({
    config: { port, oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri, label: 'Champaign County SSO' } },
  });
  dispatcherId = (await t.server.services.store.read.users.byUsername('dispatcher'))!.id;
  // The dispatcher is of the MCRT, the demo administrator of the PSAP: linking across agencies
  // needs a regional grant, given here as `continuum admin grant` gives it (accounts.test.ts).
  const adminId = (await t.server.services.store.read.users.byUsername('admin'))!.id;
  await grantRegionalAdmin(t.server.services, 'system', { userId: adminId, regionId: 'il-ems-6', reason: 'OIDC test: link identities across the county' });
  const admin = await signIn(t.url, 'admin');
  expect((await admin.post(`/api/users/${dispatcherId}/identities`, { subject: 'alice@agency.example' })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

/** Starts at Continuum's sign-in button, signs in at the provider, and consents. */
async function signInAtProvider(browser: Browser, login: string, rewrite?: (url: URL) => URL | null) {
  const loginPage = await browser.follow(`${t.url}/api/auth/oidc/login`);
  expect(loginPage.url).toMatch(new RegExp(`^${idp.issuer}/interaction/`));
  const consent = await browser.submit(loginPage, { login, password: accounts[login as keyof typeof accounts] }, rewrite);
  return consent.url.startsWith(idp.issuer) ? browser.submit(consent, {}, rewrite) : consent;
}

const audit = (outcome: 'allowed' | 'denied') => t.server.services.store.read.audit.search({ action: 'session.create', outcome, limit: 20 });
const isCallback = (u: URL) => u.pathname === '/api/auth/oidc/callback';

describe('OIDC sign-in', () => {
  it('meta offers the provider to the sign-in page', async () => {
    const meta = (await (await fetch(`${t.url}/api/meta`)).json()) as { oidc: unknown };
    expect(meta.oidc).toEqual({ enabled: true, label: 'Champaign County SSO' });
  });

  it('sends the browser to the provider with PKCE S256, state and nonce, binding the sign-in to a cookie', async () => {
    const res = await fetch(`${t.url}/api/auth/oidc/login`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({ response_type: 'code', client_id: idp.clientId, scope: 'openid', code_challenge_method: 'S256', redirect_uri: `${t.url}/api/auth/oidc/callback` });
    for (const p of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(p)!.length).toBeGreaterThan(20);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/continuum_oidc=[\w-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/auth\/oidc/i);
  });

  it('a linked subject gets the same kind of session as password sign-in, with its local role', async () => {
    const browser = new Browser();
    let callback: URL | null = null;
    const landed = await signInAtProvider(browser, 'alice@agency.example', (u) => (isCallback(u) ? (callback = u) : u));
    expect(landed.url).toBe(`${t.url}/`);
    const cookie = `continuum_session=${browser.cookie(t.url, 'continuum_session')}`;
    expect(browser.cookie(t.url, 'continuum_oidc')).toBeUndefined();
    const session = await fetch(`${t.url}/api/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    const view = (await session.json()) as { user: { username: string }; role: string; agency: { id: string }; csrfToken: string };
    expect(view).toMatchObject({ user: { username: 'dispatcher' }, role: 'crisis_dispatcher', agency: { id: 'champaign-mcrt' } });
    const row = (await audit('allowed')).find((r) => r.actorId === dispatcherId && r.detail.method === 'oidc');
    expect(row).toMatchObject({ role: 'crisis_dispatcher', agencyId: 'champaign-mcrt', detail: { method: 'oidc', issuer: idp.issuer } });

    // The callback is single-use: replaying it (even from the same browser) opens nothing.
    const replay = await browser.follow(callback!.href);
    expect(replay.url).toBe(`${t.url}/#/signin?error=oidc_state_invalid`);
    // A cookie session like any other: CSRF-protected writes, and sign-out ends it at once.
    expect((await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': view.csrfToken } })).status).toBe(204);
    expect((await fetch(`${t.url}/api/session`, { headers: { cookie } })).status).toBe(401);
  });

  it('an unlinked subject gets no session, and a denied audit row naming the subject', async () => {
    const browser = new Browser();
    const landed = await signInAtProvider(browser, 'mallory@agency.example');
    expect(landed.url).toBe(`${t.url}/#/signin?error=oidc_unknown_identity`);
    expect(browser.cookie(t.url, 'continuum_session')).toBeUndefined();
    const row = (await audit('denied')).find((r) => r.detail.subject === 'mallory@agency.example');
    expect(row).toMatchObject({ actorId: null, detail: { method: 'oidc', reason: 'oidc_unknown_identity', issuer: idp.issuer } });
  });

  it('refuses a tampered state, and the sign-in it belonged to cannot be finished afterwards', async () => {
    const browser = new Browser();
    let genuine: URL | null = null;
    const landed = await signInAtProvider(browser, 'alice@agency.example', (u) => {
      if (!isCallback(u)) return u;
      genuine = new URL(u);
      const forged = new URL(u);
      forged.searchParams.set('state', `${u.searchParams.get('state')}x`);
      return forged;
    });
    expect(landed.url).toBe(`${t.url}/#/signin?error=oidc_state_invalid`);
    expect(browser.cookie(t.url, 'continuum_session')).toBeUndefined();
    expect((await audit('denied')).some((r) => r.detail.reason === 'oidc_state_invalid' && r.detail.cause === 'state_mismatch')).toBe(true);
    expect((await browser.follow(genuine!.href)).url).toBe(`${t.url}/#/signin?error=oidc_state_invalid`);
  });

  it('a callback carried to another browser finds no sign-in there (login CSRF)', async () => {
    let stolen: URL | null = null;
    await signInAtProvider(new Browser(), 'alice@agency.example', (u) => (isCallback(u) ? ((stolen = u), null) : u));
    const victim = new Browser();
    expect((await victim.follow(stolen!.href)).url).toBe(`${t.url}/#/signin?error=oidc_state_invalid`);
    expect(victim.cookie(t.url, 'continuum_session')).toBeUndefined();
    expect((await audit('denied')).some((r) => r.detail.cause === 'no_cookie')).toBe(true);
  });

  it('an error from the provider opens no session and is audited with its code', async () => {
    const browser = new Browser();
    const loginPage = await browser.follow(`${t.url}/api/auth/oidc/login`);
    const landed = await browser.follow(`${loginPage.url}/abort`);
    expect(landed.url).toBe(`${t.url}/#/signin?error=oidc_provider_error`);
    expect(browser.cookie(t.url, 'continuum_session')).toBeUndefined();
    expect((await audit('denied')).some((r) => r.detail.reason === 'oidc_provider_error' && r.detail.error === 'access_denied')).toBe(true);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const browser = new Browser();
    let callback: URL | null = null;
    await signInAtProvider(browser, 'alice@agency.example', (u) => (isCallback(u) ? ((callback = u), null) : u));
    // As if the provider (or someone between) answered another sign-in's request.
    await t.server.services.store.database.db.updateTable('oidc_logins').set({ nonce: 'a-different-nonce-value' }).execute();
    expect((await browser.follow(callback!.href)).url).toBe(`${t.url}/#/signin?error=oidc_token_invalid`);
    expect(browser.cookie(t.url, 'continuum_session')).toBeUndefined();
  });

  it('refuses a forged authorization code at the token exchange', async () => {
    const browser = new Browser();
    const landed = await signInAtProvider(browser, 'alice@agency.example', (u) => {
      if (isCallback(u)) u.searchParams.set('code', 'forged-code');
      return u;
    });
    expect(landed.url).toBe(`${t.url}/#/signin?error=oidc_token_invalid`);
    expect((await audit('denied')).some((r) => r.detail.reason === 'oidc_token_invalid')).toBe(true);
  });

  it('answers API clients with a JSON 401 instead of a redirect', async () => {
    const res = await fetch(`${t.url}/api/auth/oidc/callback?code=x&state=y`, { headers: { accept: 'application/json' }, redirect: 'manual' });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; details: { reason: string } } };
    expect(body.error).toMatchObject({ code: 'unauthenticated', details: { reason: 'oidc_state_invalid' } });
  });
});

describe('linking identities', () => {
  it('administrators link, list and unlink; an unlinked subject stops signing in', async () => {
    const admin = await signIn(t.url, 'admin');
    const telecomId = (await t.server.services.store.read.users.byUsername('telecom'))!.id;
    const link = await admin.post(`/api/users/${telecomId}/identities`, { subject: 'bob@agency.example', issuer: `${idp.issuer}/` });
    expect(link.status).toBe(201);
    expect(await link.json()).toMatchObject({ userId: telecomId, issuer: idp.issuer, subject: 'bob@agency.example' });
    expect((await admin.post(`/api/users/${dispatcherId}/identities`, { subject: 'bob@agency.example' })).status).toBe(409);
    expect((await admin.post(`/api/users/${telecomId}/identities`, { subject: 'x', issuer: 'https://elsewhere.example' })).status).toBe(400);
    expect((await admin.post('/api/users/no-such-user/identities', { subject: 'y' })).status).toBe(404);
    const listed = (await (await admin.get(`/api/users/${telecomId}/identities`)).json()) as { subject: string }[];
    expect(listed.map((i) => i.subject)).toEqual(['bob@agency.example']);
    expect((await signInAtProvider(new Browser(), 'bob@agency.example')).url).toBe(`${t.url}/`);
    const removed = await fetch(`${t.url}/api/users/${telecomId}/identities/${encodeURIComponent('bob@agency.example')}`, { method: 'DELETE', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    expect(removed.status).toBe(204);
    const rows = await t.server.services.store.read.audit.search({ resourceId: telecomId, limit: 10 });
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['user.identity.link', 'user.identity.unlink']));
    expect((await signInAtProvider(new Browser(), 'bob@agency.example')).url).toBe(`${t.url}/#/signin?error=oidc_unknown_identity`);
  });

  it('only administrators may link', async () => {
    const telecom = await signIn(t.url, 'telecom');
    expect((await telecom.post(`/api/users/${telecom.userId}/identities`, { subject: 'self-service' })).status).toBe(403);
    expect((await t.server.services.store.read.audit.search({ action: 'user.identity.link', outcome: 'denied', limit: 5 })).length).toBeGreaterThan(0);
  });
});

describe('OIDC configuration', () => {
  const env = { CONTINUUM_OIDC_ISSUER: 'https://idp.example.org', CONTINUUM_OIDC_CLIENT_ID: 'continuum', CONTINUUM_OIDC_REDIRECT_URI: 'https://continuum.example.org/api/auth/oidc/callback' };

  it('is off without an issuer, and on with the three settings', () => {
    expect(loadConfig({}, {}).oidc).toBeUndefined();
    expect(loadConfig({}, env).oidc).toMatchObject({ issuer: 'https://idp.example.org', clientId: 'continuum', label: "your agency's identity provider" });
  });

  it('fails at start-up, naming the missing setting, when only part of it is set', () => {
    expect(() => loadConfig({}, { CONTINUUM_OIDC_ISSUER: env.CONTINUUM_OIDC_ISSUER })).toThrow(/oidc\.clientId: .*CONTINUUM_OIDC_CLIENT_ID/);
    expect(() => loadConfig({}, { CONTINUUM_OIDC_CLIENT_ID: 'continuum' })).toThrow(/oidc\.issuer: .*CONTINUUM_OIDC_ISSUER/);
    expect(() => loadConfig({}, { ...env, CONTINUUM_OIDC_ISSUER: 'http://idp.example.org' })).toThrow(/oidc\.issuer: must be an https/);
    expect(() => loadConfig({}, { ...env, CONTINUUM_OIDC_REDIRECT_URI: 'https://continuum.example.org/' })).toThrow(/oidc\.redirectUri: .*\/api\/auth\/oidc\/callback/);
  });

  it('a server without it says so and has no login route', async () => {
    const plain = await startTestServer({ seedDemo: false });
    try {
      expect(((await (await fetch(`${plain.url}/api/meta`)).json()) as { oidc: unknown }).oidc).toEqual({ enabled: false, label: null });
      expect((await fetch(`${plain.url}/api/auth/oidc/login`, { redirect: 'manual' })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
