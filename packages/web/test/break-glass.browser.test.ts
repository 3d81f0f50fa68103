import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, signInAs as signIn } from './browser-harness.ts';

// Break-glass from the supervisor's console: an incident no agreement lets them read any more,
// opened with a written reason, shown read-only, and alerted to the privacy officer.
let harness: Harness;
const COUNTY_AGREEMENT = '6b3f1c2e-0d4a-4c55-9a11-2b7e5c0a0001';

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const api = (username: string) => harness.api(username);

/** Moves from the reason to the confirmation, as a keyboard user does: Ctrl+Enter. */
async function continueFromReason(page: Page): Promise<void> {
  await page.getByTestId('break-glass-reason').focus();
  await page.keyboard.press('Control+Enter');
}

describe('break-glass', () => {
  it('lets a supervisor open a restricted incident with a reason, and alerts the privacy officer', async () => {
    await (await api('admin')).endAgreement(COUNTY_AGREEMENT, { reason: 'Browser test: agreement lapsed pending renewal' });
    const incident = await (await api('telecom')).createIncident({
      entryPoint: '911',
      summary: 'Browser test: man on the bridge rail, talking to a passer-by',
      caller: { callbackNumber: '(217) 555-0147' },
      location: { address: '301 N Broadway Ave, Urbana', lat: 40.1139, lon: -88.2072 },
    });
    const reason = 'MCRT on scene asks for the 911 caller’s account before approaching';

    const { page, errors } = await harness.openConsole();
    await signIn(page, 'supervisor');
    await page.getByTestId('nav-incidents').click();
    await page.getByTestId('area-incidents').waitFor();
    await page.locator('[data-testid="incident-table"], [data-testid="incidents-empty"]').first().waitFor({ timeout: 15_000 });
    // Without the agreement the incident is not the supervisor's to read.
    expect(await page.locator(`[data-testid="incident-row"][data-incident-id="${incident.id}"]`).count()).toBe(0);

    // The help lists the shortcut; `b` opens the dialog with the id field ready to type into.
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').getByText('Open a restricted record').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'hidden' });
    await page.keyboard.press('b');
    const dialog = page.getByTestId('break-glass');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.getByTestId('break-glass-warning').textContent()).toContain(
      'This opens a record no sharing agreement lets you read. The privacy officer is alerted at once and your reason is kept in the audit trail. Access lasts 60 minutes.',
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('break-glass-id');

    // A malformed id and a reason too short are stopped before anything is sent.
    await page.keyboard.type('not-an-id');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Need it');
    expect(await page.getByTestId('break-glass-count').textContent()).toContain('7 of at least 10 characters');
    await continueFromReason(page);
    await page.getByTestId('break-glass-id-error').waitFor();
    expect(await page.getByTestId('break-glass-id-error').textContent()).toMatch(/An incident id looks like/);
    expect(await page.getByTestId('break-glass-reason-error').textContent()).toMatch(/at least 10 characters/);
    await harness.screenshot(page, 'break-glass-errors');

    // A well-formed id that names no incident in the region: said plainly, after the confirmation.
    await page.getByTestId('break-glass-id').fill('00000000-0000-4000-8000-000000000000');
    await page.getByTestId('break-glass-reason').fill(reason);
    expect(await page.getByTestId('break-glass-count').textContent()).toContain(`${reason.length} characters`);
    await continueFromReason(page);
    await page.getByTestId('break-glass-confirm-step').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'break-glass-confirm');
    await page.waitForTimeout(450);
    await page.keyboard.press('Enter');
    await page.getByTestId('break-glass-id-error').filter({ hasText: 'No incident with that id in your region' }).waitFor({ timeout: 15_000 });

    // The real id: the confirmation repeats the id and reason before the glass is broken.
    await page.getByTestId('break-glass-id').fill(incident.id);
    await continueFromReason(page);
    await page.getByTestId('break-glass-confirm-step').waitFor();
    expect(await page.getByTestId('break-glass-confirm-id').textContent()).toBe(incident.id);
    expect(await page.getByTestId('break-glass-confirm-reason').textContent()).toBe(reason);
    await harness.screenshot(page, 'break-glass-confirm');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'break-glass-confirm');
    await page.waitForTimeout(450);
    await page.keyboard.press('Enter');

    const record = page.locator(`[data-testid="break-glass-record"][data-incident-id="${incident.id}"]`);
    await record.waitFor({ timeout: 15_000 });
    await dialog.waitFor({ state: 'hidden' });
    expect(await record.getByTestId('break-glass-banner').textContent()).toMatch(/^Opened by break-glass until \d{2}:\d{2}/);
    expect(await record.getByTestId('break-glass-status').textContent()).toBe('Received');
    expect(await record.getByTestId('break-glass-entry').textContent()).toBe('911');
    expect(await record.getByTestId('break-glass-location').textContent()).toBe('301 N Broadway Ave, Urbana');
    expect(await record.getByTestId('break-glass-callback').textContent()).toBe('(217) 555-0147');
    expect(await record.getByTestId('break-glass-summary').textContent()).toContain('man on the bridge rail');
    expect(await record.getByTestId('break-glass-redacted').textContent()).toBeTruthy();
    await harness.screenshot(page, 'break-glass');

    // The privacy officer's alerts list the opening with the reason the supervisor wrote.
    const alerts = await (await api('privacy')).privacyAlerts();
    const alert = alerts.items.find((a) => a.resourceId === incident.id);
    expect(alert).toMatchObject({ reason, actorName: 'Gwen Okafor' });
    expect(alert!.agencyName).toBeTruthy();
    expect(alert!.agencyName).not.toBe(alert!.agencyId);

    // On the privacy officer's screen the row reads in words: the role, the agency's name, the kind of record (no codes).
    const { page: officer, errors: officerErrors } = await harness.openOtherConsole({ width: 1440, height: 900 });
    await signIn(officer, 'privacy');
    await officer.evaluate(() => { window.location.hash = '/privacy'; });
    const row = officer.locator(`[data-testid="alert-row"][data-record-id="${incident.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    const words = await row.innerText();
    expect(words).toContain(`Supervisor · ${alert!.agencyName}`);
    expect(words).toContain('Call');
    expect(words).not.toContain(alert!.agencyId!);
    expect(words).not.toMatch(/\bincident\b/);
    await harness.screenshot(officer, 'privacy-alerts-1440');
    expect(officerErrors).toEqual([]);
    await officer.close();

    await record.getByTestId('break-glass-record-close').click();
    await record.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
