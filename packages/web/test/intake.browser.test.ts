import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@continuum/sdk';
import { DEMO_PASSWORD, startHarness, type Harness, answerQuestion as answer } from './browser-harness.ts';

// Every step after the page opens is a key press: the call-taker has a phone in one hand.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

async function signIn(page: Page, username: string): Promise<void> {
  expect(await focusedTestId(page)).toBe('signin-username');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
}

/** Presses Tab until the field is focused: proves it is reachable, in the form's order. */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if ((await focusedTestId(page)) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

interface Call {
  address: string;
  callback: string;
  summary: string;
  person?: string;
  age?: string;
  safetyFlags?: string;
}

/** From anywhere in the console: `g n`, fill the form with the keyboard, Enter; returns the new incident's id. */
async function takeCall(page: Page, call: Call): Promise<string> {
  await page.keyboard.press('g');
  await page.keyboard.press('n');
  await page.getByTestId('new-call-form').waitFor();
  // The address is where a call-taker starts, and where the cursor already is.
  expect(await focusedTestId(page)).toBe('field-location.address');
  await page.keyboard.type(call.address);
  await tabTo(page, 'field-caller.callbackNumber');
  await page.keyboard.type(call.callback);
  if (call.person) {
    await tabTo(page, 'field-person.name');
    await page.keyboard.type(call.person);
  }
  if (call.age) {
    await tabTo(page, 'field-person.age');
    await page.keyboard.type(call.age);
  }
  await tabTo(page, 'field-summary');
  await page.keyboard.type(call.summary);
  if (call.safetyFlags) {
    await tabTo(page, 'field-safetyFlags');
    await page.keyboard.type(call.safetyFlags);
  }
  await page.keyboard.press('Enter');
  await page.getByTestId('interview').waitFor({ timeout: 15_000 });
  const id = /#\/intake\/([\w-]+)$/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

async function api() {
  const sdk = createClient({ baseUrl: harness.url });
  await sdk.signIn({ username: 'telecom', password: DEMO_PASSWORD });
  return sdk;
}

describe('intake', () => {
  it('takes a 911 call to a level 3 dispatch-ready determination with the keyboard alone', async () => {
    const { page, errors } = await harness.openConsole();
    await signIn(page, 'telecom');

    // A telecommunicator lands on Intake with the new-call form open and the cursor in it (issue 15):
    // Enter on the empty form puts the errors beside the fields and the cursor on the first.
    await page.getByTestId('new-call-form').waitFor();
    expect(await focusedTestId(page)).toMatch(/^field-/);
    await page.keyboard.press('Enter');
    await page.getByTestId('error-location.address').waitFor();
    await page.getByTestId('error-summary').waitFor();
    expect(await focusedTestId(page)).toBe('field-location.address');
    await harness.screenshot(page, 'intake-new-call-errors');

    await page.keyboard.type('1203 W Green St, Urbana');
    await tabTo(page, 'field-caller.callbackNumber');
    await page.keyboard.type('217-555-0142');
    await tabTo(page, 'field-summary');
    await page.keyboard.type('Caller says her brother talks about ending his life and has a plan');
    await page.keyboard.press('Enter');
    await page.getByTestId('interview').waitFor({ timeout: 15_000 });
    const id = /#\/intake\/([\w-]+)$/.exec(page.url())![1]!;
    expect(await page.getByTestId('call-entry').textContent()).toBe('911 · Call');
    await page.getByTestId('question').waitFor();
    await harness.screenshot(page, 'intake-first-question');

    // cases.yaml: "level 3 in the demo region without a section 30 ground sends the MCRT without police".
    await answer(page, 'immediate_danger', 'none');
    await answer(page, 'suicidal_thoughts', 'plan_no_means');
    // The level and its reason are in view before the interview ends.
    expect(await page.getByTestId('triage-level').getAttribute('data-level')).toBe('3');
    // Z takes the last answer back before the determination (issue 12 §7): the question is asked again.
    expect(await page.getByTestId('key-legend').textContent()).toContain('undo last answer');
    await harness.screenshot(page, 'intake-undo-offered');
    await page.keyboard.press('z');
    await page.locator('[data-testid="question"][data-question-id="suicidal_thoughts"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('answered').locator('li').count()).toBe(1);
    await answer(page, 'suicidal_thoughts', 'plan_no_means');
    expect(await page.getByTestId('triage-level').getAttribute('data-level')).toBe('3');
    await answer(page, 'threats', 'no');
    await answer(page, 'psychosis', 'no');
    await answer(page, 'substances', 'no');
    await answer(page, 'self_care', 'yes');
    await answer(page, 'context', 'neither');

    await page.getByTestId('recommendation').waitFor();
    expect(await page.getByTestId('interview').getAttribute('data-status')).toBe('determined');
    expect(await page.getByTestId('determined-level').textContent()).toBe('Level 3 · Urgent');
    expect(await page.getByTestId('deciding-factors').textContent()).toContain('Suicidal thoughts with a plan, but no means at hand');
    expect(await page.getByTestId('recommended-response').getAttribute('data-response-type')).toBe('mcrt');
    expect(await page.getByTestId('max-response').first().textContent()).toBe('60 min');
    expect(await page.getByTestId('police').textContent()).toBe('Not recommended');
    expect((await page.getByTestId('recommendation-reasons').locator('li').allTextContents()).length).toBeGreaterThan(0);
    expect(await page.getByTestId('answered').locator('li').count()).toBe(7);
    // Determined: no undo any more.
    expect(await page.getByTestId('undo-answer').count()).toBe(0);
    expect(await page.getByTestId('dispatch-now').count()).toBe(0);
    // The dispatch-ready action is focused and shows its key.
    expect(await focusedTestId(page)).toBe('handoff-queue_for_dispatch');
    await harness.screenshot(page, 'intake-determined-level-3');

    await page.keyboard.press('d');
    await page.locator('[data-testid="intake-outcome"][data-status="awaiting_dispatch"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('outcome-status').textContent()).toBe('Awaiting dispatch');
    expect(await focusedTestId(page)).toBe('next-call');
    await harness.screenshot(page, 'intake-dispatch-ready');

    const sdk = await api();
    expect((await sdk.getIncident(id)).status).toBe('awaiting_dispatch');
    const types = (await sdk.incidentEvents(id)).items.map((e) => e.type);
    // The undone answer stays in the history, followed by its undoing.
    expect(types.filter((t) => t === 'incident.triage_answered')).toHaveLength(8);
    expect(types.filter((t) => t === 'incident.triage_answer_undone')).toHaveLength(1);
    expect(types).toContain('incident.triaged');
    expect(types.indexOf('incident.triaged')).toBeLessThan(types.indexOf('incident.queued_for_dispatch'));

    // N: the next call starts on a clean form.
    await page.keyboard.press('n');
    await page.getByTestId('new-call-form').waitFor();
    expect(await focusedTestId(page)).toBe('field-location.address');
    expect(await page.getByTestId('field-location.address').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes a level 1 call from 911 to a 988 transfer', async () => {
    const { page, errors } = await harness.openConsole();
    await signIn(page, 'telecom');
    const id = await takeCall(page, {
      address: '500 N Neil St, Champaign',
      callback: '217-555-0199',
      summary: 'Caller is lonely and upset, wants someone to talk to',
      person: 'Sam',
      age: '34',
    });
    // cases.yaml: "level 1, wants to talk, statewide".
    for (const [q, a] of [
      ['immediate_danger', 'none'], ['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'no'],
      ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk'],
    ] as const) {
      await answer(page, q, a);
    }
    await page.getByTestId('recommendation').waitFor();
    expect(await page.getByTestId('determined-level').textContent()).toBe('Level 1 · Low');
    expect(await page.getByTestId('recommended-response').getAttribute('data-response-type')).toBe('phone_988');
    expect(await focusedTestId(page)).toBe('handoff-transfer_to_988');
    await harness.screenshot(page, 'intake-level-1');

    await page.keyboard.press('t');
    await page.getByTestId('transfer-dialog').waitFor({ state: 'visible' });
    expect(await focusedTestId(page)).toBe('transfer-dialog-confirm');
    await harness.screenshot(page, 'intake-transfer-confirm');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="intake-outcome"][data-status="transferred_to_988"]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('outcome-status').textContent()).toBe('Transferred to 988');
    await harness.screenshot(page, 'intake-transferred');

    const sdk = await api();
    expect((await sdk.getIncident(id)).status).toBe('transferred_to_988');
    expect((await sdk.incidentEvents(id)).items.map((e) => e.type)).toContain('incident.transferred_to_988');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('turns the screen into DISPATCH NOW on an emergent answer within three questions', async () => {
    const { page, errors } = await harness.openConsole();
    await signIn(page, 'telecom');
    const id = await takeCall(page, {
      address: '2 Main St, Rantoul',
      callback: '217-555-0107',
      summary: 'Caller unsure whether her son is safe; he has talked about suicide',
      safetyFlags: 'son said he would hurt anyone who comes in',
    });
    // F marks a free-text safety flag as a threat (issue 12 §2): it counts as a factor from now on.
    await page.keyboard.press('f');
    await page.getByTestId('flag-dialog').waitFor({ state: 'visible' });
    expect(await focusedTestId(page)).toBe('flag-choice');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await harness.screenshot(page, 'intake-flag-dialog');
    await tabTo(page, 'flag-confirm');
    await page.keyboard.press('Enter');
    await page.getByTestId('flag-dialog').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('call-flags').getByText('marked as a threat').waitFor({ timeout: 10_000 });
    // cases.yaml: "emergent in three questions, caller unsure, no weapon, then a plan with means".
    await answer(page, 'immediate_danger', 'unsure');
    await answer(page, 'danger_check', 'none');
    const emergent = page.locator('[data-testid="question"] [data-answer-key="plan_and_means"]');
    expect(await emergent.getAttribute('data-emergent')).toBe('true');
    expect(await emergent.textContent()).toContain('Emergent');
    await answer(page, 'suicidal_thoughts', 'plan_and_means');

    const alert = page.getByTestId('dispatch-now');
    await alert.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toContain('DISPATCH NOW');
    expect(await page.getByTestId('triage-level').getAttribute('data-level')).toBe('4');
    expect(await page.getByTestId('answered').locator('li').count()).toBe(3);
    expect(await page.getByTestId('guidance').textContent()).toMatch(/remove the means/i);
    expect(await focusedTestId(page)).toBe('handoff-queue_for_dispatch');
    await harness.screenshot(page, 'intake-dispatch-now');

    // `g d` goes to the Dispatch board; its `d` must not mark the call dispatch-ready on the way.
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.getByTestId('area-dispatch').waitFor();
    const sdk = await api();
    const incident = await sdk.getIncident(id);
    expect(incident.status).toBe('triaged');
    expect(incident.markedFlags).toEqual([{ flag: 'son said he would hurt anyone who comes in', as: 'threat' }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('overrides with a reason code and a §30 ground, and cancels a call with a reason', async () => {
    const { page, errors } = await harness.openConsole();
    await signIn(page, 'telecom');
    const id = await takeCall(page, { address: '101 E University Ave, Champaign', callback: '217-555-0123', summary: 'Agitated man, hearing voices' });
    // cases.yaml: "a diagnosis is never grounds for police at level 3 in the demo region" (without the diagnosis).
    for (const [q, a] of [
      ['immediate_danger', 'none'], ['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'agitated'],
      ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'],
    ] as const) {
      await answer(page, q, a);
    }
    expect(await page.getByTestId('recommended-response').getAttribute('data-response-type')).toBe('mcrt');

    await page.keyboard.press('o');
    const dialog = page.getByTestId('override-dialog');
    await dialog.waitFor({ state: 'visible' });
    await page.getByTestId('override-to').selectOption('co_response');
    await page.getByTestId('override-reason').selectOption('safety_information_not_in_protocol');
    // Police without a §30 ground is refused before anything is sent.
    await page.getByTestId('override-confirm').click();
    await page.getByTestId('override-error-justification').waitFor();
    await harness.screenshot(page, 'intake-override-dialog');
    await page.getByTestId('override-justification').selectOption('threat_of_physical_injury');
    await page.getByTestId('override-note-input').fill('Caller says he has hit his brother before');
    await page.getByTestId('override-confirm').click();
    // A past assault is no recorded threat factor: the server refuses the ground (422, issue 12 §4), and the dialog says why.
    await page.getByTestId('override-error-justification').getByText('needs a recorded factor establishing a threat').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // 988 reports that no crisis team can arrive within the maximum: recorded with who said so (U).
    await page.keyboard.press('u');
    await page.getByTestId('unavailable-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('unavailable-by').fill('988 counsellor, desk 2');
    await page.getByTestId('unavailable-confirm').click();
    await page.getByTestId('unavailable-dialog').waitFor({ state: 'detached', timeout: 10_000 });
    // The region's plan names co-response for 988's report: the recommendation follows it.
    await page.locator('[data-testid="recommended-response"][data-response-type="co_response"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('o');
    await dialog.waitFor({ state: 'visible' });
    await page.getByTestId('override-to').selectOption('police_ems');
    await page.getByTestId('override-reason').selectOption('recommended_resource_not_available');
    await page.getByTestId('override-justification').selectOption('crisis_team_unavailable_within_regional_maximum');
    await page.getByTestId('override-confirm').click();
    await page.getByTestId('override-note').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('override-note').textContent()).toContain('Police and EMS');
    expect(await page.getByTestId('override-dialog').count()).toBe(0);
    const sdk = await api();
    expect((await sdk.incidentEvents(id)).items.map((e) => e.type)).toContain('incident.response_overridden');

    // Cancel: a reason is required, then the call is cancelled.
    await page.keyboard.press('x');
    await page.getByTestId('cancel-dialog').waitFor({ state: 'visible' });
    expect(await focusedTestId(page)).toBe('cancel-dialog-reason');
    await page.keyboard.press('Enter');
    await page.getByTestId('cancel-dialog').getByText('Give the reason').waitFor();
    await page.keyboard.type('Duplicate of a call already dispatched');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="intake-outcome"][data-status="cancelled"]').waitFor({ timeout: 10_000 });
    expect((await sdk.getIncident(id)).status).toBe('cancelled');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has a 988 counsellor escalate an emergent call to 911 with the reason', async () => {
    const { page, errors } = await harness.openConsole();
    await signIn(page, 'counsellor');
    await page.keyboard.press('g');
    await page.keyboard.press('n');
    await page.getByTestId('new-call-form').waitFor();
    expect(await page.locator('input[name="entryPoint"]:checked').getAttribute('value')).toBe('988');
    await page.keyboard.type('Unknown apartment, Mahomet');
    await tabTo(page, 'field-summary');
    await page.keyboard.type('Texter says he has a gun and is going to use it');
    await page.keyboard.press('Enter');
    await page.getByTestId('interview').waitFor({ timeout: 15_000 });
    const id = /#\/intake\/([\w-]+)$/.exec(page.url())![1]!;

    await answer(page, 'immediate_danger', 'weapon');
    await page.getByTestId('dispatch-now').waitFor();
    // 988 sends no police or EMS: the emergent action for a 988 call is the escalation.
    expect(await page.getByTestId('dispatch-now').textContent()).toContain('Escalate to 911');
    expect(await focusedTestId(page)).toBe('handoff-escalate_to_911');
    await page.keyboard.press('e');
    await page.getByTestId('escalate-dialog').waitFor({ state: 'visible' });
    expect(await focusedTestId(page)).toBe('escalate-dialog-reason');
    await page.keyboard.type('Has a gun and says he will use it tonight');
    await harness.screenshot(page, 'intake-escalate-988');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="intake-outcome"][data-status="escalated_to_911"]').waitFor({ timeout: 10_000 });

    const sdk = createClient({ baseUrl: harness.url });
    await sdk.signIn({ username: 'counsellor', password: DEMO_PASSWORD });
    expect((await sdk.getIncident(id)).status).toBe('escalated_to_911');
    expect(errors).toEqual([]);
    await page.close();
  });
});
