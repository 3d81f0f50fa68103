import { FeedClientMessage, STORABLE_TEXT, STORABLE_TEXT_RULE } from '@continuum/contracts';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

/**
 * Bad input never answers 5xx and never half-writes: each refusal is a 4xx in the documented shape,
 * naming the field and the rule, and leaves nothing but its audit row.
 */
let t: TestServer;
let telecom: Session;
let admin: Session;

beforeAll(async () => {
  t = await startTestServer();
  [telecom, admin] = await Promise.all([signIn(t.url, 'telecom'), signIn(t.url, 'admin')]);
});
afterAll(() => t.close());

interface Problem { error: { code: string; message: string; issues?: { field: string; rule: string; message: string }[] } }
const problemOf = async (res: Response) => (await res.json()) as Problem;

type Schema = Record<string, unknown>;
interface Operation { parameters?: { in: string; name: string; schema: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }

/** Every string leaf of a JSON Schema, with its path. */
function stringsOf(schema: Schema | undefined, path: string, out: { path: string; schema: Schema }[]): void {
  if (!schema || typeof schema !== 'object') return;
  const type = schema.type;
  // A string's own allOf holds its patterns: it is judged as one leaf.
  if (type === 'string' || (Array.isArray(type) && type.includes('string'))) return void out.push({ path, schema });
  for (const [key, sub] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) stringsOf(sub, `${path}.${key}`, out);
  if (schema.items) stringsOf(schema.items as Schema, `${path}[]`, out);
  for (const sub of (schema.prefixItems as Schema[] | undefined) ?? []) stringsOf(sub, `${path}[]`, out);
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const sub of (schema[k] as Schema[] | undefined) ?? []) stringsOf(sub, path, out);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') stringsOf(schema.additionalProperties as Schema, `${path}.*`, out);
  if (schema.propertyNames && typeof schema.propertyNames === 'object') stringsOf(schema.propertyNames as Schema, `${path}.<key>`, out);
}

/** A string that can hold only safe characters: a fixed set, a uuid or instant, or the one text schema. */
function isGuarded(schema: Schema): boolean {
  if (Array.isArray(schema.enum) || 'const' in schema) return true;
  if (schema.format === 'uuid' || schema.format === 'date-time') return true;
  const patterns = [schema.pattern, ...((schema.allOf as Schema[] | undefined) ?? []).map((s) => s.pattern)];
  return patterns.includes(STORABLE_TEXT.source);
}

describe('one text schema for every string a client sends', () => {
  it('every string in every body, path parameter and query string of the OpenAPI document uses it', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs/json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const strings: { path: string; schema: Schema }[] = [];
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        // Headers are left out: Node refuses NUL in them, and the idempotency key has its own pattern.
        for (const p of (op.parameters ?? []).filter((q) => q.in !== 'header')) stringsOf(p.schema, `${method.toUpperCase()} ${route} ${p.in}.${p.name}`, strings);
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) stringsOf(media.schema, `${method.toUpperCase()} ${route} body(${type})`, strings);
      }
    }
    // What clients send on the feed socket is input too.
    stringsOf(z.toJSONSchema(FeedClientMessage, { io: 'input' }) as Schema, 'feed message', strings);
    expect(strings.some((s) => s.path.startsWith('feed message'))).toBe(true);
    expect(strings.length).toBeGreaterThan(100);
    const unguarded = strings.filter((s) => !isGuarded(s.schema)).map((s) => s.path);
    expect(unguarded, `strings not on the text schema:\n${unguarded.join('\n')}`).toEqual([]);
  });
});

