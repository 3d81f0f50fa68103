import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '@continuum/server';
import { parseCsv } from '../../../test/csv.ts';
import { startHarness, type Harness, signInAs as signIn } from './browser-harness.ts';

// The privacy side of the console: the auditor's trail, the privacy officer's live alerts, and
// the administrator's agreements.
let harness: Harness;
const COUNTY_AGREEMENT = '6b3f1c2e-0d4a-4c55-9a11-2b7e5c0a0001';
const FOLLOW_UP_AGREEMENT = '6b3f1c2e-0d4a-4c55-9a11-2b7e5c0a0002';

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const api = (username: string) => harness.api(username);

const rowActions = (page: Page) => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));

describe('audit trail', () => {
  it('shows the auditor the trail, filters it, pages it and exports it', async () => {
    // Enough searches of its own that one filter fills more than a page.
    const auditorApi = await api('auditor');
    for (let i = 0; i < 105; i++) await auditorApi.searchAudit({ limit: 1 });

    const { page, errors } = await harness.openConsole();
    await signIn(page, 'auditor');
    // The nav offers only what an auditor may use: no incident list or intake to be refused by.
    await page.getByTestId('nav-audit').waitFor();
    for (const hidden of ['incidents', 'intake', 'admin']) expect(await page.getByTestId(`nav-${hidden}`).count(), hidden).toBe(0);
    await page.keyboard.press('g');
    await page.keyboard.press('t');
    await page.getByTestId('area-audit').waitFor();
    await page.getByTestId('audit-table').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('audit-row').count()).toBeGreaterThan(0);
    await harness.screenshot(page, 'audit-trail');

    await page.getByTestId('audit-filter-action').fill('session.create');
    await page.getByTestId('audit-search').click();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
      return location.hash.includes('action=session.create') && rows.length > 0 && rows.every((r) => r.getAttribute('data-action') === 'session.create');
    }, undefined, { timeout: 15_000 });
    const shown = await rowActions(page);
    expect(await page.getByTestId('audit-who').first().textContent()).toBe('Patricia Moreau');
    await harness.screenshot(page, 'audit-filtered');

    // Export CSV: the download the link gives, with the page's own session.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^continuum-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parseCsv(await readFile((await download.path())!, 'utf8'));
    expect(header).toContain('actorUsername');
    const action = header!.indexOf('action');
    expect(rows.length).toBeGreaterThanOrEqual(shown.length);
    expect(rows.every((r) => r[action] === 'session.create')).toBe(true);
    expect(rows.map((r) => r[header!.indexOf('actorUsername')])).toContain('auditor');
    // The same link fetched with the browser's cookies gives the NDJSON form.
    const ndjson = await page.request.get(new URL((await page.getByTestId('audit-export-ndjson').getAttribute('href'))!, harness.url).href);
    expect(ndjson.status()).toBe(200);
    expect((await ndjson.text()).trim().split('\n').map((l) => (JSON.parse(l) as { action: string }).action)).toEqual(rows.map((r) => r[action]));

    // More than a page: "Load more" continues below the last row.
    await page.getByTestId('audit-filter-action').fill('audit.search');
    await page.getByTestId('audit-search').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"][data-action="audit.search"]').length === 100, undefined, { timeout: 15_000 });
    await page.getByTestId('audit-load-more').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length > 100, undefined, { timeout: 15_000 });
    const ids = await page.getByTestId('audit-row').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-audit-id'))));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    // Nothing matches: the empty state says what to do.
    await page.getByTestId('audit-filter-record').fill('no-such-record');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-empty').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('audit-empty').textContent()).toMatch(/clear a filter/i);
    await harness.screenshot(page, 'audit-empty');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the privacy officer a break-glass opening live, without reloading', async () => {
    const { page, errors } = await harness.openConsole();
    await signIn(page, 'privacy');
    await page.getByTestId('area-privacy').waitFor();
    await page.locator('[data-testid="alerts-table"], [data-testid="alerts-empty"]').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const admin = await api('admin');
    await admin.endAgreement(COUNTY_AGREEMENT, { reason: 'Browser test: agreement lapsed pending renewal' });
    const incident = await (await api('telecom')).createIncident({
      entryPoint: '911',
      summary: 'Browser test: caller worried about her neighbour',
      location: { address: '301 N Broadway Ave, Urbana', lat: 40.1139, lon: -88.2072 },
    });
    const reason = 'Caller rang back; the team on scene needs this call’s history, "now"';
    await (await api('supervisor')).breakGlass(incident.id, { reason });

    const row = page.locator(`[data-testid="alert-row"][data-record-id="${incident.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getByTestId('alert-reason').textContent()).toBe(reason);
    expect(await row.textContent()).toContain('Gwen Okafor');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await harness.screenshot(page, 'audit-privacy-alerts');

    // The record links to everything the trail holds about it.
    await row.getByTestId('alert-record').click();
    await page.getByTestId('area-audit').waitFor();
    await page.locator('[data-testid="audit-row"][data-action="incident.break_glass"]').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets an administrator end an agreement with a reason and record a new one', async () => {
    const { page, errors } = await harness.openConsole();
    await signIn(page, 'admin');
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-nav-agreements').click();
    await page.getByTestId('agreements-table').waitFor({ timeout: 15_000 });
    const followUp = page.locator(`[data-testid="agreement-row"][data-agreement-id="${FOLLOW_UP_AGREEMENT}"]`);
    expect(await followUp.getAttribute('data-active')).toBe('true');
    await harness.screenshot(page, 'audit-admin-agreements');

    await followUp.getByTestId('agreement-end').click();
    await page.getByTestId('end-agreement-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('end-agreement-dialog-confirm').click();
    await page.getByTestId('end-agreement-dialog').getByText('Give the reason').waitFor();
    await page.getByTestId('end-agreement-dialog-reason').fill('Programme closed at the end of the grant');
    await harness.screenshot(page, 'audit-admin-end-dialog');
    await page.getByTestId('end-agreement-dialog-confirm').click();
    await page.locator(`[data-testid="agreement-row"][data-agreement-id="${FOLLOW_UP_AGREEMENT}"][data-active="false"]`).waitFor({ timeout: 15_000 });
    expect(await followUp.getByTestId('agreement-ended-reason').textContent()).toContain('Programme closed');

    await page.getByTestId('agreement-new').click();
    await page.getByTestId('agreement-form').waitFor();
    await page.getByTestId('agreement-submit').click();
    await page.getByTestId('agreement-error-name').waitFor();
    await page.getByTestId('agreement-name').fill('Living Room hand-off agreement');
    await page.getByTestId('agreement-agency-champaign-mcrt').check();
    await page.getByTestId('agreement-other-agencies').fill('rantoul-living-room');
    await page.getByTestId('agreement-purpose-care_coordination').check();
    await page.getByTestId('agreement-class-operational').check();
    await page.getByTestId('agreement-class-location_safety').check();
    await harness.screenshot(page, 'audit-admin-new-agreement');
    await page.getByTestId('agreement-submit').click();
    await page.getByTestId('agreements-notice').filter({ hasText: 'Living Room hand-off agreement' }).waitFor({ timeout: 15_000 });
    const created = page.locator('[data-testid="agreement-row"]').filter({ hasText: 'Living Room hand-off agreement' });
    expect(await created.getAttribute('data-active')).toBe('true');
    const saved = (await (await api('admin')).listAgreements()).items.find((a) => a.name === 'Living Room hand-off agreement');
    expect(saved).toMatchObject({ purposes: ['care_coordination'], fieldClasses: ['operational', 'location_safety'] });
    expect(saved?.agencyIds.sort()).toEqual(['champaign-mcrt', 'rantoul-living-room']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains a refused identity-provider sign-in in plain words', async () => {
    const { page } = await harness.openConsole();
    await page.goto(`${harness.url}/#/signin?error=oidc_unknown_identity`);
    await page.getByTestId('signin-oidc-error').waitFor();
    expect(await page.getByTestId('signin-oidc-error').textContent()).toMatch(/not linked to a Continuum account yet; ask an administrator/);
    await harness.screenshot(page, 'audit-signin-oidc-error');
    // No identity provider on this server: no button for one.
    expect(await page.getByTestId('signin-oidc').count()).toBe(0);
    await signIn(page, 'telecom');
    await page.getByTestId('area-intake').waitFor();
    expect(page.url()).not.toContain('error=');
    await page.close();
  });

  it('offers the identity provider when one is configured, and says so when it cannot be reached', async () => {
    // An issuer on a closed port: the button leads to the server, which cannot reach the provider.
    const server = await startServer({
      port: 0, memory: true, seedDemo: true, host: '127.0.0.1', logLevel: 'silent', webDist: fileURLToPath(new URL('../dist', import.meta.url)),
      oidc: { issuer: 'http://127.0.0.1:9/', clientId: 'continuum', redirectUri: 'http://127.0.0.1:9/api/auth/oidc/callback', label: 'Champaign County SSO' },
    });
    const { page, errors } = await harness.openConsole();
    try {
      await page.goto(server.url);
      const button = page.getByTestId('signin-oidc');
      await button.waitFor();
      expect(await button.textContent()).toBe('Sign in with Champaign County SSO');
      expect(await button.getAttribute('href')).toBe('/api/auth/oidc/login');
      await harness.screenshot(page, 'audit-signin-oidc');
      await button.click();
      await page.getByTestId('signin-oidc-error').waitFor({ timeout: 15_000 });
      expect(page.url()).toContain('error=oidc_unavailable');
      expect(await page.getByTestId('signin-oidc-error').textContent()).toMatch(/cannot be reached/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
