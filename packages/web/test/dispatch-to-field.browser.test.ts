import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@continuum/sdk';
import { DEMO_PASSWORD, startHarness, type Harness, signInAs as signIn } from './browser-harness.ts';

// Issue 5 item 8, end to end in two browsers' worth of pages: a dispatcher assigns the
// recommended crisis team to a triaged call on the board; the crew's field view acknowledges,
// goes en route and on scene; the board shows each step live, without a reload.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** A call in Champaign, near Mobile Crisis 1's base, taken and triaged by the telecommunicator and marked dispatch-ready. */
async function triagedCall(): Promise<string> {
  const telecom = createClient({ baseUrl: harness.url });
  await telecom.signIn({ username: 'telecom', password: DEMO_PASSWORD });
  const incident = await telecom.createIncident({
    entryPoint: '911',
    summary: 'Caller says his flatmate is pacing and talking to people who are not there; no weapons',
    location: { address: '100 block of W Church St, Champaign, IL', lat: 40.1165, lon: -88.2436 },
    caller: { name: 'Sam Ortiz', callbackNumber: '+1 217 555 0199' },
    safetyFlags: ['two flights of stairs'],
  });
  await telecom.transitionIncident(incident.id, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
  await telecom.transitionIncident(incident.id, { action: 'queue_for_dispatch' });
  return incident.id;
}

describe('dispatch to the field', () => {
  it('the board assigns the recommended team; the field view steps it; the board follows live', async () => {
    const id = await triagedCall();
    const { page: board, errors } = await harness.openConsole();
    await signIn(board, 'dispatcher');
    await board.keyboard.press('g');
    await board.keyboard.press('d');
    const item = board.locator(`[data-testid="queue-item"][data-incident="${id}"]`);
    await item.waitFor({ timeout: 10_000 });
    await item.click();

    const ranked = board.getByTestId('incident-detail').getByTestId('ranked-unit');
    await ranked.first().waitFor({ timeout: 10_000 });
    const unit = (await ranked.first().getAttribute('data-unit'))!;
    // The recommended team is the crisis team whose base is closest: the clinician's own.
    expect(unit).toBe('champaign-mcrt-1');
    await board.keyboard.press('1');
    await board.keyboard.press('Enter');
    await board.getByTestId('assign-dialog').waitFor({ state: 'visible' });
    await board.keyboard.press('Enter');
    await board.getByTestId('assign-dialog').waitFor({ state: 'detached', timeout: 10_000 });
    const chip = item.locator(`[data-unit="${unit}"]`);
    await chip.waitFor({ timeout: 10_000 });
    expect(await chip.getAttribute('data-stage')).toBe('assigned');

    // The crew's phone: another origin of the same server, so its session cookie is its own.
    const phone = await board.context().newPage();
    const fieldErrors: string[] = [];
    phone.on('pageerror', (e) => fieldErrors.push(e.message));
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(harness.url.replace('localhost', '127.0.0.1'));
    await phone.getByTestId('signin-form').waitFor();
    await signIn(phone, 'clinician');
    await phone.evaluate(() => { window.location.hash = '/field'; });
    await phone.getByTestId('field-assignment').waitFor({ timeout: 10_000 });
    expect(await phone.getByTestId('field-address').textContent()).toBe('100 block of W Church St, Champaign, IL');
    expect(await phone.getByTestId('field-flags').textContent()).toMatch(/two flights of stairs/i);

    const stages: [string, string, string][] = [
      ['acknowledge', 'acknowledged', 'dispatched'],
      ['en_route', 'en_route', 'en_route'],
      ['on_scene', 'on_scene', 'on_scene'],
    ];
    for (const [action, stage, status] of stages) {
      await phone.getByTestId(`field-step-${action}`).click();
      await phone.locator(`[data-testid="field-stage"][data-stage="${stage}"][data-pending="false"]`).waitFor({ timeout: 10_000 });
      // The board, untouched since the assignment, hears of each step through the live feed.
      await item.locator(`[data-unit="${unit}"][data-stage="${stage}"]`).waitFor({ timeout: 10_000 });
      await board.locator(`[data-testid="queue-item"][data-incident="${id}"][data-status="${status}"]`).waitFor({ timeout: 10_000 });
      await board.locator(`[data-testid="roster-unit"][data-unit="${unit}"][data-status="${stage === 'acknowledged' ? 'dispatched' : stage}"]`).waitFor({ timeout: 10_000 });
    }
    await harness.screenshot(board, 'dispatch-to-field-board');
    await phone.screenshot({ path: `${process.cwd()}/test-results/dispatch-to-field-phone.png` });

    // The response clock has every milestone to on scene, in order.
    const dispatcher = createClient({ baseUrl: harness.url });
    await dispatcher.signIn({ username: 'dispatcher', password: DEMO_PASSWORD });
    const { clock } = await dispatcher.incidentResponse(id);
    const times = [clock.receivedAt, clock.triagedAt, clock.dispatchedAt, clock.acknowledgedAt, clock.enRouteAt, clock.onSceneAt].map((t) => Date.parse(t!));
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(errors).toEqual([]);
    expect(fieldErrors).toEqual([]);
    await phone.close();
    await board.close();
  });
});
