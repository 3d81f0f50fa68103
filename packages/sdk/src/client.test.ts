import { describe, expect, it } from 'vitest';
import { createClient } from './client.ts';
import { ApiError } from './errors.ts';
import { buildIncidentView, buildSession, buildTriageView, fakeFetch, json } from './test-fixtures.ts';

const BASE = 'http://continuum.test';
const newIncident = { entryPoint: '911' as const, summary: 'Person in distress', location: { address: '1 Main St' } };

describe('createClient: sessions, cookies and CSRF', () => {
  it('keeps the session cookie and CSRF token from sign-in and sends both on a write', async () => {
    const { fetch, calls } = fakeFetch([
      json(200, buildSession({ csrfToken: 'tok-A' }), { 'set-cookie': 'continuum_session=abc; Path=/; HttpOnly' }),
      json(201, buildIncidentView()),
    ]);
    const client = createClient({ baseUrl: `${BASE}/`, fetch });
    await client.signIn({ username: 'telecom', password: 'continuum-demo' });
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
    expect(client.csrfToken).toBe('tok-A');

    await client.createIncident(newIncident);
    expect(calls[1]!.url).toBe(`${BASE}/api/incidents`);
    expect(calls[1]!.headers.cookie).toBe('continuum_session=abc');
    expect(calls[1]!.headers['x-csrf-token']).toBe('tok-A');
    expect(calls[1]!.headers['idempotency-key']).toMatch(/^[\w.:-]{8,128}$/);
  });

  it('fetches the session first when a write is made before the CSRF token is known', async () => {
    const { fetch, calls } = fakeFetch([json(200, buildSession({ csrfToken: 'tok-B' })), json(201, buildIncidentView())]);
    const client = createClient({ baseUrl: BASE, fetch });
    await client.createIncident(newIncident);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([`GET ${BASE}/api/session`, `POST ${BASE}/api/incidents`]);
    expect(calls[1]!.headers['x-csrf-token']).toBe('tok-B');
  });

  it('refreshes a rotated CSRF token once and resends with the same idempotency key', async () => {
    const { fetch, calls } = fakeFetch([
      json(200, buildSession({ csrfToken: 'old' })),
      json(403, { error: { code: 'csrf_failed', message: 'CSRF token missing or wrong' } }),
      json(200, buildSession({ csrfToken: 'new' })),
      json(201, buildIncidentView()),
    ]);
    const client = createClient({ baseUrl: BASE, fetch });
    await client.session();
    await client.createIncident(newIncident);
    expect(calls[3]!.headers['x-csrf-token']).toBe('new');
    expect(calls[3]!.headers['idempotency-key']).toBe(calls[1]!.headers['idempotency-key']);
  });

  it('answers null from session() when not signed in', async () => {
    const { fetch } = fakeFetch([json(401, { error: { code: 'unauthenticated', message: 'Sign in first' } })]);
    expect(await createClient({ baseUrl: BASE, fetch }).session()).toBeNull();
  });

  it('forgets the token and cookie on sign-out', async () => {
    const { fetch, calls } = fakeFetch([
      json(200, buildSession(), { 'set-cookie': 's=1; Path=/' }),
      new Response(null, { status: 204, headers: { 'set-cookie': 's=; Max-Age=0; Path=/' } }),
    ]);
    const client = createClient({ baseUrl: BASE, fetch });
    await client.signIn({ username: 'telecom', password: 'x' });
    await client.signOut();
    expect(calls[1]!.method).toBe('DELETE');
    expect(calls[1]!.headers['x-csrf-token']).toBe('csrf-1');
    expect(client.csrfToken).toBeNull();
    expect(client.cookieHeader()).toBeUndefined();
  });

  it('in token mode sends a bearer token, no CSRF header and no cookies', async () => {
    const { fetch, calls } = fakeFetch([json(201, buildIncidentView(), { 'set-cookie': 'x=1' }), json(201, buildIncidentView())]);
    const client = createClient({ baseUrl: BASE, fetch, token: 'ctm_secret' });
    await client.createIncident(newIncident);
    await client.createIncident(newIncident);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers.authorization).toBe('Bearer ctm_secret');
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
    expect(calls[1]!.headers.cookie).toBeUndefined();
  });
});

