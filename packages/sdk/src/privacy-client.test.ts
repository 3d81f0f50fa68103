import { describe, expect, it } from 'vitest';
import { createClient } from './client.ts';
import { buildSession, fakeFetch, json } from './test-fixtures.ts';

const BASE = 'http://continuum.test';
const row = {
  id: 7, at: '2025-01-01T00:00:00.000Z', actorId: 'u1', actorUsername: 'telecom', actorName: 'Jordan', role: 'telecommunicator',
  agencyId: 'a', action: 'incident.read', outcome: 'allowed', resourceType: 'incident', resourceId: 'r', fieldClasses: ['clinical'],
  purpose: 'crisis_response', address: '10.0.0.1', detail: {},
};

describe('createClient: audit trail and privacy', () => {
  it('sends the audit filters and cursor as a query, leaving empty ones out', async () => {
    const { fetch, calls } = fakeFetch([json(200, { items: [row], nextBeforeId: 7 })]);
    const page = await createClient({ baseUrl: BASE, fetch }).searchAudit({ action: 'incident.read', outcome: 'allowed', resourceId: '', beforeId: 99, limit: 50 });
    expect(calls[0]!.url).toBe(`${BASE}/api/audit?action=incident.read&outcome=allowed&beforeId=99&limit=50`);
    expect(page.nextBeforeId).toBe(7);
  });

  it('builds the export link a browser can follow (same origin: a relative URL)', () => {
    const client = createClient({ baseUrl: '' });
    expect(client.auditExportUrl({ format: 'csv', from: '2025-01-01T00:00:00.000Z', actorUsername: 'telecom' }))
      .toBe('/api/audit/export?format=csv&from=2025-01-01T00%3A00%3A00.000Z&actorUsername=telecom');
  });

  it('ends an agreement with the reason, with the CSRF token and no retry key', async () => {
    const agreement = {
      id: 'g1', name: 'A', agencyIds: ['a', 'b'], purposes: ['crisis_response'], fieldClasses: ['operational'],
      startsAt: '2025-01-01T00:00:00.000Z', endsAt: null, endedAt: '2025-02-01T00:00:00.000Z', endedReason: 'lapsed', active: false,
    };
    const { fetch, calls } = fakeFetch([json(200, buildSession({ csrfToken: 't' })), json(200, agreement)]);
    const ended = await createClient({ baseUrl: BASE, fetch }).endAgreement('g1', { reason: 'lapsed' });
    expect(calls[1]).toMatchObject({ method: 'POST', url: `${BASE}/api/agreements/g1/end` });
    expect(calls[1]!.headers['x-csrf-token']).toBe('t');
    expect(calls[1]!.headers['idempotency-key']).toBeUndefined();
    expect(ended.active).toBe(false);
  });

  it('reads privacy alerts through the contract', async () => {
    const alert = { id: 1, at: '2025-01-01T00:00:00.000Z', actorId: 'u', actorName: 'Gwen', role: 'supervisor', agencyId: 'a', action: 'incident.break_glass', resourceType: 'incident', resourceId: 'i', reason: 'needed' };
    const { fetch } = fakeFetch([json(200, { items: [alert] })]);
    expect((await createClient({ baseUrl: BASE, fetch }).privacyAlerts()).items[0]?.actorName).toBe('Gwen');
  });
});
