import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type RegionGeography } from '@continuum/sdk';
import { DEMO_PASSWORD, signInAs, startHarness, type Harness } from './browser-harness.ts';

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

/** A finger on the screen through Chrome's own touch input: start, a few moves, lift. */
async function touchDrag(cdp: CDPSession, from: { x: number; y: number }, to: { x: number; y: number }, steps = 8): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

const centreOfBox = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

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

  it('on a phone, a finger dragged on the map moves the pin and does not scroll the page', async () => {
    const { page, errors } = await harness.openOtherConsole({ width: 390, height: 844 }, { touch: true });
    expect(await page.evaluate(() => navigator.maxTouchPoints)).toBeGreaterThan(0);
    await signInAs(page, 'telecom');
    const svg = page.getByTestId('county-map-svg');
    await svg.waitFor({ timeout: 10_000 });
    await page.getByTestId('field-location.address').fill('Parking lot behind the grain elevator');
    // The map in the middle of the screen, with the form going on below it: the page could scroll either way.
    await svg.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const cdp = await page.context().newCDPSession(page);

    // A tap sets the pin.
    const box = (await svg.boundingBox())!;
    const tapAt = { x: box.x + box.width * 0.45, y: box.y + box.height * 0.55 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [tapAt] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(() => page.getByTestId('field-location.lat').inputValue()).not.toBe('');
    const tapped = await coordinates(page);
    expect(insideCounty(tapped)).toBe(true);

    const scrollBefore = await page.evaluate(() => window.scrollY);
    const room = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight - window.scrollY);
    // The page has room to scroll further than the finger moves, so a scroll would have shown.
    expect(room).toBeGreaterThan(120);

    // Press on the pin and drag it up and to the right, as a finger does: north-east.
    const marker = centreOfBox((await page.getByTestId('county-map-marker').boundingBox())!);
    await touchDrag(cdp, marker, { x: marker.x + 50, y: marker.y - 80 });
    await expect.poll(async () => (await coordinates(page)).lat).toBeGreaterThan(tapped.lat);
    const dragged = await coordinates(page);
    expect(dragged.lon).toBeGreaterThan(tapped.lon);
    expect(insideCounty(dragged)).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    // The pin is drawn where the finger let go, a few pixels at most off for the rounding.
    const moved = centreOfBox((await page.getByTestId('county-map-marker').boundingBox())!);
    expect(Math.abs(moved.x - (marker.x + 50))).toBeLessThan(4);
    expect(Math.abs(moved.y - (marker.y - 80))).toBeLessThan(4);
    expect(await page.getByTestId('location-status').getAttribute('data-inside')).toBe('true');
    await harness.screenshot(page, 'intake-map-touch-drag-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    await harness.screenshot(page, 'intake-map-touch-drag');
    await page.setViewportSize({ width: 390, height: 844 });

    // The call keeps the dragged point.
    await page.getByTestId('field-summary').fill('Caller reports a man sitting in a parked car behind the elevator, talking about hurting himself');
    await page.getByTestId('new-call-submit').click();
    await page.getByTestId('interview').waitFor({ timeout: 15_000 });
    const id = /#\/intake\/([\w-]+)$/.exec(page.url())![1]!;
    expect((await (await api()).getIncident(id)).location).toMatchObject({ lat: dragged.lat, lon: dragged.lon });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
