import { createHash } from 'node:crypto';
import { ErrorBody } from '@continuum/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateReader, type DbState } from './db-state.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { callerFor, closeIdentityProvider, documentedOperations, operationCatalogue, withIdentityProvider, type Caller, type JsonSchema, type OpenApiOperation } from './operations.ts';

/*
 * Every operation of the OpenAPI document, called as a role allowed to call it, with seeded and
 * bounded mutations of a request that succeeds: malformed JSON, wrong types, missing and unknown
 * fields, long strings, NUL and lone surrogates, deep nesting, wrong content types, bad path and
 * query parameters, bad Idempotency-Keys. Each answer: no 5xx; a refusal in the documented error
 * shape, naming the field when a field was at fault; no state change on a refusal; exactly one
 * audit row for each allowed and each refused write. FUZZ_SEED replays a run; FUZZ_RUNS bounds the
 * mutations drawn per kind and operation.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);

/** Starting an identity-provider sign-in stores its state and PKCE verifier: a GET that writes, by design (ADR 0007). */
const WRITING_READS = new Set(['GET /api/auth/oidc/login']);
/** Accepted fixes write no audit row (ADR 0010); refused ones do. */
const UNAUDITED_WHEN_ALLOWED = new Set(['POST /api/units/{id}/positions', 'POST /api/positions']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

interface Mutation {
  kind: string;
  /** What was sent, for the failure message. */
  label: string;
  url: string;
  /** The raw body text; undefined sends none. */
  body?: string;
  headers?: Record<string, string>;
  /** The field at fault, when one is: a 400 must name it (or a part of it). */
  field?: string;
}

let t: TestServer;
let real: Caller | null = null;
let state: () => Promise<DbState>;
const caller: Caller = { session: (role) => real!.session(role), send: (...args) => real!.send(...args) };
const catalogue = operationCatalogue(caller);
// Signing out last: it ends the session the other operations of its role use.
const keys = Object.keys(catalogue).sort((a, b) => Number(a === 'DELETE /api/session') - Number(b === 'DELETE /api/session'));
let documented = new Map<string, OpenApiOperation>();
let components: Record<string, JsonSchema> = {};

beforeAll(async () => {
  t = await startTestServer({ config: await withIdentityProvider() });
  real = await callerFor(t, Object.values(catalogue).flatMap((o) => (o.role ? [o.role] : [])));
  state = await stateReader(t);
  documented = new Map((await documentedOperations(t.url)).map((o) => [o.key, o.operation]));
  components = ((await (await fetch(`${t.url}/api/docs/json`)).json()) as { components?: { schemas?: Record<string, JsonSchema> } }).components?.schemas ?? {};
  // A sign-in per role (argon2id each) on a busy machine: a guard against a hang, not a timing.
}, 300_000);
afterAll(async () => {
  await t?.close();
  await closeIdentityProvider();
});

// ---------------------------------------------------------------- the document's schemas

const deref = (s: JsonSchema | undefined): JsonSchema | undefined => {
  const ref = (s as { $ref?: string } | undefined)?.$ref;
  return ref ? deref(components[ref.split('/').at(-1)!]) : s;
};

/** The schema of the value at `path` of the body, following objects, arrays and the variant a union takes. */
function schemaAt(root: JsonSchema | undefined, path: Path, value: Json): JsonSchema | undefined {
  let s = deref(root);
  let v: Json | undefined = value;
  for (const step of path) {
    s = variantOf(s, v);
    s = deref(typeof step === 'number' ? s?.items : s?.properties?.[step]);
    v = v && typeof v === 'object' ? (v as Record<string, Json>)[step] : undefined;
  }
  return variantOf(s, v);
}

function variantOf(s: JsonSchema | undefined, v: Json | undefined): JsonSchema | undefined {
  const options = s?.anyOf ?? s?.oneOf;
  if (!options) return s;
  const objects = options.map(deref).filter((o): o is JsonSchema => Boolean(o?.properties));
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    // The variant whose fixed values (a discriminator's `enum`/`const`) the value matches.
    const fits = objects.find((o) => Object.entries(o.properties!).every(([k, p]) => {
      const fixed = (p as { const?: unknown }).const ?? (p.enum?.length === 1 ? p.enum[0] : undefined);
      return fixed === undefined || (v as Record<string, Json>)[k] === fixed;
    }));
    return fits ?? objects[0] ?? s;
  }
  return options.map(deref).find((o) => o?.type !== 'null') ?? s;
}

// ---------------------------------------------------------------- the baseline's shape

function leaves(value: Json, path: Path = []): { path: Path; value: Json }[] {
  const here = { path, value };
  if (Array.isArray(value)) return [here, ...value.flatMap((v, i) => leaves(v, [...path, i]))];
  if (value && typeof value === 'object') return [here, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))];
  return [here];
}

