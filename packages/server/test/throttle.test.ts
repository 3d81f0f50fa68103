import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILED_SIGN_INS_PER_ADDRESS } from '../src/services/accounts.ts';
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
    expect(((await blocked.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'rate_limited' });
    const rows = await t.server.services.store.read.audit.search({ action: 'session.create', outcome: 'denied', limit: 5 });
    expect(rows[0]!.detail.reason).toBe('address_throttled');
  });
});
