import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, startHarness, type Harness } from './browser-harness.ts';

// The map (issue 15 §5): town labels drawn offline from the glyphs our own server ships, and
// incidents drawn above units.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** Every glyph file the page asks for, with the answer. */
function glyphAnswers(page: Page): Response[] {
  const seen: Response[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/glyphs/')) seen.push(r);
  });
  return seen;
}

describe('the board map', () => {
  it('labels the towns with glyphs answered by our own server, and draws incidents above units', async () => {
    const { page, errors } = await harness.openConsole();
    const glyphs = glyphAnswers(page);
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.origin !== new URL(harness.url).origin && !url.protocol.startsWith('data') && !url.protocol.startsWith('blob')) elsewhere.push(r.url());
    });
    await signInAs(page, 'dispatcher');
    await page.getByTestId('area-dispatch').waitFor();
    const map = page.getByTestId('board-map');
    await page.locator('[data-testid="board-map"]:not([data-state="loading"])').waitFor({ timeout: 20_000 });
    expect(await map.getAttribute('data-state')).toBe('ready');
    await expect.poll(() => glyphs.length, { timeout: 15_000 }).toBeGreaterThan(0);
    for (const g of glyphs) {
      expect(g.status(), g.url()).toBe(200);
      expect(g.url()).toContain('/glyphs/Noto%20Sans%20Regular/');
    }
    // The label layer is in the style and draws the region's towns by name.
    await page.locator('[data-testid="board-map"]:not([data-town-labels=""])').waitFor({ timeout: 15_000 });
    const labels = (await map.getAttribute('data-town-labels'))!.split('|');
    expect(labels.length).toBeGreaterThan(0);
    expect(labels).toContain('Champaign');
    expect(elsewhere).toEqual([]);

    // A missing range is a 404 from us, not the console's page answered 200.
    const missing = await page.evaluate(async () => (await fetch('/glyphs/Noto%20Sans%20Regular/65280-65535.pbf')).status);
    expect(missing).toBe(404);

    // Incidents sit above units: their markers' stacking order is higher.
    const z = await page.evaluate(() => {
      const style = (cls: string) => {
        const el = document.createElement('button');
        el.className = `maplibregl-marker ${cls}`;
        document.querySelector('.board-map-canvas')!.appendChild(el);
        const value = Number(getComputedStyle(el).zIndex);
        el.remove();
        return value;
      };
      return { unit: style('map-unit'), incident: style('map-incident') };
    });
    expect(z.incident).toBeGreaterThan(z.unit);
    await harness.screenshot(page, 'map-labels-1440');
    expect(errors).toEqual([]);
  });
});
