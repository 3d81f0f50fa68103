import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RegionGeography } from '@continuum/sdk';
import { DEMO_PASSWORD, startHarness, type Harness } from './browser-harness.ts';

// Location entry on the county map (issue 4 item 5): a town picked from the address box, a
// click on the map, and the map driven by the keyboard alone.
let harness: Harness;
let geo: RegionGeography;

beforeAll(async () => {
  harness = await startHarness();
  geo = await (await api()).geoRegion();
});

afterAll(async () => {
  await harness?.close();
});

async function api() {
  const sdk = createClient({ baseUrl: harness.url });
  await sdk.signIn({ username: 'telecom', password: DEMO_PASSWORD });
  return sdk;
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const coordinates = async (page: Page) => ({
  lat: Number(await page.getByTestId('field-location.lat').inputValue()),
  lon: Number(await page.getByTestId('field-location.lon').inputValue()),
});
const insideCounty = (p: { lat: number; lon: number }) => geo.counties.features.some((f) => booleanPointInPolygon([p.lon, p.lat], f));

/** Presses Tab until the element is focused: proves it is reachable, in the form's order. */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if ((await focusedTestId(page)) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

/** Signs in as the telecommunicator with the keyboard, landing on a new call (issue 15 §3). */
async function openNewCall(page: Page): Promise<void> {
  await page.keyboard.type('telecom');
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
  // A telecommunicator lands on Intake with the new call open and the cursor in its address box.
  // The hand-off inbox above the form fills in first, so the map is where it will stay.
  await page.locator('[data-testid="handoff-inbox-empty"], [data-testid="handoff-inbox"][data-open]').first().waitFor({ timeout: 10_000 });
  await page.getByTestId('county-map-svg').waitFor({ timeout: 10_000 });
  expect(await focusedTestId(page)).toBe('field-location.address');
}

describe('county map', () => {
  it('picks a town from the address box with the keyboard alone, and the incident keeps its coordinates', async () => {
    const { page, errors } = await harness.openConsole();
    await openNewCall(page);
    const rantoul = geo.towns.find((t) => t.name === 'Rantoul')!;

    await page.keyboard.type('2 Main St, Rant');
    const options = page.getByTestId('town-options');
    await options.waitFor({ state: 'visible' });
    expect(await options.getByTestId('town-option').first().getAttribute('data-town')).toBe('Rantoul');
    // Nothing is chosen until the call-taker moves into the list.
    expect(await page.getByTestId('field-location.address').getAttribute('aria-activedescendant')).toBeNull();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('field-location.address').getAttribute('aria-activedescendant')).toBe('town-option-0');
    await harness.screenshot(page, 'intake-map-towns');
    await page.keyboard.press('Enter');

    await options.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('field-location.address').inputValue()).toBe('2 Main St, Rantoul');
    expect(await coordinates(page)).toEqual({ lat: rantoul.lat, lon: rantoul.lon });
    expect(await page.getByTestId('location-status').getAttribute('data-inside')).toBe('true');
    expect(await page.getByTestId('location-status').textContent()).toContain('in Rantoul, inside Champaign County');
    await page.getByTestId('county-map-marker').waitFor();
    // Picking a town filled the coordinates and left the cursor where it was: the form did not start.
    expect(await focusedTestId(page)).toBe('field-location.address');

    await tabTo(page, 'field-caller.callbackNumber');
    await page.keyboard.type('217-555-0161');
    await tabTo(page, 'field-summary');
    await page.keyboard.type('Neighbour reports a man shouting in the street, not sleeping for days');
    await page.keyboard.press('Enter');
    await page.getByTestId('interview').waitFor({ timeout: 15_000 });
    const id = /#\/intake\/([\w-]+)$/.exec(page.url())![1]!;

    const incident = await (await api()).getIncident(id);
    expect(incident.location).toMatchObject({ address: '2 Main St, Rantoul', lat: rantoul.lat, lon: rantoul.lon });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sets the point by a click and by the keyboard, and warns without blocking outside the county', async () => {
    const { page, errors } = await harness.openConsole();
    await openNewCall(page);
    await page.keyboard.type('Parking lot behind the grain elevator');

    // A click a little west and north of the map's centre: inside the county.
    const svg = page.getByTestId('county-map-svg');
    // The hand-off inbox above the form can push the map below the fold: bring it into view first.
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.45);
    const clicked = await coordinates(page);
    expect(insideCounty(clicked)).toBe(true);
    expect(await page.getByTestId('location-status').getAttribute('data-inside')).toBe('true');

    // Keyboard: the map is focused by the click; four presses east and two north, then Enter.
    expect(await focusedTestId(page)).toBe('county-map-surface');
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowUp', 'ArrowUp']) await page.keyboard.press(key);
    await page.getByTestId('county-map-cursor').waitFor();
    expect(await page.getByTestId('county-map-readout').textContent()).toMatch(/^Enter sets/);
    // Moving the marker does not change the form until Enter.
    expect(await coordinates(page)).toEqual(clicked);
    await harness.screenshot(page, 'intake-map');
    await page.keyboard.press('Enter');
    const moved = await coordinates(page);
    // 1,000 m east and 500 m north, give or take the rounding to five decimals.
    expect((moved.lat - clicked.lat) * 111_320).toBeCloseTo(500, -1);
    expect((moved.lon - clicked.lon) * 111_320 * Math.cos((clicked.lat * Math.PI) / 180)).toBeCloseTo(1000, -1);
    expect(await page.getByTestId('county-map-cursor').count()).toBe(0);

    // Typed coordinates move the marker too; a point outside the county is a warning, not a refusal.
    await page.getByTestId('field-location.lat').fill('40.6');
    await page.getByTestId('field-location.lon').fill('-88.2');
    await page.locator('[data-testid="location-status"][data-inside="false"]').waitFor();
    expect(await page.getByTestId('location-status').textContent()).toContain('outside Champaign County');
    await harness.screenshot(page, 'intake-map-outside');
    await page.getByTestId('field-summary').fill('Caller reports a man sitting in a parked car, talking about hurting himself');
    await page.getByTestId('new-call-submit').click();
    await page.getByTestId('interview').waitFor({ timeout: 15_000 });
    const id = /#\/intake\/([\w-]+)$/.exec(page.url())![1]!;
    expect((await (await api()).getIncident(id)).location).toMatchObject({ lat: 40.6, lon: -88.2 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
