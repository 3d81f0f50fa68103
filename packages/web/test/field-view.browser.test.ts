import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type AssignInput, type ContinuumClient } from '@continuum/sdk';
import { join } from 'node:path';
import { DEMO_PASSWORD, resultsDir, startHarness, type Harness } from './browser-harness.ts';

// A clinician's phone in a car: the size of a common phone, touched, in and out of coverage.
const PHONE = { width: 390, height: 844 };
let harness: Harness;
let dispatcher: ContinuumClient;

beforeAll(async () => {
  harness = await startHarness();
  dispatcher = createClient({ baseUrl: harness.url });
  await dispatcher.signIn({ username: 'dispatcher', password: DEMO_PASSWORD });
});

afterAll(async () => {
  await harness?.close();
});

/** Through the API as the dispatcher: a 911 call, triaged (MPDS 25-A-1), queued, the clinician's unit sent, one hazard told. */
async function assignCall(address: string, unit: string, justification?: AssignInput['justification']): Promise<string> {
  const incident = await dispatcher.createIncident({
    entryPoint: '911',
    summary: 'Caller says her brother is hearing voices and has not slept for days',
    location: { address, lat: 40.1098, lon: -88.2084 },
    caller: { name: 'Ana Diaz', callbackNumber: '+1 217 555 0142' },
    person: { name: 'Luis Diaz', age: 29 },
    safetyFlags: ['dog on premises'],
  });
  await dispatcher.transitionIncident(incident.id, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
  await dispatcher.transitionIncident(incident.id, { action: 'queue_for_dispatch' });
  // The third §30 ground stands on 988's recorded report (issue 12 §4).
  if (justification?.cessa30 === 'crisis_team_unavailable_within_regional_maximum') {
    await dispatcher.transitionIncident(incident.id, { action: 'report_crisis_team_unavailable', reportedBy: '988 shift lead' });
  }
  await dispatcher.assignUnits(incident.id, { units: [unit], ...(justification ? { justification } : {}) });
  await dispatcher.addNote(incident.id, { kind: 'hazard', text: 'Kitchen knives within reach' });
  return incident.id;
}

async function openField(username: string, unit: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await harness.openConsole();
  await page.setViewportSize(PHONE);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
  // The demo clinician rides all three teams; each test picks its own.
  await page.evaluate((u) => { window.location.hash = `/field?unit=${u}`; }, unit);
  await page.getByTestId('field-view').waitFor();
  return { page, errors };
}

const stage = (page: Page, expected: string) => page.locator(`[data-testid="field-stage"][data-stage="${expected}"][data-pending="false"]`).waitFor({ timeout: 10_000 });
const stageOf = async (id: string, unit: string) => (await dispatcher.incidentResponse(id)).assignments.find((a) => a.unitId === unit)!;
const progressEvents = async (id: string) => (await dispatcher.incidentEvents(id)).items.filter((e) => e.type === 'incident.unit_progressed').length;

/** What the phone's screen shows (not the whole page: the panic bar is fixed to the screen's foot). */
async function phoneShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(resultsDir, `${name}.png`) });
}