const setAt = (root: Json, path: Path, next: Json | undefined): Json => {
  if (path.length === 0) return next ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (next === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = next;
  return copy as Json;
};

const fieldOf = (path: Path) => path.join('.');

/** Every field the schema names at `path` (present or not), beside the ones the baseline holds. */
function objectFields(schema: JsonSchema | undefined, body: Json, path: Path): { path: Path; schema: JsonSchema | undefined }[] {
  const s = schemaAt(schema, path, body);
  return Object.entries(s?.properties ?? {}).map(([k, p]) => ({ path: [...path, k], schema: deref(p) }));
}

const typeOf = (s: JsonSchema | undefined): string => {
  const ty = Array.isArray(s?.type) ? s!.type.find((x) => x !== 'null') : s?.type;
  return ty ?? (s?.enum ? typeof s.enum[0] : 'unknown');
};

const WRONG: Record<string, Json[]> = {
  string: [42, true, ['x'], { a: 1 }],
  number: ['12', true, [], { n: 1 }],
  integer: ['12', 1.5, [], {}],
  boolean: ['true', 0, [], {}],
  array: ['x', 1, { 0: 'x' }, null],
  object: ['x', 1, [], true],
  unknown: [{ nested: [1] }, -1, 'x'],
};

const deep = (depth: number, kind: 'array' | 'object') => (kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

// ---------------------------------------------------------------- the mutations of one operation

function mutationsOf(opKey: string, doc: OpenApiOperation, baseline: { url: string; body?: unknown }): Mutation[] {
  const [method] = opKey.split(' ') as [string, string];
  const seed = SEED ^ createHash('sha256').update(opKey).digest().readUInt32BE(0);
  const draw = <T>(arb: fc.Arbitrary<T>, salt: number): T[] => fc.sample(arb, { seed: seed + salt, numRuns: RUNS });
  const out: Mutation[] = [];
  const hasBody = baseline.body !== undefined;
  const bodySchema = doc.requestBody?.content?.['application/json']?.schema;
  const body = (baseline.body ?? null) as Json;
  const send = (kind: string, label: string, next: Json | undefined, field?: string): Mutation => ({
    kind, label, url: baseline.url, body: next === undefined ? undefined : JSON.stringify(next), ...(field !== undefined ? { field } : {}),
  });

  if (hasBody) {
    const all = leaves(body);
    const strings = all.filter((l) => typeof l.value === 'string');
    const objects = all.filter((l) => l.value && typeof l.value === 'object' && !Array.isArray(l.value));
    const fields = [...new Map([...all.filter((l) => l.path.length > 0), ...objects.flatMap((o) => objectFields(bodySchema, body, o.path).map((f) => ({ path: f.path, value: null })))].map((l) => [fieldOf(l.path), l.path])).values()];
    const pick = <T>(list: T[], n: number) => list[n % list.length]!;

    for (const [i, n] of draw(fc.nat(), 1).entries()) {
      const text = JSON.stringify(body);
      const cut = [text.slice(0, 1 + (n % Math.max(1, text.length - 1))), '{"a":', '{,}', "{'single':'quotes'}", text + '}', '\u0000'][(n + i) % 6]!;
      out.push({ kind: 'malformed JSON', label: JSON.stringify(cut.slice(0, 60)), url: baseline.url, body: cut });
    }
    if (fields.length) {
      for (const [n, w] of draw(fc.tuple(fc.nat(), fc.nat()), 2)) {
        const path = pick(fields, n);
        const schema = schemaAt(bodySchema, path, body);
        const wrong = pick(WRONG[typeOf(schema)] ?? WRONG.unknown!, w);
        out.push(send('wrong type', `${fieldOf(path)} = ${JSON.stringify(wrong)}`, setAt(body, path, wrong), fieldOf(path)));
      }
    }
    for (const o of objects) {
      const required = schemaAt(bodySchema, o.path, body)?.required ?? [];
      for (const [n] of draw(fc.tuple(fc.nat()), 3)) {
        if (!required.length) break;
        const name = pick(required, n);
        out.push(send('missing field', `without ${fieldOf([...o.path, name])}`, setAt(body, [...o.path, name], undefined), fieldOf([...o.path, name])));
      }
      for (const name of draw(fc.stringMatching(/^[a-z][a-zA-Z]{2,12}$/), 4)) {
        const unknown = `zz${name}`;
        out.push(send('unknown field', `${fieldOf([...o.path, unknown])}`, setAt(body, [...o.path, unknown], 'surprise'), fieldOf([...o.path, unknown])));
      }
    }
    if (strings.length) {
      for (const [n, len] of draw(fc.tuple(fc.nat(), fc.integer({ min: 2_001, max: 30_000 })), 5)) {
        const l = pick(strings, n);
        out.push(send('long string', `${fieldOf(l.path)}: ${len} characters`, setAt(body, l.path, 'x'.repeat(len)), fieldOf(l.path)));
      }
      for (const [n, at] of draw(fc.tuple(fc.nat(), fc.nat()), 6)) {
        const l = pick(strings, n);
        const s = l.value as string;
        const i = at % (s.length + 1);
        out.push(send('NUL', `${fieldOf(l.path)} with U+0000`, setAt(body, l.path, `${s.slice(0, i)}\u0000${s.slice(i)}`), fieldOf(l.path)));
      }
      for (const [n, high] of draw(fc.tuple(fc.nat(), fc.boolean()), 7)) {
        const l = pick(strings, n);
        const lone = high ? '\ud83d' : '\ude00';
        out.push(send('lone surrogate', `${fieldOf(l.path)} with ${high ? 'a high' : 'a low'} surrogate`, setAt(body, l.path, `${l.value as string}${lone}`), fieldOf(l.path)));
      }
    }
    for (const [depth, kind] of draw(fc.tuple(fc.integer({ min: 2_000, max: 30_000 }), fc.constantFrom('array' as const, 'object' as const)), 8)) {
      out.push({ kind: 'deep nesting', label: `${depth} nested ${kind}s`, url: baseline.url, body: deep(depth, kind) });
      if (objects.length) {
        const nested = JSON.stringify(setAt(body, [...objects[0]!.path, 'zzDeep'], 0)).replace('"zzDeep":0', `"zzDeep":${deep(depth, kind)}`);
        out.push({ kind: 'deep nesting', label: `${depth} nested ${kind}s in a field`, url: baseline.url, body: nested });
      }
    }
    for (const shape of draw(fc.constantFrom<Json>(null, [], 'text', 42, true), 9)) out.push(send('body of another type', JSON.stringify(shape), shape));
    for (const ct of draw(fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'), 10)) {
      out.push({ kind: 'content type', label: ct, url: baseline.url, body: JSON.stringify(body), headers: { 'content-type': ct } });
    }
  } else if (method !== 'GET') {
    // A route without a body is still sent one: it must be refused or ignored, never overflow the stack.
    for (const [depth] of draw(fc.tuple(fc.integer({ min: 2_000, max: 30_000 })), 11)) {
      out.push({ kind: 'deep nesting', label: `${depth} nested arrays to a route without a body`, url: baseline.url, body: deep(depth, 'array') });
    }
  }

  // Path parameters: each one replaced by something it must refuse or not find.
  const pathParams = (doc.parameters ?? []).filter((p) => p.in === 'path');
  const [pathname, query = ''] = baseline.url.split('?') as [string, string?];
  const template = opKey.split(' ')[1]!.split('/');
  const segments = pathname.split('/');
  for (const p of pathParams) {
    const at = template.indexOf(`{${p.name}}`);
    if (at < 0) continue;
    for (const [bad] of draw(fc.tuple(fc.constantFrom('%00', 'x%00y', '%ED%A0%80', '%F0%9F', 'a'.repeat(5_000), '%2E%2E%2F%2E%2E', 'not-an-id', crypto.randomUUID(), '%E0%A4%A', ' ', '%20')), 12)) {
      const next = [...segments];
      next[at] = bad;
      out.push({ kind: 'path parameter', label: `${p.name} = ${bad.slice(0, 40)}`, url: next.join('/') + (query ? `?${query}` : ''), ...(hasBody ? { body: JSON.stringify(body) } : {}), field: `params.${p.name}` });
    }
  }
  // Query parameters: the documented ones given bad values, and one the document does not know.
  const queryParams = (doc.parameters ?? []).filter((p) => p.in === 'query');
  for (const [n, value] of draw(fc.tuple(fc.nat(), fc.constantFrom('%00', '%ED%A0%80', 'x'.repeat(5_000), '-1', '[]', '9'.repeat(40), 'true')), 13)) {
    const params = new URLSearchParams(query);
    const name = queryParams.length ? queryParams[n % queryParams.length]!.name : 'zzUnknown';
    const raw = `${[...params].filter(([k]) => k !== name).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}&${name}=${value}`;
    // A parameter the route does not document is ignored, like any header it does not read.
    out.push({ kind: 'query parameter', label: `${name} = ${value.slice(0, 40)}`, url: `${pathname}?${raw.replace(/^&/, '')}`, ...(hasBody ? { body: JSON.stringify(body) } : {}), ...(queryParams.length ? { field: `querystring.${name}` } : {}) });
  }
  if (method !== 'GET') {
    for (const key of draw(fc.constantFrom('k'.repeat(129), 'short', 'spaces are not allowed', 'clé-idempotence'), 14)) {
      out.push({ kind: 'idempotency key', label: key.slice(0, 40), url: baseline.url, ...(hasBody ? { body: JSON.stringify(body) } : {}), headers: { 'idempotency-key': key }, field: 'headers.idempotency-key' });
    }
  }
  return out;
}

// ---------------------------------------------------------------- sending and judging

async function sendRaw(role: Parameters<Caller['send']>[0], method: string, m: Mutation, extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { 'idempotency-key': `fuzz-${crypto.randomUUID()}`, ...(m.body === undefined ? {} : { 'content-type': 'application/json' }), ...extra, ...m.headers };
  if (role) Object.assign(headers, { cookie: caller.session(role).cookie, 'x-csrf-token': caller.session(role).csrf });
  // Redirects (identity-provider sign-in) are this server's answer; where they lead is not.
  return fetch(`${t.url}${m.url}`, { method, headers, redirect: 'manual', ...(m.body === undefined ? {} : { body: m.body }) });
}

const overlaps = (a: string, b: string) => a !== '' && b !== '' && (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`));

/** Everything wrong with one answer; empty when it is right. */
function judge(opKey: string, m: Mutation, status: number, text: string, before: DbState, after: DbState): string[] {
  const problems: string[] = [];
  const isWrite = !opKey.startsWith('GET ');
  if (status >= 500) problems.push(`answered ${status}`);
  if (status >= 400) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push('the refusal is not JSON');
    }
    const shape = ErrorBody.safeParse(parsed);
    if (parsed !== null && !shape.success) problems.push('the refusal is not in the documented error shape');
    if (shape.success && status === 400) {
      const issues = shape.data.error.issues ?? [];
      if (!issues.length) problems.push('a 400 without issues');
      if (issues.some((i) => !i.rule)) problems.push('an issue without a rule');
      // A malformed percent-encoding is refused before the URL has parameters: it names the URL.
      const named = (field: string) => overlaps(field, m.field!) || (m.kind === 'path parameter' && field === 'url');
      if (m.field !== undefined && !issues.some((i) => named(i.field))) problems.push(`the 400 does not name ${m.field} (named: ${issues.map((i) => i.field || "''").join(', ')})`);
    }
    if (JSON.stringify(after.rows) !== JSON.stringify(before.rows)) {
      const changed = Object.keys(after.rows).filter((k) => after.rows[k] !== before.rows[k]);
      problems.push(`a refusal changed rows of ${changed.join(', ')}`);
    }
    if (after.feedPosition !== before.feedPosition) problems.push('a refusal published to the feed');
  }
  if (!isWrite && !(status < 400 && WRITING_READS.has(opKey)) && (JSON.stringify(after.rows) !== JSON.stringify(before.rows) || after.feedPosition !== before.feedPosition)) problems.push('a read changed the state');
  if (isWrite) {
    const expected = status < 400 && UNAUDITED_WHEN_ALLOWED.has(opKey) ? 0 : 1;
    if (after.auditRows - before.auditRows !== expected) problems.push(`${after.auditRows - before.auditRows} audit rows for a ${status < 400 ? 'allowed' : 'refused'} write (expected ${expected})`);
  }
  return problems;
}

describe('the fuzz suite, generated from the OpenAPI document', () => {
  it('knows every operation of the document', async () => {
    expect(documented.size).toBeGreaterThan(60);
    expect([...documented.keys()].filter((k) => !(k in catalogue))).toEqual([]);
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
  });

  it.each(keys)(`%s: no 5xx, refusals in the error shape naming the field, no change on refusal, one audit row per write (seed ${SEED})`, async (opKey) => {
    const doc = documented.get(opKey);
    expect(doc, `${opKey} is not in the document`).toBeDefined();
    const op = catalogue[opKey]!;
    const method = opKey.split(' ')[0]!;
    const request = await op.request();
    const baseline: Mutation = { kind: 'baseline', label: 'the request unchanged', url: request.url, ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }) };
    const mutations = mutationsOf(opKey, doc!, request);
    expect(mutations.length).toBeGreaterThan(0);
    const failures: string[] = [];
    let baselineStatus = 0;
    for (const m of [baseline, ...mutations]) {
      const before = await state();
      const res = await sendRaw(op.role, method, m, request.headers);
      const text = await res.text();
      const after = await state();
      if (m === baseline) baselineStatus = res.status;
      const problems = judge(opKey, m, res.status, text, before, after);
      if (problems.length) failures.push(`${m.kind} (${m.label}) → ${res.status}: ${problems.join('; ')} ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // The request the mutations start from is one the server accepts: each refusal is the mutation's.
    expect(baselineStatus, `${opKey} as catalogued`).toBeGreaterThanOrEqual(200);
    expect(baselineStatus, `${opKey} as catalogued`).toBeLessThan(400);
  });
});