const db = () => t.server.services.store.database.db;
const incidentCount = async () => Number((await db().selectFrom('incidents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const failedRows = (action: string) => t.server.services.store.read.audit.search({ action, outcome: 'failed', limit: 200 });

describe('characters PostgreSQL cannot hold', () => {
  const NUL = 'Caller\u0000says';
  const LONE = 'voices \ud800 at night';
  it.each([
    ['summary', { summary: NUL }],
    ['location.address', { location: { address: `204 S Race St${'\u0000'}`, lat: 40.1098, lon: -88.2084 } }],
    ['caller.name', { caller: { name: NUL } }],
    ['safetyFlags.0', { safetyFlags: [NUL] }],
    ['summary', { summary: LONE }],
    ['caller.name', { caller: { name: '\udc00' } }],
  ])('a new call with a bad %s is refused with 400 naming it, and writes nothing but its audit row', async (field, override) => {
    const [before, refusals] = [await incidentCount(), (await failedRows('incident.create')).length];
    const res = await telecom.post('/api/incidents', buildIncidentInput(override));
    expect(res.status).toBe(400);
    const { error } = await problemOf(res);
    expect(error.code).toBe('validation_failed');
    expect(error.issues).toEqual([{ field, rule: STORABLE_TEXT_RULE, message: expect.stringMatching(/NUL/) }]);
    expect(await incidentCount()).toBe(before);
    expect((await failedRows('incident.create')).length).toBe(refusals + 1);
  });

  it('a well-formed pair (an emoji) is ordinary text', async () => {
    const res = await telecom.post('/api/incidents', buildIncidentInput({ summary: 'Caller is upset 😟 and asks for a counsellor' }));
    expect(res.status).toBe(201);
  });

  it('the sign-in username: 400 naming it, not a 500', async () => {
    const res = await fetch(`${t.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin\u0000', password: 'continuum-demo' }) });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).error.issues).toEqual([{ field: 'username', rule: STORABLE_TEXT_RULE, message: expect.any(String) }]);
  });

  it('a query string: 400 naming the parameter', async () => {
    const res = await admin.get(`/api/audit?resourceId=${encodeURIComponent('x\u0000y')}`);
    expect(res.status).toBe(400);
    expect((await problemOf(res)).error.issues).toEqual([{ field: 'querystring.resourceId', rule: STORABLE_TEXT_RULE, message: expect.any(String) }]);
  });

  it('a NUL in a path id: 400 naming the parameter, and the refusal keeps its audit row', async () => {
    for (const [path, storedId] of [
      ['/api/incidents/%00/notes', '\uFFFD'],
      ['/api/facilities/champaign%00/arrivals', 'champaign\uFFFD'],
    ] as const) {
      const res = await telecom.post(path, { unitId: 'x', text: 'x' });
      expect(res.status).toBe(400);
      const { error } = await problemOf(res);
      expect([...new Set(error.issues?.map((i) => i.field))]).toEqual(['params.id']);
      const rows = await t.server.services.store.read.audit.search({ resourceId: storedId, outcome: 'failed', limit: 5 });
      expect(rows.map((r) => [r.actorId, r.detail])).toEqual([[telecom.userId, { status: 400, code: 'validation_failed' }]]);
    }
  });
});

describe("the framework's own refusals, in the one error shape", () => {
  const send = (path: string, body: string, contentType: string, method = 'POST') =>
    fetch(`${t.url}${path}`, { method, headers: { 'content-type': contentType, cookie: telecom.cookie, 'x-csrf-token': telecom.csrf }, body });
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const expectProblem = async (res: Response, status: number, code: string, issue: { field: string; rule: string }) => {
    expect(res.status).toBe(status);
    const { error } = await problemOf(res);
    expect(error.code).toBe(code);
    expect(error.issues).toEqual([{ ...issue, message: expect.any(String) }]);
  };

  it('deeply nested JSON: 400 naming the rule, on a route with a body and on one without', async () => {
    await expectProblem(await send('/api/incidents', `${JSON.stringify(buildIncidentInput()).slice(0, -1)},"x":${deep(20000)}}`, 'application/json'), 400, 'validation_failed', { field: 'body', rule: 'max_depth' });
    await expectProblem(await send('/api/session', deep(20000), 'application/json', 'DELETE'), 400, 'validation_failed', { field: 'body', rule: 'max_depth' });
    await expectProblem(await send('/api/units/mcrt-1/panic', `{"a":${deep(20000)}}`, 'application/json'), 400, 'validation_failed', { field: 'body', rule: 'max_depth' });
  });

  it('nesting within the limit, brackets inside strings not counted, is read as usual', async () => {
    const res = await send('/api/incidents', JSON.stringify(buildIncidentInput({ summary: `${'[{'.repeat(100)} caller types brackets` })), 'application/json');
    expect(res.status).toBe(201);
  });

  it('a charset other than UTF-8: 415', async () => {
    const body = JSON.stringify(buildIncidentInput());
    await expectProblem(await send('/api/incidents', body, 'application/json; charset=utf-16'), 415, 'unsupported_media_type', { field: 'body', rule: 'charset' });
    await expectProblem(await send('/api/incidents', body, 'application/json; charset="ISO-8859-1"'), 415, 'unsupported_media_type', { field: 'body', rule: 'charset' });
    expect((await send('/api/incidents', body, 'application/json; charset=UTF-8')).status).toBe(201);
  });

  it('bytes that are not UTF-8: 400 naming the body and the rule, nothing written but the audit row', async () => {
    const [before, refusals] = [await incidentCount(), (await failedRows('incident.create')).length];
    const json = JSON.stringify(buildIncidentInput({ summary: 'MARK' }));
    const [head, tail] = json.split('MARK') as [string, string];
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0x78, 0xff, 0xfe]), Buffer.from(tail)]);
    const res = await fetch(`${t.url}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: telecom.cookie, 'x-csrf-token': telecom.csrf }, body: bytes });
    await expectProblem(res, 400, 'validation_failed', { field: 'body', rule: 'utf8' });
    expect(await incidentCount()).toBe(before);
    expect((await failedRows('incident.create')).length).toBe(refusals + 1);
  });

  it('a body that is not JSON, not declared as JSON, or too large', async () => {
    await expectProblem(await send('/api/incidents', '{"summary":', 'application/json'), 400, 'validation_failed', { field: 'body', rule: 'json' });
    await expectProblem(await send('/api/incidents', 'summary=x', 'text/plain'), 415, 'unsupported_media_type', { field: 'body', rule: 'content_type' });
    await expectProblem(await send('/api/incidents', JSON.stringify({ summary: 'x'.repeat(70_000) }), 'application/json'), 413, 'payload_too_large', { field: 'body', rule: 'max_bytes' });
  });

  it("a URL over Node's header limit, and a request that is not HTTP", async () => {
    const huge = await telecom.get(`/api/incidents?status=${'a'.repeat(20_000)}`);
    expect(huge.status).toBe(431);
    expect((await problemOf(huge)).error).toMatchObject({ code: 'payload_too_large', issues: [{ field: 'headers', rule: 'max_bytes' }] });
    const { connect } = await import('node:net');
    const u = new URL(t.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(u.port), u.hostname, () => socket.write('GARBAGE\r\n\r\n'));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect((JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Problem).error.issues).toEqual([{ field: 'request', rule: 'http', message: expect.any(String) }]);
  });

  it('a malformed URL, and an over-long path parameter (refused by its schema, naming it)', async () => {
    await expectProblem(await telecom.get('/api/incidents/%E0%A4%A'), 400, 'validation_failed', { field: 'url', rule: 'url_encoding' });
    const long = await telecom.get(`/api/incidents/${'a'.repeat(500)}`);
    expect(long.status).toBe(400);
    expect((await problemOf(long)).error.issues).toEqual([{ field: 'params.id', rule: 'format', message: expect.any(String) }]);
  });
});

