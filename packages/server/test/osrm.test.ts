import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GreatCircleEstimator, greatCircleKm, type GeoPoint } from '@continuum/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { OsrmEstimator, travelEstimatorFor } from '../src/routing/osrm.ts';
import { signIn, startTestServer } from './harness.ts';

/** How the fake OSRM behaves for the next requests. */
type Mode = 'ok' | 'slow' | 'error' | 'garbage' | 'unroutable_second' | 'no_distances' | 'short_table';

let mode: Mode = 'ok';
let requests: URL[] = [];
let server: Server;
let base: string;

// The fake router drives 1.25× the straight line at 50 km/h, so expected answers are computable.
const ROAD_FACTOR = 1.25;
const KMH = 50;

/** A fake OSRM that answers /table like a real one (http://project-osrm.org/docs/v5.24.0/api/#table-service). */
function answer(url: URL): { status: number; body: string } {
  const match = /^\/table\/v1\/driving\/(.+)$/.exec(url.pathname);
  if (!match) return { status: 400, body: JSON.stringify({ code: 'InvalidUrl', message: 'URL string malformed' }) };
  const points = match[1]!.split(';').map((c) => c.split(',').map(Number) as [number, number]);
  const sources = (url.searchParams.get('sources') ?? '').split(';').map(Number);
  const destinations = (url.searchParams.get('destinations') ?? '').split(';').map(Number);
  const waypoint = ([lon, lat]: [number, number]) => ({ hint: 'x', distance: 3.2, name: 'Main Street', location: [lon, lat] });
  const km = (s: number, d: number) => {
    const [slon, slat] = points[s]!;
    const [dlon, dlat] = points[d]!;
    return greatCircleKm({ lat: slat, lon: slon }, { lat: dlat, lon: dlon }) * ROAD_FACTOR;
  };
  let durations: (number | null)[][] = sources.map((s) => destinations.map((d) => (km(s, d) / KMH) * 3600));
  const distances = sources.map((s) => destinations.map((d) => km(s, d) * 1000));
  if (mode === 'unroutable_second') durations = durations.map((row, i) => (i === 1 ? [null] : row));
  if (mode === 'short_table') durations = durations.slice(1);
  const body: Record<string, unknown> = {
    code: 'Ok',
    durations,
    sources: sources.map((s) => waypoint(points[s]!)),
    destinations: destinations.map((d) => waypoint(points[d]!)),
  };
  if (mode !== 'no_distances') body['distances'] = distances;
  return { status: 200, body: JSON.stringify(body) };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const send = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    switch (mode) {
      case 'slow':
        setTimeout(() => send(200, JSON.stringify({ code: 'Ok', durations: [] })), 2000).unref();
        return;
      case 'error':
        return send(400, JSON.stringify({ code: 'TooBig', message: 'Too many table coordinates' }));
      case 'garbage':
        return send(200, '<html>proxy error</html>');
      default: {
        const { status, body } = answer(url);
        return send(status, body);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  mode = 'ok';
  requests = [];
});

const INCIDENT: GeoPoint = { lat: 40.1164, lon: -88.2434 };
const UNITS: GeoPoint[] = [
  { lat: 40.1106, lon: -88.2073 },
  { lat: 40.3173, lon: -88.1584 },
  { lat: 40.1959, lon: -88.4042 },
];
const road = (p: GeoPoint) => greatCircleKm(p, INCIDENT) * ROAD_FACTOR;
const greatCircle = new GreatCircleEstimator();

describe('OsrmEstimator', () => {
  it('asks the table service for many units to one incident and reads minutes and kilometres', async () => {
    const estimates = await new OsrmEstimator({ url: `${base}/` }).estimateMany(UNITS, INCIDENT);
    expect(estimates.map((e) => e.source)).toEqual(['road_network', 'road_network', 'road_network']);
    estimates.forEach((e, i) => {
      expect(e.distanceKm).toBeCloseTo(road(UNITS[i]!), 6);
      expect(e.minutes).toBeCloseTo((road(UNITS[i]!) / KMH) * 60, 6);
    });
    expect(requests).toHaveLength(1);
    const [url] = requests;
    expect(url!.pathname).toBe('/table/v1/driving/-88.243400,40.116400;-88.207300,40.110600;-88.158400,40.317300;-88.404200,40.195900');
    expect(Object.fromEntries(url!.searchParams)).toEqual({ sources: '1;2;3', destinations: '0', annotations: 'duration,distance' });
  });

  it('splits a batch larger than the server allows and keeps the order', async () => {
    const many = [...UNITS, ...UNITS].map((p, i) => ({ lat: p.lat + i * 0.01, lon: p.lon }));
    const estimates = await new OsrmEstimator({ url: base, maxTableSize: 3 }).estimateMany(many, INCIDENT);
    expect(requests.map((r) => r.searchParams.get('sources'))).toEqual(['1;2', '1;2', '1;2']);
    expect(estimates).toHaveLength(many.length);
    estimates.forEach((e, i) => expect(e.distanceKm).toBeCloseTo(road(many[i]!), 6));
  });

  it('sends nothing for no units', async () => {
    expect(await new OsrmEstimator({ url: base }).estimateMany([], INCIDENT)).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it.each<[string, Mode, number]>([
    ['times out', 'slow', 150],
    ['refuses the query', 'error', 1500],
    ['answers something that is not JSON', 'garbage', 1500],
    ['answers a table of the wrong size', 'short_table', 1500],
  ])('falls back to the great-circle estimate when the router %s', async (_name, m, timeoutMs) => {
    mode = m;
    const errors: Error[] = [];
    const t0 = performance.now();
    const estimates = await new OsrmEstimator({ url: base, timeoutMs, onError: (e) => errors.push(e) }).estimateMany(UNITS, INCIDENT);
    expect(performance.now() - t0).toBeLessThan(1000);
    const expected = greatCircle.estimateManyNow(UNITS, INCIDENT).map((e) => ({ ...e, source: 'fallback' }));
    expect(estimates).toEqual(expected);
    expect(errors).toHaveLength(1);
  });

  it('falls back when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const estimates = await new OsrmEstimator({ url: `http://127.0.0.1:${port}` }).estimateMany(UNITS, INCIDENT);
    expect(estimates.map((e) => e.source)).toEqual(['fallback', 'fallback', 'fallback']);
  });

  it('falls back for an origin it cannot route, and only that one', async () => {
    mode = 'unroutable_second';
    const estimates = await new OsrmEstimator({ url: base }).estimateMany(UNITS, INCIDENT);
    expect(estimates.map((e) => e.source)).toEqual(['road_network', 'fallback', 'road_network']);
    expect(estimates[1]).toEqual({ ...greatCircle.estimateNow(UNITS[1]!, INCIDENT), source: 'fallback' });
  });

  it('takes the straight line for the length when the server sends no distances', async () => {
    mode = 'no_distances';
    const estimates = await new OsrmEstimator({ url: base }).estimateMany(UNITS, INCIDENT);
    expect(estimates[0]!.distanceKm).toBeCloseTo(greatCircleKm(UNITS[0]!, INCIDENT), 9);
    expect(estimates[0]!.source).toBe('road_network');
  });

  it('gives a floor no real answer goes under', async () => {
    const osrm = new OsrmEstimator({ url: base });
    const estimates = await osrm.estimateMany(UNITS, INCIDENT);
    expect(estimates).toHaveLength(UNITS.length);
    estimates.forEach((e, i) => expect(e.minutes).toBeGreaterThanOrEqual(osrm.minMinutes(greatCircleKm(UNITS[i]!, INCIDENT))));
  });
});

describe('travelEstimatorFor', () => {
  it.each([
    ['no router configured', {}, GreatCircleEstimator],
    ['an empty router URL', { osrmUrl: '' }, GreatCircleEstimator],
    ['an OSRM URL', { osrmUrl: 'http://127.0.0.1:5000' }, OsrmEstimator],
  ])('%s', (_name, config, kind) => {
    expect(travelEstimatorFor(config)).toBeInstanceOf(kind);
  });

  it('routes through the configured server', async () => {
    const [estimate] = await travelEstimatorFor({ osrmUrl: base }).estimateMany([UNITS[0]!], INCIDENT);
    expect(estimate!.source).toBe('road_network');
  });
});

describe('the server and OSRM', () => {
  it('reads CONTINUUM_OSRM_URL, and refuses a value that is not a URL', () => {
    expect(loadConfig({}, { CONTINUUM_OSRM_URL: 'http://osrm.internal:5000' }).osrmUrl).toBe('http://osrm.internal:5000');
    expect(() => loadConfig({}, { CONTINUUM_OSRM_URL: 'osrm' })).toThrow(/osrmUrl: must be an http\(s\) URL/);
  });

  it('recommends units by road time when configured with an OSRM server', async () => {
    mode = 'ok';
    const t = await startTestServer({ config: { osrmUrl: base } });
    try {
      const dispatcher = await signIn(t.url, 'dispatcher');
      const queue = (await (await dispatcher.get('/api/dispatch/queue')).json()) as { items: { incident: { id: string; status: string } }[] };
      const waiting = queue.items.find((i) => i.incident.status === 'awaiting_dispatch')!;
      const rec = (await (await dispatcher.get(`/api/incidents/${waiting.incident.id}/recommendation`)).json()) as { ranked: { figures: { travelSource: string } }[] };
      expect(rec.ranked.length).toBeGreaterThan(0);
      expect(rec.ranked.every((r) => r.figures.travelSource === 'road_network')).toBe(true);
      expect(requests.some((u) => u.pathname.startsWith('/table/v1/driving/'))).toBe(true);
    } finally {
      await t.close();
    }
  });
});
