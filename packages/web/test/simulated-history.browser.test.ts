import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '@continuum/sim';
import { writeHistory } from '@continuum/sim/history/write';
import { signInAs, startHarness, type Harness } from './browser-harness.ts';

// Issue 13 §5: simulated history in the console is marked "Simulated" wherever a call is shown.
let harness: Harness;
let written = 0;

beforeAll(async () => {
  harness = await startHarness();
  const parsed = parseScenario(readFileSync(new URL('../../sim/scenarios/demo-region.yaml', import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error('the demo scenario does not parse');
  // A week behind the demo's live calls (which are the seed's own, so --yes in effect).
  written = (await writeHistory(harness.store, parsed.scenario, { days: 7, endAt: new Date(Date.now() - 3_600_000), besideRealCalls: true })).incidents;
}, 400_000);
afterAll(async () => {
  await harness?.close();
});

async function look(page: Page, name: string): Promise<void> {
  for (const [w, h] of [[1440, 900], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await harness.screenshot(page, `${name}-${w}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${w} px scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('simulated history in the console', () => {
  it('a supervisor sees simulated calls badged in the list and on the call, and real calls without the badge', async () => {
    expect(written).toBeGreaterThan(20);
    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'supervisor');
    await page.getByTestId('nav-incidents').click();
    await page.getByTestId('incident-table').waitFor({ timeout: 15_000 });
    const rows = page.locator('[data-testid="incident-table"] tbody tr');
    await expect.poll(() => page.getByTestId('simulated-badge').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const total = await rows.count();
    const badged = await page.locator('[data-testid="incident-table"] tbody tr:has([data-testid="simulated-badge"])').count();
    expect(total).toBeGreaterThan(0);
    // The demo's live calls are real: newest first, unbadged; the week behind them is simulated.
    expect(badged).toBeGreaterThan(0);
    expect(badged).toBeLessThan(total);
    expect(await rows.first().getByTestId('simulated-badge').count()).toBe(0);
    await expect.poll(() => page.getByTestId('simulated-badge').first().textContent()).toBe('Simulated');
    await look(page, 'simulated-list');

    await page.locator('[data-testid="incident-table"] tbody tr:has([data-testid="simulated-badge"])').first().getByTestId('incident-open').click();
    await page.getByTestId('incident-page').waitFor();
    await expect.poll(() => page.getByTestId('incident-page').getByTestId('simulated-badge').count()).toBe(1);
    expect(await page.getByTestId('incident-page').textContent()).toContain('Simulated call (level');
    await look(page, 'simulated-incident');
    expect(errors).toEqual([]);
  });
});