describe('a reference to nothing, and the database as a safety net', () => {
  const pin = (regionId: string) =>
    fetch(`${t.url}/api/regions/${regionId}/protocol`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: JSON.stringify({ protocolId: 'il-irlm', version: '2025.09.0' }),
    });

  it('pinning a protocol for an unknown region: 404 naming the region, not a foreign-key 500', async () => {
    const res = await pin('nowhere');
    expect(res.status).toBe(404);
    expect((await problemOf(res)).error.issues).toEqual([{ field: 'params.regionId', rule: 'exists', message: expect.any(String) }]);
    const rows = await t.server.services.store.read.audit.search({ action: 'protocol.pin', resourceId: 'nowhere', limit: 5 });
    expect(rows.map((r) => r.outcome)).toEqual(['failed']);
  });

  it('a constraint the database enforces maps to a clear 4xx naming the column', async () => {
    const { databaseRefusal, toProblem } = await import('../src/http/problems.ts');
    const fk = await t.server.services.store.database.db
      .insertInto('region_protocols' as never)
      .values({ region_id: 'nowhere', protocol_id: 'il-irlm', version: '2025.09.0', pinned_at: new Date(), pinned_by: admin.userId } as never)
      .execute()
      .then(() => null, (err: unknown) => err);
    expect(databaseRefusal(fk)).not.toBeNull();
    expect(toProblem(fk, 'r1')).toMatchObject({ status: 422, body: { error: { code: 'unknown_reference', issues: [{ field: 'regionId', rule: 'exists' }] } } });
    const unique = { code: '23505', detail: 'Key (username)=(admin) already exists.' };
    expect(toProblem(unique, 'r2')).toMatchObject({ status: 409, body: { error: { code: 'conflict', issues: [{ field: 'username', rule: 'unique' }] } } });
    expect(JSON.stringify(toProblem(unique, 'r2').body)).not.toContain('(admin)');
    expect(toProblem({ code: '23514', constraint: 'capacity_available_check' }, 'r3')).toMatchObject({ status: 400, body: { error: { issues: [{ field: 'capacityAvailableCheck', rule: 'check' }] } } });
    expect(toProblem({ code: '22P02', message: 'invalid input syntax for type json' }, 'r4').status).toBe(400);
    expect(toProblem(new Error('boom'), 'r5').status).toBe(500);
    // The router's own limit (past every schema's): still the one shape, naming the rule.
    expect(toProblem(Object.assign(new Error('too long'), { code: 'FST_ERR_MAX_PARAM_LENGTH', statusCode: 414 }), 'r6')).toMatchObject({ status: 400, body: { error: { issues: [{ field: 'params', rule: 'max_length' }] } } });
  });

  it('a path that climbs out of the API documents: 400 naming the rule, not a 500', async () => {
    const { request } = await import('node:http');
    const u = new URL(t.url);
    const [status, body] = await new Promise<[number, string]>((resolve, reject) => {
      request({ host: u.hostname, port: u.port, path: '/api/docs/static/../../incidents' }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve([res.statusCode ?? 0, text]));
      }).on('error', reject).end();
    });
    expect(status).toBe(400);
    expect((JSON.parse(body) as Problem).error.issues).toEqual([{ field: 'url', rule: 'path_traversal', message: expect.any(String) }]);
  });
});