/** Every interactive element in the field view is at least 48 px tall: a thumb in a moving car. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.getByTestId('field-view').evaluate((root) =>
    [...root.querySelectorAll('button, a, select, input')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().height < 48)
      .map((el) => el.getAttribute('data-testid') ?? el.textContent ?? el.tagName),
  );
}

describe('the field view on a phone', () => {
  it('shows the clinician the call, safety first, and takes each step in one tap', async () => {
    // Each test its own team: one left on a call by a failed test does not fail the next.
    const UNIT = 'champaign-mcrt-1';
    const id = await assignCall('204 S Race St, Urbana, IL', UNIT);
    const { page, errors } = await openField('clinician', UNIT);
    await page.getByTestId('field-assignment').waitFor({ timeout: 10_000 });

    expect(await page.getByTestId('field-address').textContent()).toBe('204 S Race St, Urbana, IL');
    expect(await page.getByTestId('field-risk').getAttribute('data-level')).toMatch(/^[23]$/);
    expect(await page.getByTestId('field-flags').textContent()).toMatch(/dog on premises/i);
    expect(await page.getByTestId('field-hazards').textContent()).toContain('Kitchen knives within reach');
    expect(await page.getByTestId('field-directions').getAttribute('href')).toMatch(/destination=40\.1098,-88\.2084/);
    // Safety is above the steps, and the panic button is on screen without scrolling.
    const safety = await page.getByTestId('field-safety').boundingBox();
    const steps = await page.getByTestId('field-steps').boundingBox();
    expect(safety!.y).toBeLessThan(steps!.y);
    const panic = await page.getByTestId('panic-button').boundingBox();
    expect(panic!.y + panic!.height).toBeLessThanOrEqual(PHONE.height);
    expect(await smallTargets(page)).toEqual([]);
    await phoneShot(page, 'field-assigned-phone');

    // Live: a hazard the dispatcher records now reaches the open page through the feed.
    await dispatcher.addNote(id, { kind: 'hazard', text: 'Second person in the house is armed' });
    await page.getByTestId('field-hazards').getByText('Second person in the house is armed').waitFor({ timeout: 10_000 });

    await page.getByTestId('field-step-acknowledge').click();
    await stage(page, 'acknowledged');
    await page.getByTestId('field-step-en_route').click();
    await stage(page, 'en_route');
    await page.getByTestId('field-step-on_scene').click();
    await stage(page, 'on_scene');
    expect((await stageOf(id, UNIT)).stage).toBe('on_scene');

    // On scene: the safety timer counts down from the server's check-in interval.
    expect(await page.getByTestId('field-checkin-countdown').textContent()).toMatch(/^1[45]:\d\d/);
    await page.getByTestId('field-check-in').click();
    await expect.poll(async () => (await stageOf(id, UNIT)).lastCheckInAt, { timeout: 10_000 }).not.toBeNull();
    await page.getByTestId('field-checkin').scrollIntoViewIfNeeded();
    await phoneShot(page, 'field-on-scene-phone');

    // Clearing asks once more, then the crew is back to waiting.
    await page.getByTestId('field-step-clear').click();
    await page.getByTestId('field-confirm-clear').waitFor();
    await page.getByTestId('field-confirm-clear-yes').click();
    await page.getByTestId('field-empty').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('field-empty').textContent()).toContain('No assignment. Stay available; the dispatcher will send one here.');
    expect(await page.getByTestId('field-unit-status').getAttribute('data-status')).toBe('available');
    expect((await stageOf(id, UNIT)).stage).toBe('cleared');
    await phoneShot(page, 'field-no-assignment-phone');

    // Between calls the crew flips one switch: off duty, and back.
    const unitStatus = async () => (await dispatcher.listUnits()).items.find((u) => u.id === UNIT)!.status;
    await page.getByTestId('field-go-off-duty').click();
    await page.getByTestId('field-go-available').waitFor({ timeout: 10_000 });
    await expect.poll(unitStatus, { timeout: 10_000 }).toBe('off_duty');
    await page.getByTestId('field-go-available').click();
    await page.getByTestId('field-go-off-duty').waitFor({ timeout: 10_000 });
    await expect.poll(unitStatus, { timeout: 10_000 }).toBe('available');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('queues a step tapped offline and sends it once, with the same key, when the network is back', async () => {
    // Each test its own team: one left on a call by a failed test does not fail the next.
    const UNIT = 'champaign-mcrt-2';
    const id = await assignCall('1 Main St, Champaign, IL', UNIT);
    const { page, errors } = await openField('clinician', UNIT);
    await page.getByTestId('field-step-en_route').waitFor({ timeout: 10_000 });

    await page.context().setOffline(true);
    await page.getByTestId('field-step-en_route').click();
    await page.getByTestId('field-offline').waitFor();
    expect(await page.getByTestId('field-queue-count').textContent()).toContain('1 action waiting to send');
    // Also at the foot of the screen, in sight however far the crew has scrolled.
    expect(await page.getByTestId('field-outbox-line').textContent()).toBe('Offline · 1 waiting to send');
    // Shown as the crew's status at once, marked as not yet sent.
    await page.locator('[data-testid="field-stage"][data-stage="en_route"][data-pending="true"]').waitFor();
    await phoneShot(page, 'field-offline-phone');
    expect((await stageOf(id, UNIT)).stage).toBe('assigned');

    await page.context().setOffline(false);
    await stage(page, 'en_route');
    await page.getByTestId('field-queue-count').waitFor({ state: 'detached', timeout: 10_000 });
    expect((await stageOf(id, UNIT)).stage).toBe('en_route');
    expect(await progressEvents(id)).toBe(1);

    // A lost answer: the server applies on scene, the phone never hears; the resend with the
    // same key is answered from the first, so the call records one arrival.
    let cut = false;
    await page.route(`**/api/incidents/${id}/assignments/${UNIT}`, async (route) => {
      if (cut) return route.continue();
      cut = true;
      await route.fetch();
      return route.abort('connectionreset');
    });
    await page.getByTestId('field-step-on_scene').click();
    await stage(page, 'on_scene');
    expect(cut).toBe(true);
    expect(await progressEvents(id)).toBe(2);
    await page.unroute(`**/api/incidents/${id}/assignments/${UNIT}`);

    // A tap is not a panic; a held press is, and it reaches the dispatcher.
    await page.getByTestId('panic-button').click();
    expect(await page.getByTestId('field-panic-status').textContent()).toMatch(/keep holding/i);
    expect((await stageOf(id, UNIT)).panic).toBeNull();
    await page.getByTestId('panic-button').hover();
    await page.mouse.down();
    await page.waitForTimeout(1_300);
    await page.mouse.up();
    await expect.poll(async () => (await stageOf(id, UNIT)).panic?.at ?? null, { timeout: 10_000 }).not.toBeNull();
    expect(await page.getByTestId('field-panic-status').textContent()).toMatch(/PANIC sent/);
    await phoneShot(page, 'field-panic-phone');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a step the server refused instead of retrying it forever', async () => {
    // Each test its own team: one left on a call by a failed test does not fail the next.
    const UNIT = 'champaign-mcrt-3';
    const id = await assignCall('3 Elm St, Urbana, IL', UNIT);
    const { page } = await openField('clinician', UNIT);
    await page.getByTestId('field-step-en_route').waitFor({ timeout: 10_000 });
    await page.context().setOffline(true);
    await page.getByTestId('field-step-en_route').click();
    await page.getByTestId('field-queue-count').waitFor();
    // Meanwhile the dispatcher takes the unit off the call.
    await dispatcher.assignmentAction(id, UNIT, { action: 'release', kind: 'reassigned', reason: 'Closer team took it' });
    await page.context().setOffline(false);
    await page.getByTestId('field-refused').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('field-refused').textContent()).toMatch(/Not sent: En route/);
    await phoneShot(page, 'field-refused-phone');
    expect(await progressEvents(id)).toBe(0);
    await page.getByTestId('field-refused-dismiss').click();
    await page.getByTestId('field-refused').waitFor({ state: 'detached' });
    await page.getByTestId('field-empty').waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('shows a deputy on the co-response team location and safety only, and is installable and opens with no network', async () => {
    const UNIT = 'champaign-co-response-1';
    const id = await assignCall('9 Oak St, Urbana, IL', UNIT, {
      code: 'no_fitting_unit_available', cessa30: 'crisis_team_unavailable_within_regional_maximum', note: '988 reports no team within 60 min',
    });
    const { page, errors } = await openField('officer', UNIT);
    await page.getByTestId('field-assignment').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('field-address').textContent()).toBe('9 Oak St, Urbana, IL');
    expect(await page.getByTestId('field-hazards').textContent()).toContain('Kitchen knives within reach');
    expect(await page.getByTestId('field-flags').textContent()).toMatch(/dog on premises/i);
    const text = await page.getByTestId('field-view').textContent();
    expect(text).not.toContain('hearing voices');
    expect(text).not.toContain('Luis Diaz');
    expect(await page.getByTestId('field-redacted').textContent()).toMatch(/clinical/);
    await phoneShot(page, 'field-officer-phone');
    await dispatcher.assignmentAction(id, UNIT, { action: 'release', kind: 'cancelled', reason: 'test done' });

    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]')!.getAttribute('href')!;
      return (await fetch(href)).json() as Promise<{ name: string; start_url: string; display: string; icons: { src: string; sizes: string }[] }>;
    });
    expect(manifest).toMatchObject({ name: 'Continuum Field', start_url: '/#/field', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
      expect(status, icon.src).toBe(200);
    }

    // The worker takes control once installed; then a reload in a dead zone still opens the console.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
    await page.context().setOffline(true);
    await page.reload();
    await page.getByTestId('app-unreachable').waitFor({ timeout: 15_000 });
    expect(await page.title()).toBe('Continuum');
    await phoneShot(page, 'field-opened-offline-phone');
    await page.context().setOffline(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
