import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@continuum/sdk';
import { DEMO_PASSWORD, startHarness, type Harness } from './browser-harness.ts';

// The Person panel of a call and the person page, driven with the keyboard.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

async function signIn(page: Page, username: string): Promise<void> {
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
}

async function tabTo(page: Page, testId: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if ((await focusedTestId(page)) === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

async function as(username: string) {
  const sdk = createClient({ baseUrl: harness.url });
  await sdk.signIn({ username, password: DEMO_PASSWORD });
  return sdk;
}

describe('people', () => {
  it('proposes a possible match on a call, links it on confirmation, undoes it with a reason; the safety plan is edited on the person page', async () => {
    const clinician = await as('clinician');
    const person = await clinician.createPerson({ name: { given: 'Theodora', family: 'Quimbey' }, dateOfBirth: '1985-01-01' });
    const telecomSdk = await as('telecom');
    const incident = await telecomSdk.createIncident({
      entryPoint: '911', summary: 'Neighbour worried about a woman who has not left her flat for days',
      location: { address: '300 block of W Main St, Urbana, IL' }, person: { name: 'Theodora Quimby', age: 41 },
    });

    const { page, errors } = await harness.openConsole();
    await signIn(page, 'telecom');
    await page.goto(`${harness.url}/#/intake/${incident.id}`);
    const candidate = page.getByTestId('person-candidate').filter({ hasText: 'Quimbey' });
    await candidate.waitFor();
    expect(await candidate.getAttribute('data-band')).toBe('possible');
    expect(await candidate.textContent()).toContain('Name: close spelling');
    await harness.screenshot(page, 'people-candidates');

    await page.locator('[data-testid="person-candidate"]:has-text("Quimbey") [data-testid="person-link"]').focus();
    await page.keyboard.press('Enter');
    expect(await focusedTestId(page)).toBe('person-link-confirm');
    await page.keyboard.press('Enter');
    await page.getByTestId('person-linked').waitFor();
    expect(await page.getByTestId('person-linked').textContent()).toContain('Quimbey');

    await page.getByTestId('person-undo').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('person-undo-reason').waitFor();
    await page.keyboard.type('caller corrected the surname');
    await page.keyboard.press('Enter');
    await page.getByTestId('person-candidate').filter({ hasText: 'Quimbey' }).waitFor();
    await harness.screenshot(page, 'people-undone');

    const { page: p2, errors: e2 } = await harness.openConsole();
    await signIn(p2, 'clinician');
    await p2.goto(`${harness.url}/#/people/${person.id}`);
    await p2.getByTestId('safety-plan').waitFor();
    await p2.getByTestId('plan-warningSigns').focus();
    await p2.keyboard.type('Stops answering the phone');
    await tabTo(p2, 'plan-save');
    await p2.keyboard.press('Enter');
    await p2.getByTestId('plan-said').waitFor();
    expect(await p2.getByTestId('plan-said').textContent()).toBe('Saved.');
    await harness.screenshot(p2, 'people-safety-plan');
    expect((await clinician.getPerson(person.id)).safetyPlan).toMatchObject({ warningSigns: ['Stops answering the phone'] });
    expect([...errors, ...e2]).toEqual([]);
  });
});