describe('createClient: retries and idempotency', () => {
  it('retries a write after a network failure with the same Idempotency-Key', async () => {
    const { fetch, calls } = fakeFetch([new TypeError('fetch failed'), json(201, buildIncidentView())]);
    const client = createClient({ baseUrl: BASE, fetch, token: 't', retryDelayMs: 0 });
    const view = await client.createIncident(newIncident);
    expect(view.status).toBe('received');
    expect(calls).toHaveLength(2);
    const [first, second] = calls;
    expect(first!.headers['idempotency-key']).toBeDefined();
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.body).toEqual(first!.body);
  });

  it('uses a new key for each logical write, and the caller’s key when given', async () => {
    const { fetch, calls } = fakeFetch([json(201, buildIncidentView()), json(201, buildIncidentView()), json(200, buildIncidentView())]);
    const client = createClient({ baseUrl: BASE, fetch, token: 't' });
    await client.createIncident(newIncident);
    await client.createIncident(newIncident);
    await client.transitionIncident('abc', { action: 'cancel', reason: 'duplicate call' }, { idempotencyKey: 'replay-key-1' });
    expect(calls[0]!.headers['idempotency-key']).not.toBe(calls[1]!.headers['idempotency-key']);
    expect(calls[2]!.headers['idempotency-key']).toBe('replay-key-1');
    expect(calls[2]!.url).toBe(`${BASE}/api/incidents/abc/transitions`);
  });

  it('retries 503 answers and gives up after the configured attempts with a typed error', async () => {
    const unavailable = () => json(503, { error: { code: 'unavailable', message: 'Database unreachable' } });
    const { fetch, calls } = fakeFetch([unavailable(), unavailable(), unavailable()]);
    const client = createClient({ baseUrl: BASE, fetch, token: 't', retries: 2, retryDelayMs: 0 });
    const error = await client.listIncidents().catch((e: unknown) => e);
    expect(calls).toHaveLength(3);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: 'unavailable', message: 'Database unreachable' });
  });

  it('does not retry a client error, and exposes the field issues', async () => {
    const { fetch, calls } = fakeFetch([
      json(400, {
        error: {
          code: 'validation_failed',
          message: 'location.address: required',
          issues: [{ field: 'location.address', rule: 'required', message: 'required' }],
        },
      }),
    ]);
    const client = createClient({ baseUrl: BASE, fetch, token: 't', retryDelayMs: 0 });
    const error = (await client.createIncident(newIncident).catch((e: unknown) => e)) as ApiError;
    expect(calls).toHaveLength(1);
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual([{ field: 'location.address', rule: 'required', message: 'required' }]);
  });

  it('reports a network failure that outlasts the retries as network_error with status 0', async () => {
    const { fetch } = fakeFetch([new TypeError('fetch failed'), new TypeError('fetch failed')]);
    const client = createClient({ baseUrl: BASE, fetch, retries: 1, retryDelayMs: 0 });
    await expect(client.meta()).rejects.toMatchObject({ status: 0, code: 'network_error', isNetwork: true });
  });
});

describe('createClient: reads', () => {
  it('builds the incident list query and validates the answer', async () => {
    const { fetch, calls } = fakeFetch([json(200, { items: [buildIncidentView()], nextBefore: null })]);
    const client = createClient({ baseUrl: BASE, fetch });
    const list = await client.listIncidents({ limit: 50, status: ['received', 'triaged'] });
    expect(calls[0]!.url).toBe(`${BASE}/api/incidents?limit=50&status=received%2Ctriaged`);
    expect(list.items[0]!.location?.address).toBe('1 Main St, Urbana');
  });

  it('rejects an answer that breaks the contract as invalid_response', async () => {
    const { fetch } = fakeFetch([json(200, { items: [{ id: 1 }], nextBefore: null })]);
    const error = (await createClient({ baseUrl: BASE, fetch }).listIncidents().catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('items.0');
  });

  it('reads meta with the demo sign-ins, defaulting what an older server leaves out', async () => {
    const { fetch } = fakeFetch([json(200, { name: 'Continuum', version: '0.1.0', database: 'pglite', demo: false })]);
    const meta = await createClient({ baseUrl: '', fetch }).meta();
    expect(meta).toMatchObject({ demo: false, demoSignIns: [], region: null });
  });

  it('encodes ids in paths', async () => {
    const { fetch, calls } = fakeFetch([json(200, { items: [], redacted: [] })]);
    await createClient({ baseUrl: '', fetch }).incidentEvents('a/b');
    expect(calls[0]!.url).toBe('/api/incidents/a%2Fb/events');
  });
});

describe('createClient: the guided interview', () => {
  it('reads the interview and validates it against the contract', async () => {
    const { fetch, calls } = fakeFetch([json(200, buildTriageView())]);
    const view = await createClient({ baseUrl: BASE, fetch, token: 't' }).triage('abc');
    expect(calls[0]!.url).toBe(`${BASE}/api/incidents/abc/triage`);
    expect(view.nextQuestion?.answers.map((a) => a.key)).toEqual(['weapon', 'none', 'unsure']);
  });

  it('posts an answer as a write, with CSRF and the caller’s idempotency key', async () => {
    const determined = buildTriageView({ status: 'determined', level: 4, levelName: 'Emergent', emergent: true, nextQuestion: null });
    const { fetch, calls } = fakeFetch([json(200, buildSession({ csrfToken: 'tok-T' })), json(200, determined)]);
    const client = createClient({ baseUrl: BASE, fetch });
    const view = await client.answerTriage('abc', { questionId: 'immediate_danger', answerKey: 'weapon' }, { idempotencyKey: 'answer-key-1' });
    expect(calls[1]).toMatchObject({
      method: 'POST',
      url: `${BASE}/api/incidents/abc/triage/answers`,
      body: { questionId: 'immediate_danger', answerKey: 'weapon' },
    });
    expect(calls[1]!.headers['x-csrf-token']).toBe('tok-T');
    expect(calls[1]!.headers['idempotency-key']).toBe('answer-key-1');
    expect(view).toMatchObject({ status: 'determined', level: 4, emergent: true });
  });

  it('surfaces an answer after the determination as illegal_transition', async () => {
    const { fetch } = fakeFetch([json(409, { error: { code: 'illegal_transition', message: 'The interview is over' } })]);
    const client = createClient({ baseUrl: BASE, fetch, token: 't' });
    await expect(client.answerTriage('abc', { questionId: 'need', answerKey: 'talk' })).rejects.toMatchObject({ status: 409, code: 'illegal_transition' });
  });
});
