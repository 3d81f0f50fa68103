import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, startHarness, type Harness } from './browser-harness.ts';

// Issue 15 §1-3: find yesterday's call by the caller's phone, open it, read it from the first
// ring to the follow-up; every role lands on its own work.
let harness: Harness;
let incidentId: string;
let number: string;
let episodeId: string;

// Not the demo's area code: its calls take 217-555-01xx at random, and the search must find one call.
const PHONE = '(312) 555-0163';

beforeAll(async () => {
  harness = await startHarness();
  const telecom = await harness.api('telecom');
  const created = await telecom.createIncident({
    entryPoint: '911', summary: 'Browser test: man pacing the parking lot, says people are following him',
    location: { address: '1401 W Green St, Urbana, IL', lat: 40.1075, lon: -88.2255 },
    caller: { name: 'Dana Whitfield', callbackNumber: PHONE }, person: { name: 'Wendell Okafor', age: 38 },
  });
  incidentId = created.id;
  number = created.number!;
  await telecom.transitionIncident(incidentId, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
  await telecom.transitionIncident(incidentId, { action: 'queue_for_dispatch' });
  const dispatcher = await harness.api('dispatcher');
  await dispatcher.assignUnits(incidentId, { units: ['champaign-mcrt-2'] });
  for (const action of ['acknowledge', 'en_route', 'on_scene'] as const) await dispatcher.assignmentAction(incidentId, 'champaign-mcrt-2', { action });
  await dispatcher.addNote(incidentId, { kind: 'hazard', text: 'Browser test hazard: broken glass by the door' });
  await dispatcher.assignmentAction(incidentId, 'champaign-mcrt-2', { action: 'clear' });
  await dispatcher.transitionIncident(incidentId, { action: 'close', disposition: 'stabilised_on_site', followUp: false });
  const cm = await harness.api('casemanager');
  episodeId = (await cm.openEpisode({ incidentId, programme: 'program_590_mcrt' })).id;
}, 400_000);
afterAll(async () => {
  await harness?.close();
});

/** Screens at a desk and on a phone; the page never scrolls sideways on either. */
async function look(page: Page, name: string): Promise<void> {
  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await harness.screenshot(page, `${name}-${w}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${w} px scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('the incident page and search', () => {
  it('a dispatcher lands on the board, finds the call by the caller’s phone, and reads it from the first ring', async () => {
    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'dispatcher');
    await page.getByTestId('area-dispatch').waitFor();
    expect(await page.getByTestId('nav-field').count()).toBe(0);

    await page.getByTestId('nav-incidents').click();
    await page.getByTestId('incident-table').waitFor({ timeout: 15_000 });
    await page.getByTestId('incident-search').fill('312-555-0163');
    const rows = page.getByTestId('incident-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await rows.first().getAttribute('data-incident-id')).toBe(incidentId);
    expect(await rows.first().getByTestId('incident-open').textContent()).toBe(number);
    expect(page.url()).toContain('q=312-555-0163');
    await look(page, 'incident-search');

    await rows.first().getByTestId('incident-open').click();
    await page.getByTestId('incident-page').waitFor();
    expect(await page.getByTestId('incident-number').textContent()).toBe(number);
    expect(await page.getByTestId('incident-person').textContent()).toContain('Wendell Okafor');
    expect(await page.getByTestId('incident-disposition').textContent()).toBe('Stabilised on site');
    const entries = page.getByTestId('timeline-entry');
    await expect.poll(() => entries.count(), { timeout: 10_000 }).toBeGreaterThan(6);
    const lines = await entries.allTextContents();
    expect(lines[0]).toContain('Call received');
    expect(lines.join('\n')).toContain('broken glass');
    expect(lines.at(-1)).toContain('Closed');
    await page.getByTestId('incident-units').waitFor();
    expect(await page.getByTestId('incident-units').textContent()).toContain('Mobile Crisis 2');
    // Dispatchers do not read follow-up: no episode section to be refused by.
    expect(await page.getByTestId('incident-episode').count()).toBe(0);
    await look(page, 'incident-page');

    // Back returns to the same search.
    await page.goBack();
    await page.getByTestId('incident-table').waitFor();
    expect(await page.getByTestId('incident-search').inputValue()).toBe('312-555-0163');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches by number and by name, and says so when nothing matches', async () => {
    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'supervisor');
    await page.goto(`${harness.url}/#/incidents?q=${encodeURIComponent(number.replace(/-0+/, '-'))}`);
    const rows = page.getByTestId('incident-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('incident-search').fill('okafor');
    await expect.poll(() => rows.first().getAttribute('data-incident-id'), { timeout: 10_000 }).toBe(incidentId);
    await page.getByTestId('incident-search').fill('nobody-by-this-name');
    await page.getByTestId('incidents-empty').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('incidents-empty').textContent()).toMatch(/No call matches/);
    await page.getByTestId('incident-clear').click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a case manager lands on the caseload, opens the call from the episode and the episode from the call', async () => {
    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'casemanager');
    await page.getByTestId('area-follow-up').waitFor();
    await page.goto(`${harness.url}/#/follow-up/${episodeId}`);
    await page.getByTestId('episode-incident-link').click();
    await page.getByTestId('incident-page').waitFor();
    expect(await page.getByTestId('incident-number').textContent()).toBe(number);
    await page.getByTestId('incident-episode').getByRole('link').click();
    await expect.poll(() => page.url()).toContain(`#/follow-up/${episodeId}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['telecom', 'intake'], ['clinician', 'field'], ['ems', 'field'], ['auditor', 'audit'], ['admin', 'admin'], ['privacy', 'privacy'], ['intake', 'facilities'],
  ])('%s lands on %s', async (username, area) => {
    const { page, errors } = await harness.openConsole();
    await signInAs(page, username);
    await page.getByTestId(`area-${area}`).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('People is a search over the records within reach; Back returns to it', async () => {
    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'casemanager');
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-hint').waitFor();
    await page.getByTestId('people-search').fill('Brooks');
    await page.getByTestId('people-result').first().waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('people-result').first().textContent()).toContain('Maya Brooks');
    await look(page, 'people-search');
    await page.getByTestId('people-result').first().getByRole('link').click();
    await page.getByTestId('person-page').waitFor();
    await page.goBack();
    expect(await page.getByTestId('people-search').inputValue()).toBe('Brooks');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the analyst’s header says pages update on reload (no fault); the sign-in page fits a phone', async () => {
    const { page, errors } = await harness.openConsole();
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await harness.screenshot(page, 'signin-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInAs(page, 'analyst');
    expect(await page.getByTestId('connection-status').textContent()).toBe('Updates on reload');
    await look(page, 'analyst');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the case manager’s episode says whom to call, with the numbers to dial', async () => {
    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'casemanager');
    await page.getByTestId('caseload-table').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('caseload-table').textContent()).toContain('Maya Brooks');
    await look(page, 'caseload');
    await page.getByRole('link', { name: 'Maya Brooks' }).click();
    await page.getByTestId('episode-contact').waitFor();
    expect(await page.getByTestId('episode-person-name').textContent()).toBe('Maya Brooks');
    expect(await page.getByTestId('episode-phone').first().getAttribute('href')).toBe('tel:+12175550188');
    expect(await page.getByTestId('episode-call-summary').textContent()).toContain('hopeless');
    expect(await page.getByTestId('episode-safety-plan').textContent()).toContain('afternoon');
    await look(page, 'episode');
    expect(errors).toEqual([]);
    await page.close();
  });
});

