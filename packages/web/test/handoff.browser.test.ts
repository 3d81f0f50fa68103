import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, startHarness, type Harness } from './browser-harness.ts';

// Two centres side by side: each test signs one person in on the usual console and another in a
// browser context of its own, and walks a hand-off from one screen to the other.
let harness: Harness;
const SHOTS = process.env.HANDOFF_SHOTS_DIR;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** Screenshots for the reviewer's eyes (outside the repository) when HANDOFF_SHOTS_DIR is set. */
async function shoot(page: Page, name: string): Promise<void> {
  await harness.screenshot(page, `handoff-${name}`);
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/${name}-${w}x${h}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 860 });
}

const openCall = (page: Page, id: string) => page.evaluate((hash) => (window.location.hash = hash), `/intake/${id}`);

describe('hand-offs across two signed-in consoles', () => {
  it('a 911 call transferred to 988 appears in the counsellor’s inbox and continues there', async () => {
    const telecomApi = await harness.api('telecom');
    const incident = await telecomApi.createIncident({
      entryPoint: '911', summary: 'Caller is lonely and upset, wants someone to talk to',
      location: { address: '500 N Neil St, Champaign', lat: 40.121, lon: -88.243 }, caller: { callbackNumber: '217-555-0199' }, person: { name: 'Sam Ortiz', age: 34 }, safetyFlags: [],
    });
    // The interview as 911 took it (cases.yaml: "level 1, wants to talk, statewide").
    for (const [questionId, answerKey] of [
      ['immediate_danger', 'none'], ['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'no'],
      ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk'],
    ] as const) {
      await telecomApi.answerTriage(incident.id, { questionId, answerKey });
    }

    const sender = await harness.openConsole();
    await signInAs(sender.page, 'telecom');
    const receiver = await harness.openOtherConsole();
    await signInAs(receiver.page, 'counsellor');
    await receiver.page.keyboard.press('g');
    await receiver.page.keyboard.press('n');
    await receiver.page.getByTestId('handoff-inbox').waitFor();
    expect(await receiver.page.getByTestId('handoff-count').textContent()).toBe('0');

    await openCall(sender.page, incident.id);
    await sender.page.getByTestId('handoff-transfer_to_988').waitFor();
    await sender.page.keyboard.press('t');
    await sender.page.getByTestId('transfer-dialog').waitFor({ state: 'visible' });
    await sender.page.keyboard.press('Enter');
    // Until the counsellor accepts, the sender is told it is offered and waiting, not "with 988".
    const status = sender.page.getByTestId('handoff-sender-status');
    await status.waitFor({ timeout: 10_000 });
    expect(await status.getAttribute('data-state')).toBe('offered');
    expect(await status.textContent()).toContain('Offered to East Central Illinois 988 Crisis Line, waiting');
    expect(await sender.page.getByTestId('intake-outcome').textContent()).not.toContain('is with 988');
    await shoot(sender.page, 'sender-waiting');

    // The counsellor's inbox shows it live, with the alert and the count in the header.
    const item = receiver.page.getByTestId('handoff-item');
    await item.waitFor({ timeout: 10_000 });
    await receiver.page.getByTestId('handoff-alert').waitFor();
    expect(await receiver.page.getByTestId('handoff-count').textContent()).toBe('1');
    expect(await item.textContent()).toContain('Champaign County Emergency Communications');
    await shoot(receiver.page, 'inbox-988');
    await receiver.page.getByTestId('handoff-accept').click();

    // Accepting opens the call where 911 left it: the level and answers are there, nothing retyped.
    await receiver.page.getByTestId('received-banner').waitFor({ timeout: 10_000 });
    expect(await receiver.page.getByTestId('call-address').textContent()).toBe('500 N Neil St, Champaign');
    await receiver.page.getByTestId('recommendation').waitFor();
    await receiver.page.getByTestId('handoff-close').waitFor();
    await shoot(receiver.page, 'received-988');
    expect(await receiver.page.getByTestId('handoff-count').textContent()).toBe('0');

    // The sender's screen follows without a reload.
    await sender.page.locator('[data-testid="handoff-sender-status"][data-state="accepted"]').waitFor({ timeout: 10_000 });
    expect(await status.textContent()).toContain('accepted by Priya Raman');
    await shoot(sender.page, 'sender-accepted');
    expect([...sender.errors, ...receiver.errors]).toEqual([]);
    await sender.page.close();
    await receiver.page.close();
  }, 180_000);

  it('a 988 escalation arrives at 911 as DISPATCH NOW', async () => {
    const counsellorApi = await harness.api('counsellor');
    const incident = await counsellorApi.createIncident({
      entryPoint: '988', summary: 'Caller has pills in hand and says tonight is the night',
      location: { address: '2 Main St, Rantoul', lat: 40.308, lon: -88.155 }, caller: { callbackNumber: '217-555-0107' }, person: { name: 'Lee Parker', age: 41 }, safetyFlags: [],
    });
    const receiver = await harness.openOtherConsole();
    await signInAs(receiver.page, 'telecom');
    await receiver.page.keyboard.press('g');
    await receiver.page.keyboard.press('n');
    await receiver.page.getByTestId('handoff-inbox-empty').waitFor();

    const sender = await harness.openConsole();
    await signInAs(sender.page, 'counsellor');
    await openCall(sender.page, incident.id);
    await sender.page.getByTestId('handoff-escalate_to_911').waitFor();
    await sender.page.keyboard.press('e');
    await sender.page.getByTestId('escalate-dialog').waitFor({ state: 'visible' });
    await sender.page.getByTestId('escalate-dialog-reason').fill('Has pills in hand and is swallowing them');
    await sender.page.getByTestId('escalate-dialog-confirm').click();
    await sender.page.locator('[data-testid="handoff-sender-status"][data-state="offered"]').waitFor({ timeout: 10_000 });

    const item = receiver.page.locator('[data-testid="handoff-item"][data-kind="emergency_escalation"]');
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getByTestId('handoff-dispatch-now').textContent()).toBe('DISPATCH NOW');
    expect(await item.getByTestId('handoff-note').textContent()).toContain('swallowing');
    await shoot(receiver.page, 'inbox-911');
    await item.getByTestId('handoff-accept').click();
    const alarm = receiver.page.getByTestId('dispatch-now');
    await alarm.waitFor({ timeout: 10_000 });
    expect(await alarm.getAttribute('role')).toBe('alert');
    expect(await alarm.textContent()).toContain('DISPATCH NOW');
    expect(await receiver.page.getByTestId('call-address').textContent()).toBe('2 Main St, Rantoul');
    await receiver.page.getByTestId('escalation-dispatch').click();
    await receiver.page.locator('[data-testid="escalation-status"]').filter({ hasText: /dispatch/i }).waitFor({ timeout: 10_000 });
    await shoot(receiver.page, 'escalation-911');
    await sender.page.locator('[data-testid="handoff-sender-status"][data-state="accepted"]').waitFor({ timeout: 10_000 });
    expect((await counsellorApi.getIncident(incident.id)).status).toBe('awaiting_dispatch');
    expect([...sender.errors, ...receiver.errors]).toEqual([]);
    await sender.page.close();
    await receiver.page.close();
  }, 180_000);

  it('a youth call reaches the CARES line with its 2-hour clock', async () => {
    const telecomApi = await harness.api('telecom');
    const incident = await telecomApi.createIncident({
      entryPoint: '911', summary: 'Mother says her 15-year-old is in distress and will not leave his room',
      location: { address: '300 S Vine St, Urbana', lat: 40.109, lon: -88.204 }, caller: { callbackNumber: '217-555-0150' }, person: { name: 'Kai Moreno', age: 15, medicaid: true }, safetyFlags: [],
    });
    for (const [questionId, answerKey] of [
      ['immediate_danger', 'none'], ['suicidal_thoughts', 'no'], ['threats', 'no'], ['psychosis', 'no'],
      ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk'],
    ] as const) {
      await telecomApi.answerTriage(incident.id, { questionId, answerKey });
    }
    const receiver = await harness.openOtherConsole();
    await signInAs(receiver.page, 'cares');
    await receiver.page.keyboard.press('g');
    await receiver.page.keyboard.press('n');
    await receiver.page.getByTestId('handoff-inbox-empty').waitFor();

    const sender = await harness.openConsole();
    await signInAs(sender.page, 'telecom');
    await openCall(sender.page, incident.id);
    await sender.page.getByTestId('handoff-route_to_cares').waitFor();
    await sender.page.keyboard.press('c');
    await sender.page.getByTestId('cares-dialog').waitFor({ state: 'visible' });
    await sender.page.getByTestId('cares-dialog-confirm').click();
    await sender.page.locator('[data-testid="handoff-sender-status"][data-state="offered"]').waitFor({ timeout: 10_000 });
    expect(await sender.page.getByTestId('handoff-sender-status').textContent()).toContain('Offered to CARES Line');

    const item = receiver.page.getByTestId('handoff-item');
    await item.waitFor({ timeout: 10_000 });
    expect(await item.textContent()).toContain('Warm transfer');
    await item.getByTestId('handoff-accept').click();
    await receiver.page.getByTestId('received-banner').waitFor({ timeout: 10_000 });
    expect(await receiver.page.getByTestId('call-address').textContent()).toBe('300 S Vine St, Urbana');
    // The CARES screen shows the 2-hour clock, not the region's 60 minutes for the level.
    const max = receiver.page.locator('[data-testid="max-response"][data-cares="true"]');
    await max.waitFor({ timeout: 10_000 });
    expect(await max.textContent()).toBe('2 hours · the statewide CARES youth maximum');
    expect(await receiver.page.getByTestId('max-response').allTextContents()).not.toContain('60 min');
    await shoot(receiver.page, 'received-cares');
    // The CARES route runs on the statewide youth maximum, not the region's 60 minutes.
    const state = await harness.store.read.incidents.get(incident.id);
    expect(state).toMatchObject({ status: 'routed_to_cares', caresMaxResponseMinutes: 120 });
    await sender.page.locator('[data-testid="handoff-sender-status"][data-state="accepted"]').waitFor({ timeout: 10_000 });
    expect([...sender.errors, ...receiver.errors]).toEqual([]);
    await sender.page.close();
    await receiver.page.close();
  }, 180_000);
});
