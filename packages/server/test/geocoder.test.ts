import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpGeocoder } from '../src/routing/geocoder.ts';
import { signIn, startTestServer, type TestServer } from './harness.ts';

// A fake geocoding server answering Nominatim's /search (format=jsonv2) and Pelias's /v1/search.
let fake: Server;
let base: string;
let requests: URL[] = [];
let failing = false;

beforeAll(async () => {
  fake = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url);
    if (failing) return void res.writeHead(500).end('down');
    if (url.pathname === '/search') {
      const q = url.searchParams.get('q') ?? '';
      const places = q.includes('Race') ? [{ lat: '40.1098', lon: '-88.2084', display_name: '204, South Race Street, Urbana, Champaign County, Illinois, 61801, United States' }] : [];
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(places));
    }
    if (url.pathname === '/v1/search') {
      const features = [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-88.2434, 40.1164] }, properties: { label: '101 W Main St, Urbana, IL, USA' } }];
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'FeatureCollection', features }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => fake.close(r));
});

describe('the geocoder adapter', () => {
  it('reads Nominatim, limited to the region', async () => {
    requests = [];
    const results = await new HttpGeocoder({ url: base }).search('204 S Race St, Urbana', { bbox: [-88.5, 39.8, -87.9, 40.4] });
    expect(results).toEqual([{ lat: 40.1098, lon: -88.2084, label: '204, South Race Street, Urbana, Champaign County, Illinois, 61801, United States' }]);
    expect(requests[0]!.searchParams.get('viewbox')).toBe('-88.5,40.4,-87.9,39.8');
    expect(requests[0]!.searchParams.get('bounded')).toBe('1');
  });

  it('reads Pelias at its /v1', async () => {
    requests = [];
    const results = await new HttpGeocoder({ url: `${base}/v1` }).search('101 W Main St', { bbox: [-88.5, 39.8, -87.9, 40.4] });
    expect(results).toEqual([{ lat: 40.1164, lon: -88.2434, label: '101 W Main St, Urbana, IL, USA' }]);
    expect(requests[0]!.searchParams.get('boundary.rect.min_lon')).toBe('-88.5');
  });

  it('answers no result when the server fails or is away', async () => {
    failing = true;
    expect(await new HttpGeocoder({ url: base }).search('204 S Race St')).toEqual([]);
    failing = false;
    expect(await new HttpGeocoder({ url: 'http://127.0.0.1:9' }).search('204 S Race St')).toEqual([]);
  });
});

describe('GET /api/geo/geocode', () => {
  let withGeocoder: TestServer;
  let without: TestServer;
  beforeAll(async () => {
    [withGeocoder, without] = await Promise.all([startTestServer({ config: { geocoderUrl: base } }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([withGeocoder?.close(), without?.close()]);
  });

  it('places an address for a call-taker through the configured server', async () => {
    const telecom = await signIn(withGeocoder.url, 'telecom');
    const res = await telecom.get(`/api/geo/geocode?q=${encodeURIComponent('204 S Race St, Urbana')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ configured: true, results: [{ lat: 40.1098, lon: -88.2084, label: expect.stringContaining('South Race Street') }] });
  });

  it('says plainly when there is no geocoding server, and refuses roles that take no calls', async () => {
    const telecom = await signIn(without.url, 'telecom');
    const res = await telecom.get('/api/geo/geocode?q=204%20S%20Race%20St');
    expect(await res.json()).toEqual({ configured: false, results: [] });
    const officer = await signIn(without.url, 'officer');
    expect((await officer.get('/api/geo/geocode?q=204%20S%20Race%20St')).status).toBe(403);
  });
});