describe('closing a call at a facility', () => {
  const closeAt = (id: string, facilityId: string) =>
    telecom.post(`/api/incidents/${id}/transitions`, { action: 'close', disposition: 'transported', details: { transport: { by: 'crisis_team', destination: 'facility', facilityId } } });

  it('an unknown facility, or one outside the call’s region, is refused with 422 naming the field; a real one closes', async () => {
    const store = t.server.services.store.read;
    await store.organisations.upsertRegion({ id: 'bad-input-elsewhere', kind: 'subregion', name: 'Elsewhere', parentId: null });
    await store.organisations.upsertAgency({ id: 'bad-input-elsewhere-ed', regionId: 'bad-input-elsewhere', kind: 'hospital', name: 'Elsewhere ED', countyFips: null, lat: null, lon: null });
    const [local] = await store.facilities.list({ regionId: 'il-ems-6' });
    expect(local).toBeDefined();
    await store.facilities.upsert({ ...local!, id: 'bad-input-elsewhere-ed', agencyId: 'bad-input-elsewhere-ed', name: 'Elsewhere ED' });
    const id = ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
    expect((await telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' })).status).toBe(200);
    for (const facilityId of ['nowhere', 'bad-input-elsewhere-ed']) {
      const res = await closeAt(id, facilityId);
      expect(res.status).toBe(422);
      const { error } = await problemOf(res);
      expect(error.code).toBe('unknown_reference');
      expect(error.issues).toEqual([{ field: 'details.transport.facilityId', rule: 'unknown_facility', message: `no facility ${facilityId} in this call's region` }]);
    }
    const closed = await closeAt(id, local!.id);
    expect(closed.status, await closed.clone().text()).toBe(200);
    expect(((await closed.json()) as { status: string }).status).toBe('closed');
  });
});

describe('an HSDS import', () => {
  type Doc = { locations: Record<string, unknown>[]; service_at_locations: Record<string, unknown>[] } & Record<string, unknown>;
  const exported = async () => (await (await admin.get('/api/facilities/export.hsds')).json()) as Doc;
  const facilityCount = async () => Number((await db().selectFrom('facilities').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const importing = (doc: unknown) => admin.post('/api/facilities/import.hsds', doc);

  it('a location that lost our identifier is matched by its HSDS id: the facility is updated, not duplicated', async () => {
    const doc = await exported();
    expect(doc.locations.length).toBeGreaterThan(0);
    const loc = doc.locations.find((l) => l.external_identifier === 'rantoul-living-room')!;
    delete loc.external_identifier;
    delete loc.external_identifier_type;
    const before = await facilityCount();
    const res = await importing(doc);
    expect(res.status, await res.clone().text()).toBe(200);
    const result = (await res.json()) as { created: string[]; updated: string[]; unchanged: string[] };
    expect(result.created).toEqual([]);
    expect(result.unchanged).toContain('rantoul-living-room');
    expect(await facilityCount()).toBe(before);
  });

  it('a malformed identifier, or two services at one location, are refused with their paths; nothing is written', async () => {
    const doc = await exported();
    const i = doc.locations.findIndex((l) => l.external_identifier === 'rantoul-living-room');
    doc.locations[i]!.external_identifier = 'rantoul living room!';
    doc.service_at_locations.push({ ...doc.service_at_locations[0]!, id: 'sal-twice' });
    const before = await facilityCount();
    const res = await importing(doc);
    expect(res.status).toBe(400);
    const issues = (await problemOf(res)).error.issues!.map((x) => [x.field, x.rule]);
    expect(issues).toEqual([[`locations.${i}.external_identifier`, 'format'], [`service_at_locations.${doc.service_at_locations.length - 1}.location_id`, 'duplicate']]);
    expect(await facilityCount()).toBe(before);
  });

  it('an unknown top-level field is refused with its name', async () => {
    const res = await importing({ ...(await exported()), programs: [], contacts: [] });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).error.issues!.map((x) => [x.field, x.rule])).toEqual([['programs', 'unknown_field'], ['contacts', 'unknown_field']]);
  });
});

describe('person-link refusals name the field', () => {
  let incident: string;
  beforeAll(async () => {
    incident = ((await (await telecom.post('/api/incidents', buildIncidentInput({ person: { name: 'Wilhelmina Quist', age: 41 } }))).json()) as { id: string }).id;
  });
  const link = (body: unknown) => telecom.post(`/api/incidents/${incident}/person-link`, body);
  const fieldsOf = async (res: Response) => (await problemOf(res)).error.issues?.map((i) => [i.field, i.rule]);

  it('a body matching neither form names the fields of the one it was meant as', async () => {
    const wrongType = await link({ newPerson: { name: { given: 5, family: 'Quist' } } });
    expect(wrongType.status).toBe(400);
    expect(await fieldsOf(wrongType)).toEqual([['newPerson.name.given', 'type']]);
    const nul = await link({ newPerson: { name: { given: 'Wil\u0000', family: 'Quist' } } });
    expect(await fieldsOf(nul)).toEqual([['newPerson.name.given', STORABLE_TEXT_RULE]]);
    const empty = await link({});
    expect(empty.status).toBe(400);
    expect(await fieldsOf(empty)).toEqual([['personId', 'required']]);
  });

  it('an unknown person, and linking twice, name personId', async () => {
    const unknown = await link({ personId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    expect(await fieldsOf(unknown)).toEqual([['personId', 'exists']]);
    const made = await link({ newPerson: { name: { given: 'Wilhelmina', family: 'Quist' } } });
    expect(made.status).toBe(200);
    const again = await link({ newPerson: { name: { given: 'Wilhelmina', family: 'Quist' } } });
    expect(again.status).toBe(409);
    expect(await fieldsOf(again)).toEqual([['personId', 'linked_elsewhere']]);
  });

  it('an unknown action on a transition names the action field', async () => {
    const res = await telecom.post(`/api/incidents/${incident}/transitions`, { action: 'teleport' });
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual([['action', 'enum']]);
  });
});
