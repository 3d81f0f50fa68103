/**
 * NENA EIDO import (issue 11, "Benchmark"): a 911 CAD's EIDO through POST /api/eido (bearer token,
 * schema validation with ajv, PIDF-LO parsing, the incident written, triage from the CAD's vendor
 * code, the link kept, the outbox checked) until the invalidation reaches a crisis dispatcher's
 * live feed, offered at 50 a second (open loop). Beside it, in the same run and on the same
 * server: POST /api/incidents at the same rate, timed the same way.
 */
import { randomUUID } from 'node:crypto';
import type { RunningServer } from '@continuum/server';
import { envInt } from './measure.ts';
import { listenToFeed, pairedFeedLoop, signInConsole, type PairedOp } from './paired-feed-loop.ts';
import { withBenchServer, type DatabaseUnderTest } from './servers.ts';
import type { BenchRow, TableHeadings } from './table.ts';

export const EIDO_HEADINGS: Partial<TableHeadings> = { value: 'EIDO import', baseline: 'POST /api/incidents', ratio: 'import ÷ create' };

const settings = () => ({ count: envInt('BENCH_EIDO_N', 500), rate: envInt('BENCH_EIDO_RATE', 50), warmup: envInt('BENCH_EIDO_WARMUP', 50) });

export async function benchEidoImport(kind: DatabaseUnderTest): Promise<BenchRow[]> {
  return withBenchServer(kind, 'eido', (server) => measure(server, settings()));
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
  const telecom = await signInConsole(origin, 'telecom');
  const dispatcher = await signInConsole(origin, 'dispatcher');
  const minted = await fetch(`${origin}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: telecom.cookie, 'x-csrf-token': telecom.csrf }, body: JSON.stringify({ name: 'bench CAD', expiresInDays: 1, scopes: ['eido.write'] }) });
  const token = ((await minted.json()) as { token: string }).token;

  // The dispatcher's console: each incident's first invalidation, by id.
  const feed = await listenToFeed(origin, dispatcher, (m) => (m.entity === 'incident' && m.id ? m.id : null));
  const imported: PairedOp = {
    async send() {
      const res = await fetch(`${origin}/api/eido`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() }, body: JSON.stringify(eido()) });
      const body = (await res.json()) as { incident?: { id: string } };
      return { status: res.status, key: body.incident?.id ?? '', body };
    },
  };
  const created: PairedOp = {
    async send() {
      const res = await fetch(`${origin}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: telecom.cookie, 'x-csrf-token': telecom.csrf, 'idempotency-key': randomUUID() }, body: CREATE });
      const body = (await res.json()) as { id?: string };
      return { status: res.status, key: body.id ?? '', body };
    },
  };
  try {
    return await pairedFeedLoop(s, feed, imported, created, { arrival: 'sent → dispatcher feed', p99Note: 'the invalidation of the new incident on a crisis dispatcher socket' });
  } finally {
    feed.close();
  }
}
