import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startHarness, type Harness } from './browser-harness.ts';

// Teams assembled (issue 12 §5): a call whose plan no single unit carries (EMS with a peer) shows
// pairs of units on the board; the dispatcher sends one pair, meeting on site, with one click.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const LEVEL_2 = [['immediate_danger', 'none'], ['suicidal_thoughts', 'thoughts_no_plan'], ['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither'], ['need', 'talk']];

/** A call triaged by the interview, then set by the call-taker to EMS with a peer (an overdose), and queued. */
async function queueEmsWithPeer(address: string, lat: number, lon: number): Promise<string> {
  const telecom = await harness.api('telecom');
  const incident = await telecom.createIncident({
    entryPoint: '911', summary: 'Friend found him drowsy after using; awake now and wants someone to talk to',
    location: { address, lat, lon }, caller: { name: 'Sam Ortiz', callbackNumber: '+1 217 555 0163' }, safetyFlags: [],
  });
  for (const [questionId, answerKey] of LEVEL_2) await telecom.answerTriage(incident.id, { questionId: questionId!, answerKey: answerKey! });
  await telecom.transitionIncident(incident.id, { action: 'override_response', to: 'ems_co_response', reasonCode: 'other', note: 'overdose: EMS with a peer recovery specialist' });
  await telecom.transitionIncident(incident.id, { action: 'queue_for_dispatch' });
  return incident.id;
}

async function signInAsDispatcher(page: Page): Promise<void> {
  await page.getByTestId('signin-username').fill('dispatcher');
  await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await page.getByTestId('area-dispatch').waitFor();
}

describe('dispatch board: two units meeting on site', () => {
  it('shows the pairs with who brings what, and sends the first pair in one step', async () => {
    const id = await queueEmsWithPeer('401 N Dunlap Ave, Savoy, IL', 40.0631, -88.2518);
    const { page, errors } = await harness.openConsole();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInAsDispatcher(page);
    const queued = page.locator(`[data-testid="queue-item"][data-incident="${id}"]`);
    await queued.waitFor({ timeout: 10_000 });
    await queued.click();

    const detail = page.getByTestId('incident-detail');
    await detail.getByTestId('combinations').waitFor({ timeout: 10_000 });
    expect(await detail.getByTestId('ranked-empty').textContent()).toContain('No single unit carries the whole team');
    expect(await detail.locator('[data-testid="shortfalls"] li').first().getAttribute('data-code')).toBe('no_single_unit_with_composition');
    const pairs = detail.getByTestId('combination');
    expect(await pairs.count()).toBeGreaterThan(0);
    const first = pairs.first();
    const unitIds = (await first.getAttribute('data-units'))!.split('+');
    expect(unitIds).toHaveLength(2);
    expect(unitIds.some((u) => u.startsWith('champaign-ems-'))).toBe(true);
    const members = await first.locator('.combination-members li').allTextContents();
    expect(members.some((m) => m.includes('brings EMS crew'))).toBe(true);
    expect(members.some((m) => m.includes('Engagement specialist (peer)'))).toBe(true);
    expect((await first.getByTestId('combination-reasons').locator('li').allTextContents()).some((r) => r.startsWith('Together they bring'))).toBe(true);
    await first.scrollIntoViewIfNeeded();
    await harness.screenshot(page, 'dispatch-board-combinations-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await first.scrollIntoViewIfNeeded();
    await harness.screenshot(page, 'dispatch-board-combinations-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    await first.getByTestId('assign-pair').click();
    await page.locator(`[data-testid="queue-item"][data-incident="${id}"][data-status="dispatched"]`).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('board-flash').textContent()).toMatch(/^Sent .+ and .+ to 401 N Dunlap Ave, Savoy, IL\.$/);
    for (const u of unitIds) {
      await page.locator(`[data-testid="roster-unit"][data-unit="${u}"][data-status="dispatched"]`).waitFor({ timeout: 10_000 });
    }
    await harness.screenshot(page, 'dispatch-board-combination-assigned');

    // One request, both units, meeting on site: the server's record of the call says so.
    const response = await (await harness.api('dispatcher')).incidentResponse(id);
    expect(response.assignments.map((a) => [a.unitId, a.mode, a.stage]).sort()).toEqual(unitIds.map((u) => [u, 'meet_on_site', 'assigned']).sort());
    expect(errors).toEqual([]);
    await page.close();
  });
});
