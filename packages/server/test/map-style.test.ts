import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startTestServer, type TestServer } from './harness.ts';

// The basemap (issue 15 §5): CONTINUUM_MAP_STYLE names a style or a PMTiles file; the console
// learns it from /api/meta and may fetch from that one origin besides its own.
describe('CONTINUUM_MAP_STYLE', () => {
  it('takes an http(s) style or PMTiles URL and names the setting when it is not one', () => {
    expect(loadConfig({}, {}).mapStyle).toBeUndefined();
    expect(loadConfig({}, { CONTINUUM_MAP_STYLE: 'https://tiles.example.org/styles/basic/style.json' }).mapStyle).toBe('https://tiles.example.org/styles/basic/style.json');
    expect(loadConfig({}, { CONTINUUM_MAP_STYLE: 'http://maps.internal:8080/champaign.pmtiles' }).mapStyle).toBe('http://maps.internal:8080/champaign.pmtiles');
    expect(() => loadConfig({}, { CONTINUUM_MAP_STYLE: 'champaign.pmtiles' })).toThrow(/mapStyle \(CONTINUUM_MAP_STYLE\): must be an http\(s\) URL of a MapLibre style/);
    expect(() => loadConfig({}, { CONTINUUM_MAP_STYLE: 'ftp://tiles.example.org/style.json' })).toThrow(/mapStyle \(CONTINUUM_MAP_STYLE\): must be an http\(s\) URL/);
  });

  describe('configured', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({ config: { mapStyle: 'https://tiles.example.org/champaign.pmtiles' } });
    });
    afterAll(() => t.close());

    it('is told to the console by /api/meta and is the one other origin its pages may fetch from', async () => {
      expect(await (await fetch(`${t.url}/api/meta`)).json()).toMatchObject({ mapStyle: 'https://tiles.example.org/champaign.pmtiles' });
      const csp = (await fetch(`${t.url}/`)).headers.get('content-security-policy')!;
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      expect(directives.get('connect-src')).toEqual(["'self'", 'https://tiles.example.org']);
      expect(directives.get('img-src')).toContain('https://tiles.example.org');
    });
  });

  describe('absent', () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer({ seedDemo: false });
    });
    afterAll(() => t.close());

    it('leaves the console on its offline map and its own origin', async () => {
      expect(await (await fetch(`${t.url}/api/meta`)).json()).toMatchObject({ mapStyle: null });
      const csp = (await fetch(`${t.url}/`)).headers.get('content-security-policy')!;
      expect(csp).toContain("connect-src 'self';");
    });
  });
});
