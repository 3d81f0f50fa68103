import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@continuum/sdk';
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

  it('a text contact at 988 with its place unknown: the person’s message arrives live, the reply is stored; beside it, 911 replaces a town’s centre with a placed pin', async () => {
    const counsellor = await harness.openConsole();
    await signInAs(counsellor.page, 'counsellor');
    const telecom = await harness.openOtherConsole();
    await signInAs(telecom.page, 'telecom');

    // The counsellor starts a text contact in Spanish with the place unknown: a choice, not a blank box.
    const page = counsellor.page;
    await page.keyboard.press('g');
    await page.keyboard.press('n');
    await page.getByTestId('new-call-form').waitFor();
    expect(await page.getByTestId('field-channel').getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['call', 'text', 'chat']);
    await page.getByTestId('field-channel').locator('input[value="text"]').check();
    await page.locator('#call-preferredLanguage').selectOption('es');
    await page.getByTestId('accuracy-unknown').check();
    await page.getByTestId('location-unknown').waitFor();
    expect(await page.getByTestId('field-location.address').count()).toBe(0);
    await shoot(page, 'text-contact-form');
    await page.getByTestId('field-summary').fill('Texting from an unknown place, says they cannot go on');
    await page.keyboard.press('Enter');
    await page.getByTestId('transcript-empty').waitFor({ timeout: 10_000 });
    const id = decodeURIComponent(page.url().split('/intake/')[1]!);
    expect(await page.getByTestId('call-entry').textContent()).toBe('988 · Text · speaks Spanish');
    expect(await page.getByTestId('call-address').textContent()).toBe('Caller’s location unknown');
    const stored = await harness.store.read.incidents.get(id);
    expect(stored).toMatchObject({ channel: 'text', preferredLanguage: 'es' });
    expect(stored?.location).toEqual({ address: '', accuracy: 'unknown' });

    // The texting platform posts the person's message with a token scoped to messages alone.
    const counsellorApi = await harness.api('counsellor');
    const { token } = await counsellorApi.createToken({ name: 'Texting platform', expiresInDays: 1, scopes: ['contact.message'] });
    expect(token).not.toBeNull();
    const platform = createClient({ baseUrl: harness.url, token: token! });
    await platform.postContactMessage(id, { direction: 'inbound', body: 'no puedo más', externalId: 'sms-1' });
    const inbound = page.locator('[data-testid="transcript-message"][data-direction="inbound"]');
    await inbound.waitFor({ timeout: 10_000 });
    expect(await inbound.textContent()).toContain('no puedo más');

    // Enter sends, Shift+Enter adds a line; the reply lands after the person's message and is stored.
    const input = page.getByTestId('transcript-input');
    await input.click();
    await page.keyboard.type('Estoy aquí contigo.');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('¿Estás a salvo ahora?');
    await page.keyboard.press('Enter');
    const outbound = page.locator('[data-testid="transcript-message"][data-direction="outbound"]');
    await outbound.waitFor({ timeout: 10_000 });
    expect(await input.inputValue()).toBe('');
    expect(await page.getByTestId('transcript-message').evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')))).toEqual(['inbound', 'outbound']);
    const saved = await counsellorApi.contactMessages(id);
    expect(saved.items.map((m) => [m.direction, m.body])).toEqual([['inbound', 'no puedo más'], ['outbound', 'Estoy aquí contigo.\n¿Estás a salvo ahora?']]);
    await shoot(page, 'text-contact-transcript');

    // The person names the town: the counsellor records it after intake, marked approximate (the town's centre).
    await page.getByTestId('correct-location').click();
    const dialog = page.getByTestId('location-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByTestId('field-location.address').fill('By the library, Rant');
    await dialog.getByTestId('town-option').first().waitFor();
    await dialog.getByTestId('field-location.address').press('ArrowDown');
    await dialog.getByTestId('field-location.address').press('Enter');
    await dialog.locator('[data-testid="pin-notice"][data-pin="town"]').waitFor();
    await shoot(page, 'location-correction');
    await dialog.getByTestId('location-dialog-save').click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('call-address').textContent()).toBe('By the library, Rantoul (approximate)');
    expect((await harness.store.read.incidents.get(id))?.location).toMatchObject({ address: 'By the library, Rantoul', accuracy: 'approximate' });

    // 911 beside it: picking a town pins its centre and says so plainly; a pin placed on the map replaces it.
    const t = telecom.page;
    await t.keyboard.press('g');
    await t.keyboard.press('n');
    await t.getByTestId('new-call-form').waitFor();
    expect(await t.getByTestId('field-channel').getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['call', 'text']);
    expect(await t.getByTestId('accuracy-unknown').count()).toBe(0);
    await t.getByTestId('field-location.address').fill('2 Main St, Rant');
    await t.getByTestId('town-option').first().waitFor();
    await t.keyboard.press('ArrowDown');
    await t.keyboard.press('Enter');
    const notice = t.locator('[data-testid="pin-notice"][data-pin="town"]');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('The pin is Rantoul’s town centre, not the street address.');
    expect(await notice.textContent()).toContain('No address lookup is set up');
    expect(await t.getByTestId('accuracy-approximate').isChecked()).toBe(true);
    const centre = [await t.getByTestId('field-location.lat').inputValue(), await t.getByTestId('field-location.lon').inputValue()];
    await shoot(t, 'town-centre-notice');
    await t.getByTestId('county-map-svg').scrollIntoViewIfNeeded();
    // A spot a little east of the town's dot, as the caller describes it.
    const dot = await t.getByTestId('county-map-marker').boundingBox();
    expect(dot).not.toBeNull();
    await t.mouse.click(dot!.x + dot!.width / 2 + 12, dot!.y + dot!.height / 2 + 6);
    await t.locator('[data-testid="pin-notice"][data-pin="map"]').waitFor();
    expect(await t.getByTestId('accuracy-exact').isChecked()).toBe(true);
    const placed = [await t.getByTestId('field-location.lat').inputValue(), await t.getByTestId('field-location.lon').inputValue()];
    expect(placed).not.toEqual(centre);
    await shoot(t, 'placed-pin');
    await t.getByTestId('field-summary').fill('Neighbour reports a man shouting on the porch');
    await t.keyboard.press('Enter');
    await t.getByTestId('interview').waitFor({ timeout: 10_000 });
    const placedId = decodeURIComponent(t.url().split('/intake/')[1]!);
    const placedCall = await harness.store.read.incidents.get(placedId);
    expect(placedCall?.location).toEqual({ address: '2 Main St, Rantoul', lat: Number(placed[0]), lon: Number(placed[1]) });
    expect([...counsellor.errors, ...telecom.errors]).toEqual([]);
    await page.close();
    await t.close();
  }, 180_000);
});
