import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, startHarness, type Harness, answerQuestion as answer } from './browser-harness.ts';

// Closing a call with its disposition away from the field view: the 988 counsellor who resolved
// a level-1 call on the phone (R on the intake screen), and the dispatcher whose team is on scene
// (the board's "Close call…"). Both fill the field view's own form, checked by the domain.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const api = (username: string) => harness.api(username);

const UNIT = 'champaign-mcrt-1';
// cases.yaml: "level 1, wants to talk, statewide".
const LEVEL_1 = [['immediate_danger', 'none'], ['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk']] as const;
// Suicidal thoughts without a plan: a mobile crisis team without police.
const LEVEL_2 = [['immediate_danger', 'none'], ['suicidal_thoughts', 'thoughts_no_plan'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk']] as const;

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** A 988 text the counsellor takes (through the API) and triages on the intake screen with the number keys. */
async function triagedByCounsellor(page: Page, summary: string): Promise<string> {
  const counsellor = await api('counsellor');
  const incident = await counsellor.createIncident({ entryPoint: '988', summary, location: { address: '300 W Main St, Urbana, IL', lat: 40.1125, lon: -88.2105 }, safetyFlags: [] });
  await signInAs(page, 'counsellor');
  await page.evaluate((id) => { window.location.hash = `/intake/${id}`; }, incident.id);
  await page.getByTestId('interview').waitFor({ timeout: 15_000 });
  for (const [q, a] of LEVEL_1) await answer(page, q, a);
  await page.getByTestId('recommendation').waitFor();
  expect(await page.getByTestId('determined-level').textContent()).toBe('Level 1 · Low');
  return incident.id;
}

describe('closing a call by phone on the intake screen', () => {
  it('has the 988 counsellor close a level 1 call as resolved by phone with R', async () => {
    const { page, errors } = await harness.openConsole();
    const id = await triagedByCounsellor(page, 'Texter feels overwhelmed after losing her job; talked it through, feels calmer');
    // Support on the phone is the whole response: closing it is the step in focus, with its key shown.
    expect(await focusedTestId(page)).toBe('handoff-close');
    expect(await page.getByTestId('handoff-close').textContent()).toContain('R');
    expect(await page.getByTestId('key-legend').textContent()).toContain('R close call');
    await harness.screenshot(page, 'close-by-phone-level-1');
    // The help lists R among the call's keys.
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor({ state: 'visible' });
    expect(await page.getByTestId('help-key-r').textContent()).toContain('Close the call with a disposition');
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'hidden' });

    await page.keyboard.press('r');
    const dialog = page.getByTestId('close-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await focusedTestId(page)).toBe('close-outcome');
    // The phone's endings first, every other code under "Other outcomes".
    const first = await page.locator('#close-outcome > option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(first).toEqual(['resolved_by_phone', 'referred', 'refused', 'no_response_needed']);
    expect(await page.locator('#close-outcome optgroup[label="Other outcomes"] option[value="stabilised_on_site"]').count()).toBe(1);
    expect(await page.getByTestId('close-outcome').inputValue()).toBe('resolved_by_phone');
    expect(await page.getByTestId('close-transport').count()).toBe(0);
    // Nobody was there to use force or be hurt: a phone ending asks only for the deflection pathway.
    expect(await page.getByTestId('close-flags').getAttribute('data-in-person')).toBe('false');
    expect(await page.getByTestId('close-use-of-force').count()).toBe(0);
    await page.getByTestId('close-note').fill('Agreed to call back tomorrow if it gets worse');
    await page.getByTestId('close-deflection').selectOption('self_referral');
    await harness.screenshot(page, 'close-by-phone-form');

    await page.getByTestId('close-review').click();
    expect(await page.getByTestId('close-summary').textContent()).toBe('Close this call as: Resolved by phone?');
    expect(await focusedTestId(page)).toBe('close-confirm-yes');
    await harness.screenshot(page, 'close-by-phone-confirm');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="intake-outcome"][data-status="closed"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('outcome-status').textContent()).toBe('Closed');
    expect(await page.getByTestId('outcome-ending').textContent()).toBe('The call is closed: resolved by phone.');
    expect(await page.locator('#page-title').textContent()).toBe('Call closed');
    expect(await page.getByTestId('handoff-close').count()).toBe(0);
    await harness.screenshot(page, 'close-by-phone-closed');

    const incident = await (await api('counsellor')).getIncident(id);
    expect(incident.status).toBe('closed');
    expect(incident.disposition).toBe('resolved_by_phone');
    expect(incident.dispositionDetail?.deflectionPathway).toBe('self_referral');
    expect(incident.dispositionNotes?.note).toBe('Agreed to call back tomorrow if it gets worse');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a refused close beside its field and keeps the dialog open to fix it', async () => {
    const { page, errors } = await harness.openConsole();
    const id = await triagedByCounsellor(page, 'Caller wants a counsellor nearby for his son');
    await page.keyboard.press('r');
    await page.getByTestId('close-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('close-outcome').selectOption('referred');
    await page.getByTestId('close-referred').fill('Rosecrance outpatient');
    // A call closed on the phone opens no follow-up episode, and the form says so.
    expect(await page.getByTestId('close-no-follow-up').textContent()).toMatch(/crisis team/);

    // The server's own refusal lands by field: one referral name longer than the server takes
    // (the box holds several, comma-separated; each name is at most 200 characters).
    const pasted = `Rosecrance outpatient ${'(walk-in hours Monday to Friday) '.repeat(6)}`.trim();
    expect(pasted.length).toBeGreaterThan(200);
    await page.getByTestId('close-referred').fill(pasted);
    await page.getByTestId('close-review').click();
    expect(await page.getByTestId('close-summary').textContent()).toBe(`Close this call as: Referred to services: ${pasted}?`);
    await page.getByTestId('close-confirm-yes').click();
    expect(await page.getByTestId('close-referred-issue').textContent({ timeout: 10_000 })).toMatch(/200/);
    expect(await page.getByTestId('close-referred').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('close-dialog').isVisible()).toBe(true);
    await harness.screenshot(page, 'close-by-phone-refused');

    await page.getByTestId('close-referred').fill('Rosecrance Champaign outpatient');
    await page.getByTestId('close-review').click();
    await page.getByTestId('close-confirm-yes').click();
    await page.locator('[data-testid="intake-outcome"][data-status="closed"]').waitFor({ timeout: 10_000 });

    const incident = await (await api('counsellor')).getIncident(id);
    expect(incident.disposition).toBe('referred');
    expect(incident.dispositionNotes?.referredTo).toEqual(['Rosecrance Champaign outpatient']);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('closing a call from the dispatch board', () => {
  it('has the dispatcher close an on-scene call as stabilised on site, and it leaves the queue live', async () => {
    const telecom = await api('telecom');
    const incident = await telecom.createIncident({
      entryPoint: '911', summary: 'Neighbour says the man next door talks about not wanting to live',
      location: { address: '702 S Goodwin Ave, Urbana, IL', lat: 40.1064, lon: -88.2238 }, caller: { name: 'Ana Diaz', callbackNumber: '+1 217 555 0142' }, safetyFlags: [],
    });
    for (const [questionId, answerKey] of LEVEL_2) await telecom.answerTriage(incident.id, { questionId, answerKey });
    await telecom.transitionIncident(incident.id, { action: 'queue_for_dispatch' });
    const dispatcher = await api('dispatcher');
    await dispatcher.assignUnits(incident.id, { units: [UNIT] });
    const clinician = await api('clinician');
    await clinician.assignmentAction(incident.id, UNIT, { action: 'en_route' });
    await clinician.assignmentAction(incident.id, UNIT, { action: 'on_scene' });

    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'dispatcher');
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    const item = page.locator(`[data-testid="queue-item"][data-incident="${incident.id}"]`);
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('data-status')).toBe('on_scene');
    await item.click();
    const detail = page.getByTestId('incident-detail');
    await detail.getByTestId('close-call').waitFor();
    await harness.screenshot(page, 'close-board-detail');

    await detail.getByTestId('close-call').click();
    await page.getByTestId('close-dialog').waitFor({ state: 'visible' });
    // No unit took the person anywhere: the form opens as stabilised on site, in-person endings only.
    expect(await page.getByTestId('close-outcome').inputValue()).toBe('stabilised_on_site');
    expect(await page.locator('#close-outcome option[value="resolved_by_phone"]').count()).toBe(0);
    expect(await page.getByTestId('close-follow-up').getAttribute('data-value')).toBe('offer');
    expect(await page.getByTestId('close-flags').getAttribute('data-in-person')).toBe('true');
    await harness.screenshot(page, 'close-board-form');
    await page.getByTestId('close-review').click();
    expect(await page.getByTestId('close-confirm').textContent()).toContain('clears Mobile Crisis 1');
    await harness.screenshot(page, 'close-board-confirm');
    await page.getByTestId('close-confirm-yes').click();

    await page.getByTestId('close-dialog').waitFor({ state: 'detached', timeout: 10_000 });
    await item.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('board-flash').textContent()).toBe('Closed 702 S Goodwin Ave, Urbana, IL: Stabilised on site.');
    await page.locator(`[data-testid="roster-unit"][data-unit="${UNIT}"][data-status="available"]`).waitFor({ timeout: 10_000 });
    await harness.screenshot(page, 'close-board-closed');

    const closed = await dispatcher.getIncident(incident.id);
    expect(closed.status).toBe('closed');
    expect(closed.disposition).toBe('stabilised_on_site');
    expect((await dispatcher.dispatchQueue()).items.map((i) => i.incident.id)).not.toContain(incident.id);
    expect(errors).toEqual([]);
    await page.close();
  });
});
