import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startHarness, type Harness } from './browser-harness.ts';

// The dispatch board (issue 5 item 6): the dispatcher sees a dispatch-ready call in the queue,
// the units ranked for it with their reasons, sends the first with the keyboard alone, and
// watches the board follow changes made elsewhere without reloading.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const api = (username: string) => harness.api(username);

/** Codes where words belong (as screens.browser.test.ts): snake_case, dotted actions, ids like il-ems-6. */
const RAW_CODE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]{2,}(?:\.[a-z_]{2,}){1,3}\b|\b[a-z]+-[a-z]+(?:-[a-z]+)*-\d+\b|\bmcrt\b/g;

// A level 2 call (suicidal thoughts without a plan) sends a mobile crisis team without police.
const LEVEL_2 = [['immediate_danger', 'none'], ['suicidal_thoughts', 'thoughts_no_plan'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk']];

/** A call taken, triaged and marked dispatch-ready by the telecommunicator, through the API. */
async function queueCall(address: string, lat: number, lon: number): Promise<string> {
  const telecom = await api('telecom');
  const incident = await telecom.createIncident({
    entryPoint: '911', summary: 'Caller worried about her neighbour, who talks about not wanting to live',
    location: { address, lat, lon }, caller: { name: 'Ana Diaz', callbackNumber: '+1 217 555 0142' }, safetyFlags: [],
  });
  for (const [questionId, answerKey] of LEVEL_2) await telecom.answerTriage(incident.id, { questionId: questionId!, answerKey: answerKey! });
  await telecom.transitionIncident(incident.id, { action: 'queue_for_dispatch' });
  return incident.id;
}

async function signInAsDispatcher(page: Page, username = 'dispatcher'): Promise<void> {
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await page.getByTestId('area-dispatch').waitFor();
}

/** The call the first test sent Mobile Crisis 1 to: the panic test follows its crew there. */
let assigned: { incidentId: string; unitId: string } | null = null;

const item = (page: Page, id: string) => page.locator(`[data-testid="queue-item"][data-incident="${id}"]`);

describe('dispatch board', () => {
  it('shows the queue, ranks units with reasons, and assigns the first with the keyboard', async () => {
    const id = await queueCall('204 S Race St, Urbana, IL', 40.1098, -88.2084);
    const { page, errors } = await harness.openConsole();
    await signInAsDispatcher(page);

    await item(page, id).waitFor({ timeout: 10_000 });
    expect(await item(page, id).getAttribute('data-status')).toBe('awaiting_dispatch');
    expect(await item(page, id).textContent()).toContain('204 S Race St, Urbana, IL');
    expect(await item(page, id).textContent()).toContain('Level 2');
    // The clock to the regional maximum counts down every second in the browser.
    const countdown = item(page, id).getByTestId('countdown');
    const first = Number(await countdown.getAttribute('data-seconds'));
    await page.waitForFunction(
      ([sel, before]) => Number(document.querySelector(sel as string)?.getAttribute('data-seconds')) < (before as number),
      [`[data-incident="${id}"] [data-testid="countdown"]`, first] as const,
      { timeout: 5000 },
    );
    expect(await countdown.textContent()).toMatch(/^\d+:\d\d left$/);

    // Selecting the call (j: the first in the queue, or a click) loads the recommendation.
    await item(page, id).click();
    const detail = page.getByTestId('incident-detail');
    await detail.getByTestId('ranked').waitFor({ timeout: 10_000 });
    const ranked = detail.getByTestId('ranked-unit');
    expect(await ranked.count()).toBeGreaterThan(0);
    const firstUnit = (await ranked.first().getAttribute('data-unit'))!;
    expect((await ranked.first().getByTestId('ranked-reasons').locator('li').allTextContents()).length).toBeGreaterThan(0);
    expect(await ranked.first().getByTestId('ranked-eta').textContent()).toMatch(/min$/);
    await page.getByTestId('board-map').waitFor();
    // The canvas is not what this test checks; whether it drew is recorded for the screenshot.
    await page.waitForFunction(() => document.querySelector('[data-testid="board-map"]')?.getAttribute('data-state') !== 'loading', undefined, { timeout: 15_000 }).catch(() => undefined);
    // Where WebGL works (SwiftShader does here), the markers are buttons over the canvas: one per
    // unit on duty and per located incident, and each selects what it marks.
    if ((await page.getByTestId('board-map').getAttribute('data-state')) === 'ready') {
      // One marker per unit the roster lists on duty with a position (the demo's fleet, not a fixed number).
      const located = await page.locator('[data-testid="roster-unit"][data-lat]:not([data-status="off_duty"])').count();
      expect(located).toBeGreaterThan(0);
      expect(await page.getByTestId('map-unit').count()).toBe(located);
      expect(await page.locator(`[data-testid="map-incident"].is-selected`).count()).toBe(1);
    }
    await harness.screenshot(page, 'dispatch-board-recommendation');
    // The plan's response type in words; no code of the system anywhere in the detail (issue 12 §3, §7).
    expect(await detail.getByTestId('recommendation-plan').textContent()).toBe('Plan: Mobile crisis team (MCRT), no police');
    expect(await detail.getByTestId('detail-response').textContent()).toContain('Mobile crisis team (MCRT), no police');
    expect(await detail.getByTestId('detail-maximum').getAttribute('data-basis')).toBe('plan');
    const detailText = await detail.innerText();
    expect(detailText.length).toBeGreaterThan(0);
    expect(detailText.match(RAW_CODE) ?? []).toEqual([]);

    // 1 picks the first-ranked unit, Enter asks for confirmation, Enter sends: with focus still
    // on the queue card just clicked, as a dispatcher would leave it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('queue-item');
    await page.keyboard.press('1');
    expect(await detail.getByTestId('pick-1').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('assign-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('assign-confirm');
    await harness.screenshot(page, 'dispatch-board-confirm');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });

    const chip = item(page, id).locator(`[data-unit="${firstUnit}"]`);
    await chip.waitFor({ timeout: 10_000 });
    expect(await chip.getAttribute('data-stage')).toBe('assigned');
    await page.locator(`[data-testid="queue-item"][data-incident="${id}"][data-status="dispatched"]`).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('board-flash').textContent()).toContain('Sent');
    expect(await page.locator(`[data-testid="roster-unit"][data-unit="${firstUnit}"]`).getAttribute('data-status')).toBe('dispatched');
    await harness.screenshot(page, 'dispatch-board-assigned');

    const dispatcher = await api('dispatcher');
    const response = await dispatcher.incidentResponse(id);
    expect(response.assignments.map((a) => [a.unitId, a.stage])).toEqual([[firstUnit, 'assigned']]);
    assigned = { incidentId: id, unitId: firstUnit };
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a unit status change made elsewhere without a reload', async () => {
    const { page, errors } = await harness.openConsole();
    await signInAsDispatcher(page);
    await page.getByTestId('unit-roster').waitFor({ timeout: 10_000 });

    const dispatcher = await api('dispatcher');
    const unit = (await dispatcher.listUnits()).items.find((u) => u.status === 'available' && u.allowedStatuses.includes('out_of_service'))!;
    expect(unit).toBeDefined();
    const row = page.locator(`[data-testid="roster-unit"][data-unit="${unit.id}"]`);
    expect(await row.getAttribute('data-status')).toBe('available');
    await page.evaluate(() => ((window as unknown as { boardMarker: number }).boardMarker = 1));

    await dispatcher.changeUnitStatus(unit.id, { status: 'out_of_service', reason: 'vehicle fault' });
    await page.locator(`[data-testid="roster-unit"][data-unit="${unit.id}"][data-status="out_of_service"]`).waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('roster-status').textContent()).toBe('Out of service');
    // Same page, no reload: what the test set on the window is still there.
    expect(await page.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(1);
    await harness.screenshot(page, 'dispatch-board-live-unit');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('flashes a crew\'s panic on the board, and the dispatcher resolves it with a reason', async () => {
    expect(assigned?.unitId).toBe('champaign-mcrt-1');
    const { incidentId, unitId } = assigned!;
    const { page, errors } = await harness.openConsole();
    await signInAsDispatcher(page);
    await item(page, incidentId).waitFor({ timeout: 10_000 });

    // The demo clinician rides Mobile Crisis 1 and presses panic on the field device.
    await (await api('clinician')).panic(unitId);
    const alert = item(page, incidentId).locator('[data-code="panic"]');
    await alert.waitFor({ timeout: 10_000 });
    expect(await alert.textContent()).toContain('Mobile Crisis 1');
    expect(await page.locator(`[data-testid="roster-unit"][data-unit="${unitId}"]`).getAttribute('class')).toContain('has-panic');
    await item(page, incidentId).click();
    await page.getByTestId('detail-alerts').locator('[data-code="panic"]').waitFor();
    await harness.screenshot(page, 'dispatch-board-panic');

    await page.getByTestId('resolve-panic').click();
    await page.getByTestId('reason-dialog').waitFor({ state: 'visible' });
    await page.keyboard.type('Crew called back: false alarm, all safe');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('reason-dialog').waitFor({ state: 'detached', timeout: 10_000 });
    await alert.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('board-flash').textContent()).toContain('panic resolved');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('without WebGL says the map is unavailable, and the queue and recommendation still work', async () => {
    const id = await queueCall('1 Main St, Rantoul, IL', 40.3084, -88.1559);
    const { page, errors } = await harness.openConsole();
    // As in a browser with hardware acceleration off: no WebGL context at all.
    await page.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        return /webgl/.test(type) ? null : (original as (...a: unknown[]) => unknown).call(this, type, ...rest);
      } as typeof original;
    });
    await page.reload();
    await page.getByTestId('signin-form').waitFor();
    await signInAsDispatcher(page);
    await page.getByTestId('map-unavailable').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('map-unavailable').textContent()).toContain('Map unavailable');

    await item(page, id).waitFor({ timeout: 10_000 });
    await page.keyboard.press('j');
    await page.locator(`[data-testid="incident-detail"][data-incident]`).waitFor();
    await item(page, id).click();
    await page.getByTestId('ranked').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('ranked-unit').count()).toBeGreaterThan(0);
    await harness.screenshot(page, 'dispatch-board-no-webgl');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for a justification, and a §30 ground for police, when a unit breaks the plan, then sends it', async () => {
    const id = await queueCall('500 N Vine St, Urbana, IL', 40.1159, -88.2036);
    const { page, errors } = await harness.openConsole();
    await signInAsDispatcher(page);
    await item(page, id).click();
    // 988 reports no crisis team within the maximum: the fact the third §30 ground needs (issue 12 §4).
    await page.getByTestId('report-unavailable').click();
    await page.getByTestId('unavailable-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('unavailable-by').fill('988 shift lead');
    await page.getByTestId('unavailable-confirm').click();
    await page.getByTestId('detail-unavailable').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('detail-unavailable').textContent()).toContain('reported by 988 shift lead');
    const excluded = page.getByTestId('excluded');
    await excluded.waitFor({ timeout: 10_000 });
    await excluded.locator('summary').click();
    const coResponse = excluded.locator('li', { hasText: 'Sheriff Co-Response 1' });
    await coResponse.getByRole('button').click();
    await page.getByTestId('assign-open').click();
    await page.getByTestId('assign-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('assign-confirm').click();

    // The server's plan check answers with the break; the dialog turns into the justification form.
    const form = page.getByTestId('justification-form');
    await form.waitFor({ timeout: 10_000 });
    expect(await form.textContent()).toContain('This breaks the response plan');
    await page.getByTestId('justification-code').selectOption('supervisor_direction');
    // The co-response team has police on board and this plan sends none: CESSA §30 applies. A threat
    // ground on a call with no threat factor is refused (422), and the dialog says so in words.
    expect(await page.getByTestId('justification-ground-override').count()).toBe(0);
    await page.getByTestId('justification-cessa30').selectOption('threat_of_physical_injury');
    await page.getByTestId('assign-confirm').click();
    const refusal = page.getByTestId('assign-error-justification.cessa30');
    await refusal.getByText('needs a recorded factor establishing a threat of physical injury').waitFor({ timeout: 10_000 });
    expect(await refusal.textContent()).toContain('“Threat of physical injury to self or others (§30 ii)”');
    expect((await refusal.textContent())!.match(RAW_CODE) ?? []).toEqual([]);
    await page.getByTestId('justification-cessa30').selectOption('crisis_team_unavailable_within_regional_maximum');
    await page.getByTestId('justification-note').fill('Supervisor asked for the co-response team: 988 has no team within the hour');
    await harness.screenshot(page, 'dispatch-board-justification');
    await page.getByTestId('assign-confirm').click();
    await page.getByTestId('assign-dialog').waitFor({ state: 'detached', timeout: 10_000 });

    const response = await (await api('dispatcher')).incidentResponse(id);
    const sent = response.assignments.find((a) => a.unitName === 'Sheriff Co-Response 1')!;
    expect(sent.justification).toMatchObject({ code: 'supervisor_direction', cessa30: 'crisis_team_unavailable_within_regional_maximum', note: 'Supervisor asked for the co-response team: 988 has no team within the hour' });
    await item(page, id).locator(`[data-unit="${sent.unitId}"]`).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets a supervisor, and only a supervisor, let a §30 ground stand without its fact in writing (issue 12 §4)', async () => {
    const id = await queueCall('301 W Main St, Urbana, IL', 40.1125, -88.2100);
    const { page, errors } = await harness.openConsole();
    await signInAsDispatcher(page, 'supervisor');
    await item(page, id).click();
    const excluded = page.getByTestId('excluded');
    await excluded.waitFor({ timeout: 10_000 });
    await excluded.locator('summary').click();
    // The co-response unit went to the call above: a patrol unit, police on a plan without police.
    await excluded.locator('li', { hasText: 'Urbana Police 1' }).getByRole('button').click();
    await page.getByTestId('assign-open').click();
    await page.getByTestId('assign-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('assign-confirm').click();
    await page.getByTestId('justification-form').waitFor({ timeout: 10_000 });
    await page.getByTestId('justification-code').selectOption('supervisor_direction');
    await page.getByTestId('justification-cessa30').selectOption('threat_of_physical_injury');
    // Without a written reason the ground is refused, in words, and the supervisor is told the way out.
    await page.getByTestId('assign-confirm').click();
    await page.getByTestId('assign-error-justification.cessa30').getByText('As a supervisor you may let it stand with a written reason').waitFor({ timeout: 10_000 });
    await page.getByTestId('justification-ground-override').fill('Deputy on scene reports the son threatened the neighbour an hour ago');
    await harness.screenshot(page, 'dispatch-board-ground-override');
    await page.getByTestId('assign-confirm').click();
    await page.getByTestId('assign-dialog').waitFor({ state: 'detached', timeout: 10_000 });
    const incident = await (await api('supervisor')).getIncident(id);
    expect(incident.groundOverrides).toBe(1);
    const response = await (await api('dispatcher')).incidentResponse(id);
    expect(response.assignments.find((a) => a.unitName === 'Urbana Police 1')?.justification).toMatchObject({ cessa30: 'threat_of_physical_injury' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a 988 contact whose place is unknown as waiting for its location, not as an error, and ranks units once a pin is placed (issue 11 §2)', async () => {
    // A counsellor takes a 988 contact that will not say where they are, triages it and marks it dispatch-ready.
    const counsellor = await api('counsellor');
    const incident = await counsellor.createIncident({
      entryPoint: '988', summary: 'Caller says they cannot keep themselves safe tonight, will not say where they are',
      safetyFlags: [],
    });
    // No location given: a 988 contact starts with the caller's location unknown.
    expect((await harness.store.read.incidents.get(incident.id))?.location).toEqual({ address: '', accuracy: 'unknown' });
    for (const [questionId, answerKey] of LEVEL_2) await counsellor.answerTriage(incident.id, { questionId: questionId!, answerKey: answerKey! });
    await counsellor.transitionIncident(incident.id, { action: 'queue_for_dispatch' });
    // The server refuses to rank units for it, naming the field and the rule the board reads.
    const refusal = await (await api('dispatcher')).recommendation(incident.id).then(() => null, (error: unknown) => error);
    expect(refusal).toMatchObject({ status: 400, issues: [{ field: 'location', rule: 'location_unknown' }] });

    const { page, errors } = await harness.openConsole();
    await signInAsDispatcher(page);
    await item(page, incident.id).click();
    const detail = page.locator(`[data-testid="incident-detail"][data-incident="${incident.id}"]`);
    const waiting = detail.getByTestId('recommendation-awaiting-location');
    await waiting.waitFor({ timeout: 10_000 });
    expect(await waiting.getAttribute('role')).toBe('status');
    expect(await waiting.textContent()).toContain('Location not known yet');
    expect(await waiting.textContent()).toContain('until the caller says where they are or a pin is placed');
    expect(await detail.getByTestId('recommendation-error').count()).toBe(0);
    expect(await detail.getByRole('alert').count()).toBe(0);
    expect(await detail.textContent()).not.toContain('could not be loaded');
    expect(await detail.textContent()).not.toMatch(/location_unknown/);
    await page.setViewportSize({ width: 1440, height: 900 });
    await harness.screenshot(page, 'dispatch-board-location-unknown');
    await page.setViewportSize({ width: 390, height: 844 });
    await waiting.scrollIntoViewIfNeeded();
    await harness.screenshot(page, 'dispatch-board-location-unknown-phone');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The caller names a street: the dispatcher places the pin from the board, through the call's own correction.
    await waiting.getByTestId('place-location').click();
    const dialog = page.getByTestId('location-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByTestId('field-location.address').fill('Behind the library, Urbana');
    const svg = dialog.getByTestId('county-map-svg');
    await svg.scrollIntoViewIfNeeded();
    const box = (await svg.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.45, box.y + box.height * 0.5);
    await dialog.locator('[data-testid="pin-notice"][data-pin="map"]').waitFor();
    const pinned = { lat: Number(await dialog.getByTestId('field-location.lat').inputValue()), lon: Number(await dialog.getByTestId('field-location.lon').inputValue()) };
    await harness.screenshot(page, 'dispatch-board-place-pin');
    await dialog.getByTestId('location-dialog-save').click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });

    // The units are ranked from the placed pin, and the notice is gone.
    await detail.getByTestId('ranked-unit').first().waitFor({ timeout: 10_000 });
    expect(await detail.getByTestId('recommendation-awaiting-location').count()).toBe(0);
    expect((await harness.store.read.incidents.get(incident.id))?.location).toEqual({ address: 'Behind the library, Urbana', lat: pinned.lat, lon: pinned.lon });
    await harness.screenshot(page, 'dispatch-board-location-placed');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
