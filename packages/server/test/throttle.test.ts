import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_SIGN_INS_PER_ADDRESS } from '../src/services/access/accounts.ts';
import { loadConfig } from '../src/config.ts';
import { startTestServer, type TestServer } from './harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const signIn = (username: string, password: string) =>
  fetch(`${t.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('the per-address sign-in throttle', () => {
  it('stops one address trying passwords across many accounts, and says when to come back', async () => {
    // Spread over accounts, so that no single account locks.
    const accounts = ['telecom', 'counsellor', 'dispatcher', 'clinician', 'peer', 'officer', 'ems', 'casemanager', 'intake', 'supervisor', 'nobody'];
    for (let i = 0; i < MAX_FAILED_SIGN_INS_PER_ADDRESS; i++) {
      expect((await signIn(accounts[i % accounts.length]!, `guess-number-${i}-x`)).status).toBe(401);
    }
    const blocked = await signIn('admin', 'continuum-demo');
    expect(blocked.status).toBe(429);
    // The address's wait starts at 30 s after its latest failure (less the time since), not 15 minutes.
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(((await blocked.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'rate_limited' });
    const rows = await t.server.services.store.read.audit.search({ action: 'session.create', outcome: 'denied', limit: 5 });
    expect(rows[0]!.detail.reason).toBe('address_throttled');
  });
});

describe('proxy headers', () => {
  it('are not believed by default: X-Forwarded-For cannot pick the address the throttle and the audit see', async () => {
    const before = await t.server.services.store.read.audit.search({ action: 'session.create', outcome: 'denied', limit: 500 });
    const res = await fetch(`${t.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77' },
      body: JSON.stringify({ username: 'telecom', password: 'not-the-password' }),
    });
    expect([401, 429]).toContain(res.status);
    const after = await t.server.services.store.read.audit.search({ action: 'session.create', outcome: 'denied', limit: 500 });
    const added = after.slice(0, after.length - before.length);
    expect(added).toHaveLength(1);
    expect(added[0]!.address).not.toBe('203.0.113.77');
    expect(added[0]!.address).toMatch(/127\.0\.0\.1|::1/);
  });

  it('CONTINUUM_TRUSTED_PROXIES takes addresses and CIDR ranges; anything else fails at start-up naming the setting and the rule', () => {
    expect(loadConfig({}, {}).trustedProxies).toEqual([]);
    expect(loadConfig({}, { CONTINUUM_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1,loopback' }).trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'loopback']);
    for (const bad of ['10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/9', '*']) {
      expect(() => loadConfig({}, { CONTINUUM_TRUSTED_PROXIES: bad }), bad).toThrow(/trustedProxies\.0 \(CONTINUUM_TRUSTED_PROXIES\): each entry must be an IP address, a CIDR range/);
    }
  });
});
