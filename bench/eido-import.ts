/**
 * NENA EIDO import (issue 11, "Benchmark"): a 911 CAD's EIDO through POST /api/eido (bearer token,
 * schema validation with ajv, PIDF-LO parsing, the incident written, triage from the CAD's vendor
 * code, the link kept, the outbox checked) until the invalidation reaches a crisis dispatcher's
 * live feed, offered at 50 a second (open loop). Beside it, in the same run and on the same
 * server: POST /api/incidents at the same rate, timed the same way.
 */
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '@continuum/server';
import WebSocket from 'ws';
import { envInt, fmtMs, openLoop, percentile, type OpenLoopRun } from './measure.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import { ratio, type BenchRow, type TableHeadings } from './table.ts';

export const EIDO_HEADINGS: Partial<TableHeadings> = { value: 'EIDO import', baseline: 'POST /api/incidents', ratio: 'import ÷ create' };

const settings = () => ({ count: envInt('BENCH_EIDO_N', 500), rate: envInt('BENCH_EIDO_RATE', 50), warmup: envInt('BENCH_EIDO_WARMUP', 50) });

export async function benchEidoImport(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  return withBenchServer(kind, 'eido', (server) => measure(server, settings()));
}

async function signIn(origin: string, username: string) {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'continuum-demo' }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

/** A CAD's EIDO of a crisis call with a caller position and an MPDS code the demo protocol maps. */
function eido(): Record<string, unknown> {
  const id = `urn:emergency:uid:incidentid:${randomUUID()}:cad.bench`;
  const at = new Date().toISOString();
  const pro = (cid: string) => ({ $id: cid, lastUpdateTimeStamp: at, updatedByAgencyReference: { $ref: 'cad.bench' } });
  const pidf = `<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" entity="pres:c@bench"><tuple id="t"><status><gp:geopriv><gp:location-info><gml:Point><gml:pos>40.11 -88.2</gml:pos></gml:Point></gp:location-info></gp:geopriv></status></tuple></presence>`;
  return {
    ...pro(id), eidoVersion: '1.0', issuingElementIdentification: 'cad.bench',
    agencyComponent: [{ ...pro('cad.bench'), agencyRoleDescriptionRegistryText: ['CallReceiving'], agencyType: ['psap'] }],
    incidentComponent: { ...pro(`${id}:i`), incidentTypeCommonRegistryText: 'MNTL', incidentTypeInternalCode: '25-A-1' },
    callComponent: [{ ...pro(`${id}:c`), callStateRegistryText: 'callAnswered', standardPrimaryCallType: 'emergency', direction: 'incoming', callStartTimestamp: at }],
    callbackComponent: [{ ...pro(`${id}:cb`), callBackInformationUri: ['tel:+12175550100'] }],
    locationComponent: [{ ...pro(`${id}:l`), locationTypeDescriptionRegistryText: 'Caller', locationByValue: pidf }],
  };
}

const CREATE = JSON.stringify({ entryPoint: '911', summary: 'bench', location: { address: '101 W Main St, Urbana, IL', lat: 40.11, lon: -88.2 }, caller: { callbackNumber: '+12175550100' } });

async function measure(server: RunningServer, s: ReturnType<typeof settings>): Promise<BenchRow[]> {
  const origin = server.url.replace('localhost', '127.0.0.1');
  const telecom = await signIn(origin, 'telecom');
  const dispatcher = await signIn(origin, 'dispatcher');
  const minted = await fetch(`${origin}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: telecom.cookie, 'x-csrf-token': telecom.csrf }, body: JSON.stringify({ name: 'bench CAD', expiresInDays: 1, scopes: ['eido.write'] }) });
  const token = ((await minted.json()) as { token: string }).token;

  // The dispatcher's console: each incident's first invalidation, by id.
  const arrived = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const socket = await new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/feed`, { headers: { cookie: dispatcher.cookie }, origin });
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; entity?: string; id?: string };
      if (m.type === 'ready') resolve(ws);
      if (m.type !== 'invalidate' || m.entity !== 'incident' || !m.id || arrived.has(m.id)) return;
      arrived.set(m.id, performance.now());
      waiting.get(m.id)?.();
    });
    ws.on('error', reject);
  });
  const heard = (id: string) => (arrived.has(id) ? Promise.resolve() : new Promise<void>((r) => waiting.set(id, r)));

  const responseMs: Record<'eido' | 'create', number[]> = { eido: [], create: [] };
  const op = (kind: 'eido' | 'create') => async (): Promise<string> => {
    const t0 = performance.now();
    const res = kind === 'eido'
      ? await fetch(`${origin}/api/eido`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body: JSON.stringify(eido()) })
      : await fetch(`${origin}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: telecom.cookie, 'x-csrf-token': telecom.csrf, 'idempotency-key': randomUUID() }, body: CREATE });
    const body = (await res.json()) as { id?: string; incident?: { id: string } };
    if (res.status !== 201) throw new Error(`${kind} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    responseMs[kind].push(performance.now() - t0);
    await heard(kind === 'eido' ? body.incident!.id : body.id!);
    return String(res.status);
  };

  try {
    await openLoop(s.warmup, s.rate, s.rate, op('eido'));
    await openLoop(s.warmup, s.rate, s.rate, op('create'));
    responseMs.eido.length = 0;
    responseMs.create.length = 0;
    // Halves in alternating order, so drift hits both.
    const half = Math.ceil(s.count / 2);
    const runs: Record<'eido' | 'create', OpenLoopRun[]> = { eido: [], create: [] };
    runs.eido.push(await openLoop(half, s.rate, s.rate, op('eido')));
    runs.create.push(await openLoop(half, s.rate, s.rate, op('create')));
    runs.create.push(await openLoop(s.count - half, s.rate, s.rate, op('create')));
    runs.eido.push(await openLoop(s.count - half, s.rate, s.rate, op('eido')));
    const all = (k: 'eido' | 'create') => runs[k].flatMap((r) => r.fromDue);
    const row = (name: string, q: number, note: string): BenchRow => {
      const a = percentile(all('eido'), q);
      const b = percentile(all('create'), q);
      return { name, value: fmtMs(a), baseline: fmtMs(b), ratio: ratio(a, b), note };
    };
    const resp = (q: number): BenchRow => {
      const a = percentile(responseMs.eido, q);
      const b = percentile(responseMs.create, q);
      return { name: `HTTP response p${q}`, value: fmtMs(a), baseline: fmtMs(b), ratio: ratio(a, b), note: 'the write alone' };
    };
    return [
      row('sent → dispatcher feed p50', 50, `${s.count} each, offered at ${s.rate}/s (open loop, from when each was due)`),
      row('sent → dispatcher feed p99', 99, 'the invalidation of the new incident on a crisis dispatcher socket'),
      resp(50),
      resp(99),
    ];
  } finally {
    socket.close();
  }
}
