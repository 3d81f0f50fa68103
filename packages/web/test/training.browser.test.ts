import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startHarness, type Harness } from './browser-harness.ts';

// CIT and training records (issue 12 §6): the supervisor sees who is due a refresher and records a course.
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('training page', () => {
  it('lists who is due a refresher, and records a course that then counts', async () => {
    const { page, errors } = await harness.openConsole();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('signin-username').fill('supervisor');
    await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.getByTestId('area-training').waitFor({ timeout: 10_000 });

    const rows = page.getByTestId('refresher-row');
    await rows.first().waitFor({ timeout: 10_000 });
    expect(await rows.count()).toBeGreaterThan(0);
    const statusOf = async (name: string) => page.locator('[data-testid="refresher-row"]', { hasText: name }).getAttribute('data-status');
    expect(await statusOf('Jordan Whitfield')).toBe('overdue');
    expect(await statusOf('Dana Kowalski')).toBe('due');
    expect(await statusOf('Victor Lindgren')).toBe('never_trained');
    await harness.screenshot(page, 'training-1440');

    await page.getByTestId('training-name').fill('Victor Lindgren');
    await page.getByTestId('training-agency').fill('champaign-sheriff');
    await page.getByTestId('training-completed').fill('2026-01-12');
    await page.getByTestId('training-save').click();
    await page.getByTestId('training-done').filter({ hasText: 'Recorded CIT 40-hour course for Victor Lindgren' }).waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="refresher-row"]', { hasText: 'Victor Lindgren' }).waitFor({ state: 'detached', timeout: 10_000 });
    // The course list is re-read after the refresher list; wait for its second row rather than count at once.
    const victorCourses = page.locator('[data-testid="training-row"]', { hasText: 'Victor Lindgren' });
    await victorCourses.nth(1).waitFor({ timeout: 10_000 });
    expect(await victorCourses.count()).toBe(2);

    // A course dated in the future is refused by the server, and the form says which field.
    await page.getByTestId('training-name').fill('Future Person');
    await page.getByTestId('training-completed').fill('2099-01-01');
    await page.getByTestId('training-save').click();
    await page.locator('.field-error', { hasText: 'must not be after today' }).waitFor({ timeout: 10_000 });

    await page.setViewportSize({ width: 390, height: 844 });
    await harness.screenshot(page, 'training-390');
    expect(errors).toEqual([]);
    await page.close();
  });
});
