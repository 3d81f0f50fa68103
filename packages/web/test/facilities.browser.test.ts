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

describe('facilities', () => {
  it('the intake user lowers the Living Room’s chairs, the directory shows the new figure, and an announced arrival arrives live', async () => {
    const { page, errors } = await harness.openConsole();
    await page.getByTestId('signin-username').fill('intake');
    await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
    await page.getByTestId('signin-submit').click();
    // Facility intake staff land on the facilities page: it is their first built area.
    await page.getByTestId('area-facilities').waitFor({ timeout: 15_000 });
    const row = page.getByTestId('facility-rantoul-living-room');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('facility-figure').textContent()).toBe('4');
    expect(await page.getByTestId('facility-champaign-ed').getByTestId('facility-stale').count()).toBe(1);

    const panel = page.getByTestId('capacity-panel-rantoul-living-room');
    expect(await panel.getByTestId('capacity-save').textContent()).toMatch(/given \d+ min ago/);
    await panel.getByTestId('capacity-minus').click();
    expect(await panel.getByTestId('capacity-input').inputValue()).toBe('3');
    await panel.getByTestId('capacity-save').click();
    await panel.getByTestId('capacity-saved').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="facility-rantoul-living-room"] [data-testid="facility-figure"]')?.textContent === '3');
    expect(await row.getByTestId('facility-age').textContent()).toBe('just now');

    // A crew announces an arrival elsewhere: the feed brings it here without a reload.
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 15_000 });
    const crew = createClient({ baseUrl: harness.url });
    await crew.signIn({ username: 'clinician', password: DEMO_PASSWORD });
    await crew.announceArrival('rantoul-living-room', { unitId: 'champaign-mcrt-1' });
    await row.getByTestId('facility-pending').waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('facility-figure').textContent()).toBe('2');
    expect(await row.getByTestId('facility-pending').textContent()).toContain('3 reported, 1 on the way');
    await panel.getByText('Confirm arrival').waitFor();
    await harness.screenshot(page, 'facilities-intake');

    // A figure below zero is refused with the field and the rule's words.
    await panel.getByTestId('capacity-input').fill('-1');
    await panel.getByTestId('capacity-save').click();
    expect(await panel.getByTestId('capacity-error').textContent()).toMatch(/available: must be 0 or more/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
