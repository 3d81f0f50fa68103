import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@continuum/sdk';
import { DEMO_PASSWORD, startHarness, type Harness } from './browser-harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const openConsole = (): Promise<{ page: Page; errors: string[] }> => harness.openConsole();

describe('console', () => {
  it('says so plainly when the password is wrong', async () => {
    const { page, errors } = await openConsole();
    await page.getByTestId('demo-signins').waitFor();
    await harness.screenshot(page, 'console-signin');
    await page.getByTestId('signin-username').fill('telecom');
    await page.getByTestId('signin-password').fill('not-the-password');
    await page.getByTestId('signin-submit').click();
    const error = page.getByTestId('signin-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toMatch(/wrong username or password/i);
    expect(await page.getByTestId('app-shell').count()).toBe(0);
    await harness.screenshot(page, 'console-signin-error');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs in and shows a new incident live, without reloading', async () => {
    const { page, errors } = await openConsole();

    // The demo list fills in the username; the hint gives the password.
    await page.getByTestId('demo-signin-telecom').click();
    expect(await page.getByTestId('signin-username').inputValue()).toBe('telecom');
    expect(await page.getByTestId('demo-hint').textContent()).toContain(DEMO_PASSWORD);
    await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
    await page.getByTestId('signin-submit').click();

    await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
    // A call-taker lands on their own work, Intake (issue 15 §3); the list is one g-key away.
    await page.getByTestId('area-intake').waitFor();
    // The cursor starts in the new call's address box; leaving it (as a click elsewhere would) lets g-keys work.
    await page.getByTestId('new-call-form').waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.getByTestId('area-incidents').waitFor();
    await page.locator('[data-testid="incident-table"], [data-testid="incidents-empty"]').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('header-name').textContent()).not.toBe('');
    await harness.screenshot(page, 'console-signed-in');

    // A marker that a reload would wipe out.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const sdk = createClient({ baseUrl: harness.url });
    await sdk.signIn({ username: 'telecom', password: DEMO_PASSWORD });
    const address = `${Math.floor(Math.random() * 9000) + 1000} Live Feed Avenue, Urbana`;
    const created = await sdk.createIncident({
      entryPoint: '911',
      summary: 'Browser test: caller reports a neighbour in distress',
      location: { address, lat: 40.1106, lon: -88.2073 },
    });

    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${created.id}"]`);
    await row.getByTestId('incident-address').filter({ hasText: address }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await row.getAttribute('data-status')).toBe('received');

    await harness.screenshot(page, 'console-live');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the shortcut help with ? and moves between areas with g-keys', async () => {
    const { page } = await openConsole();
    await page.getByTestId('signin-username').fill('telecom');
    await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
    // The cursor starts in the new call's address box; leaving it (as a click elsewhere would) lets g-keys work.
    await page.getByTestId('new-call-form').waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    await page.keyboard.press('Shift+Slash');
    await page.getByTestId('help-overlay').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'hidden' });

    // Every area is built now: g d opens the board, and g r (Reports) is no key of a telecommunicator's.
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.getByTestId('area-dispatch').waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    expect(await page.getByTestId('area-reports').count()).toBe(0);
    await page.getByTestId('area-dispatch').waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.getByTestId('area-incidents').waitFor();
    await page.close();
  });
});
