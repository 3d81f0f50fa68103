import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion as answer, signInAs, startHarness, type Harness } from './browser-harness.ts';

/**
 * Issue 12 on the intake screen: "the caller does not know" on a question, several answers ticked
 * together, the level marked provisional with the reason, and 988's unavailability report taken
 * with who reported it (U). The server records each: checked through the API, never faked.
 */
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('unknown and several answers, and 988\'s report, on the intake screen', () => {
  it('records them and shows why the level is provisional', async () => {
    const telecom = await harness.api('telecom');
    const incident = await telecom.createIncident({ entryPoint: '911', summary: 'Neighbour hears shouting; caller unsure what is happening', location: { address: '300 W Main St, Urbana, IL', lat: 40.1125, lon: -88.2105 }, safetyFlags: [] });
    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'telecom');
    await page.evaluate((id) => { window.location.hash = `/intake/${id}`; }, incident.id);
    await page.getByTestId('interview').waitFor({ timeout: 15_000 });
    await answer(page, 'immediate_danger', 'unsure');
    // The danger check takes several answers: tick two, record them together.
    const check = page.locator('[data-testid="question"][data-question-id="danger_check"]');
    await check.waitFor();
    await check.locator('[data-testid="answer-tick"][data-answer-key="barricaded"]').check();
    await check.locator('[data-testid="answer-tick"][data-answer-key="weapon_within_reach"]').check();
    await harness.screenshot(page, 'issue12-several-answers-1440');
    await page.getByTestId('answer-ticked').click();
    await check.waitFor({ state: 'detached', timeout: 10_000 });
    await answer(page, 'suicidal_thoughts', 'unknown');
    for (const [q, a] of [['threats', 'no'], ['psychosis', 'no'], ['substances', 'no'], ['self_care', 'yes'], ['context', 'neither']] as const) await answer(page, q, a);
    await page.getByTestId('recommendation').waitFor();
    expect(await page.getByTestId('triage-provisional').textContent()).toContain('Provisional');
    expect(await page.getByTestId('triage-unknowns').textContent()).toContain('The caller did not know');
    const view = await telecom.triage(incident.id);
    expect(view).toMatchObject({ status: 'determined', level: 3, provisional: true });
    expect(view.answers.find((a) => a.questionId === 'danger_check')!.answerKeys).toEqual(['barricaded', 'weapon_within_reach']);
    await page.setViewportSize({ width: 1440, height: 900 });
    await harness.screenshot(page, 'issue12-provisional-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await harness.screenshot(page, 'issue12-provisional-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    // 988 reports no team within the maximum: U opens the form, recorded with who said so.
    await page.locator('body').focus();
    await page.keyboard.press('u');
    await page.getByTestId('unavailable-dialog').waitFor();
    await page.getByTestId('unavailable-by').fill('988 shift lead, desk 3');
    await page.getByTestId('unavailable-ref').fill('988-7781');
    await harness.screenshot(page, 'issue12-unavailable-dialog-1440');
    await page.getByTestId('unavailable-confirm').click();
    await page.getByTestId('unavailable-dialog').waitFor({ state: 'detached', timeout: 10_000 });
    const after = await telecom.getIncident(incident.id);
    expect(after.crisisTeamUnavailability).toMatchObject({ reportedBy: '988 shift lead, desk 3', reportRef: '988-7781' });
    expect(errors).toEqual([]);
  });
});
