import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, signInAs as signIn } from './browser-harness.ts';

// The case manager's follow-up: the demo caseload (one first contact overdue), an episode, and
// closing it, which asks for a reason first.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('follow-up caseload', () => {
  it('shows the overdue episode first, logs an attempt, and closes only with a reason', async () => {
    const { page, errors } = await harness.openConsole();
    await signIn(page, 'casemanager');
    await page.keyboard.press('g');
    await page.keyboard.press('u');
    await page.getByTestId('caseload-table').waitFor();
    const rows = page.getByTestId('caseload-row');
    expect(await rows.count()).toBe(2);
    await expect.poll(() => rows.first().getByTestId('first-contact').textContent()).toMatch(/^Overdue/);
    expect(await rows.nth(1).getByTestId('first-contact').textContent()).toMatch(/^Due in/);
    expect(await rows.first().textContent()).toContain('0/3 attempts');
    await harness.screenshot(page, 'caseload');

    await rows.first().getByTestId('episode-link').click();
    await page.getByTestId('episode-page').waitFor();
    // Opened from a disposition, the episode is the agency's until a case manager takes it.
    expect(await page.getByTestId('episode-owner').getAttribute('data-assigned')).toBe('none');
    await page.getByTestId('episode-take').click();
    await page.locator('[data-testid="episode-owner"][data-assigned="me"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('attempt-form').getByLabel('Left a message').check();
    await page.getByTestId('attempt-form').getByRole('button', { name: 'Log attempt' }).click();
    await expect.poll(() => page.getByTestId('episode-attempts').textContent()).toBe('1/3 attempts');

    await harness.screenshot(page, 'episode-open');
    await page.getByTestId('close-episode').click();
    const dialog = page.getByTestId('close-episode-dialog');
    await dialog.waitFor();
    await page.getByTestId('confirm-close').click();
    expect(await page.getByTestId('close-reason-error').textContent()).toContain('Choose how the episode ended');
    expect(await page.getByTestId('episode-page').getAttribute('data-status')).toBe('open');
    await dialog.getByLabel('Declined follow-up').check();
    await page.getByTestId('confirm-close').click();
    await expect.poll(() => page.getByTestId('episode-page').getAttribute('data-status')).toBe('closed');
    expect(await page.getByTestId('episode-closure').textContent()).toContain('Declined follow-up');
    await harness.screenshot(page, 'episode-closed');

    await page.getByRole('link', { name: '← Caseload' }).click();
    await expect.poll(() => page.getByTestId('caseload-row').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('is not offered to police', async () => {
    const { page } = await harness.openConsole();
    await signIn(page, 'officer');
    await page.getByTestId('nav-incidents').waitFor();
    expect(await page.getByTestId('nav-follow-up').count()).toBe(0);
  });
});
