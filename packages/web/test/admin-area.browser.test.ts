import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSecondBrowser, startHarness, type Harness, signInAs } from './browser-harness.ts';

// The Admin area, walked by the demo administrator: accounts (one signed in elsewhere and then
// disabled), API tokens, protocol versions and the facility directory.
let harness: Harness;
const PROTOCOL_FILE = fileURLToPath(new URL('../../../protocols/il-irlm/il-irlm-2025.09.yaml', import.meta.url));
const NEW_PASSWORD = 'ferris-wheel-at-dusk';

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/**
 * Screenshots of a page at a desktop and a phone size: into SHOTS_DIR when set (for looking at
 * them), else the desktop one into test-results like every browser test.
 */
async function shots(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return harness.screenshot(page, `admin-${name}`);
  await mkdir(dir, { recursive: true });
  for (const [width, height, size] of [[1440, 900, 'desktop'], [390, 844, 'phone']] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(dir, `${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 860 });
}

const card = (page: Page, username: string) => page.locator(`[data-testid="account-row"][data-username="${username}"]`);

async function openAdmin(section: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await harness.openConsole();
  await signInAs(page, 'admin');
  // The Admin area is in the nav, and `g a` reaches it; `/admin` opens its first page.
  await page.getByTestId('nav-admin').waitFor();
  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await page.getByTestId('admin-users').waitFor({ timeout: 15_000 });
  expect(page.url()).toContain('#/admin/users');
  if (section !== 'users') {
    await page.getByTestId(`admin-nav-${section}`).click();
    await page.getByTestId(`admin-${section}`).waitFor();
    expect(page.url()).toContain(`#/admin/${section}`);
  }
  return { page, errors };
}

describe('the Admin area', () => {
  it('is offered to administrators only', async () => {
    const { page } = await harness.openConsole();
    await signInAs(page, 'supervisor');
    await page.getByTestId('nav').waitFor();
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    // A deep link is no way round it: the supervisor lands on their home area.
    await page.goto(`${harness.url}/#/admin/users`);
    await page.waitForFunction(() => !location.hash.startsWith('#/admin'), undefined, { timeout: 15_000 });
    expect(await page.getByTestId('admin-users').count()).toBe(0);
    await page.close();
  });

  it('creates an account, gives it a role, and disabling it signs out its open console', async () => {
    const { page, errors } = await openAdmin('users');
    await page.getByTestId('account-row').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('account-row').count()).toBeGreaterThan(0);
    await shots(page, 'users');

    // Create: the form names what is missing before anything is sent.
    await page.getByTestId('user-new').click();
    await page.getByTestId('user-submit').click();
    await page.getByTestId('user-error-role').waitFor();
    await page.getByTestId('user-display-name').fill('Robin Ostrowski');
    await page.getByTestId('user-username').fill('rostrowski');
    await page.getByTestId('user-role').selectOption('telecommunicator');
    await page.getByTestId('user-password').fill(NEW_PASSWORD);
    await shots(page, 'users-new');
    await page.getByTestId('user-submit').click();
    await page.getByTestId('users-notice').filter({ hasText: 'Robin Ostrowski (rostrowski) can now sign in' }).waitFor({ timeout: 15_000 });
    await card(page, 'rostrowski').waitFor();

    // A second role, through the dialog, by keyboard.
    await card(page, 'rostrowski').getByTestId('account-add-role').click();
    await page.getByTestId('add-role-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('add-role-role').selectOption('crisis_counsellor');
    await shots(page, 'users-add-role');
    await page.keyboard.press('Enter');
    await card(page, 'rostrowski').locator('[data-testid="account-role"][data-role="crisis_counsellor"]').waitFor({ timeout: 15_000 });
    expect(await card(page, 'rostrowski').getByTestId('account-role').allTextContents()).toEqual([
      expect.stringContaining('Telecommunicator (911)'), expect.stringContaining('988 crisis counsellor'),
    ]);

    // The new person signs in, in a browser of their own.
    const second = await openSecondBrowser(harness.url);
    try {
      await second.page.getByTestId('signin-username').fill('rostrowski');
      await second.page.getByTestId('signin-password').fill(NEW_PASSWORD);
      await second.page.getByTestId('signin-submit').click();
      await second.page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
      expect(await second.page.getByTestId('header-role').textContent()).toBe('Telecommunicator (911)');
      // Live: the feed is connected, so the server has a socket of theirs to close.
      await second.page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 15_000 });

      // Search finds them; the administrator disables them, with a reason, after a confirmation.
      await page.getByTestId('users-search').fill('ostrow');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="account-row"]').length === 1, undefined, { timeout: 15_000 });
      await card(page, 'rostrowski').getByTestId('account-disable').click();
      await page.getByTestId('disable-user-dialog').waitFor({ state: 'visible' });
      await page.getByTestId('disable-user-dialog-reason').fill('Left the PSAP');
      await shots(page, 'users-disable');
      await page.getByTestId('disable-user-dialog-confirm').click();
      await page.locator('[data-testid="account-row"][data-username="rostrowski"][data-disabled="true"]').waitFor({ timeout: 15_000 });

      // What the server does: it closes their feed socket and refuses the session from then on,
      // so their console falls back to the sign-in form without anyone touching it.
      await second.page.getByTestId('signin-form').waitFor({ timeout: 20_000 });
      expect((await second.page.request.get(`${harness.url}/api/session`)).status()).toBe(401);
      // And signing in again is refused, in the same words as a wrong password.
      await second.page.getByTestId('signin-username').fill('rostrowski');
      await second.page.getByTestId('signin-password').fill(NEW_PASSWORD);
      await second.page.getByTestId('signin-submit').click();
      await second.page.getByTestId('signin-error').waitFor({ timeout: 15_000 });
      expect(await second.page.getByTestId('signin-error').textContent()).toMatch(/^Wrong username or password/);
      expect(second.errors).toEqual([]);
    } finally {
      await second.browser.close();
    }

    // Enabled again, and the role ended: the card keeps the ended role for the record.
    await card(page, 'rostrowski').getByTestId('account-enable').click();
    await page.getByTestId('enable-user-dialog-confirm').click();
    await page.locator('[data-testid="account-row"][data-username="rostrowski"][data-disabled="false"]').waitFor({ timeout: 15_000 });
    await card(page, 'rostrowski').locator('[data-testid="account-role"][data-role="crisis_counsellor"]').getByTestId('account-end-role').click();
    await page.getByTestId('end-role-dialog-reason').fill('Moved to the 911 floor only');
    await page.getByTestId('end-role-dialog-confirm').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-username="rostrowski"] [data-testid="account-role"]').length === 1, undefined, { timeout: 15_000 });
    expect(await card(page, 'rostrowski').locator('.account-role-ended').textContent()).toContain('988 crisis counsellor');

    // A new password: the dialog says what it does before it is sent.
    await card(page, 'rostrowski').getByTestId('account-password').click();
    await page.getByTestId('password-dialog-input').fill('short');
    await page.keyboard.press('Enter');
    await page.getByTestId('password-dialog-error').waitFor();
    await page.getByTestId('password-dialog-input').fill('a-brand-new-passphrase');
    await page.getByTestId('password-dialog-confirm').click();
    await page.getByTestId('users-notice').filter({ hasText: 'has a new password' }).waitFor({ timeout: 15_000 });
    await card(page, 'rostrowski').getByTestId('account-unlock').click();
    await page.getByTestId('users-notice').filter({ hasText: 'sign-in delays' }).waitFor({ timeout: 15_000 });

    // A search that finds nothing says what to do.
    await page.getByTestId('users-search').fill('nobody-by-this-name');
    await page.keyboard.press('Enter');
    await page.getByTestId('users-empty').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('users-empty').textContent()).toContain('clear the search');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('creates a token, shows its secret once, and revokes it', async () => {
    const { page, errors } = await openAdmin('tokens');
    await page.getByTestId('tokens-empty').waitFor({ timeout: 15_000 });
    await shots(page, 'tokens-empty');
    await page.getByTestId('token-new').click();
    await page.getByTestId('token-name').fill('CAD bridge');
    await page.getByTestId('token-submit').click();
    await page.getByTestId('token-error-scopes').waitFor();
    await page.getByTestId('token-scope-incident.read').check();
    await page.getByTestId('token-scope-feed.subscribe').check();
    await shots(page, 'tokens-new');
    await page.getByTestId('token-submit').click();
    await page.getByTestId('token-secret').waitFor({ timeout: 15_000 });
    const secret = await page.getByTestId('token-secret-value').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await shots(page, 'tokens-secret');

    // The secret works as a Bearer token, for what it was scoped to.
    const asToken = (path: string) => fetch(`${harness.url}${path}`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await asToken('/api/incidents')).status).toBe(200);
    expect((await asToken('/api/users')).status).toBe(403);

    await page.getByTestId('token-secret-done').click();
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    const row = page.locator('[data-testid="token-row"]').filter({ hasText: 'CAD bridge' });
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.locator('.token-scopes').textContent()).toBe('Read incidents, Live updates (feed)');
    // Listed without its secret, ever.
    expect(await page.content()).not.toContain(secret);

    await row.getByTestId('token-revoke').click();
    await page.getByTestId('revoke-token-dialog').waitFor({ state: 'visible' });
    await shots(page, 'tokens-revoke');
    await page.getByTestId('revoke-token-dialog-confirm').click();
    await page.locator('[data-testid="token-row"][data-status="revoked"]').waitFor({ timeout: 15_000 });
    expect((await asToken('/api/incidents')).status).toBe(401);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lints an uploaded protocol file, publishes a new version and pins it', async () => {
    const { page, errors } = await openAdmin('protocols');
    await page.getByTestId('protocol-row').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="protocol-row"][data-pinned="true"]').count()).toBe(1);

    const shipped = await readFile(PROTOCOL_FILE, 'utf8');
    expect(shipped).toMatch(/^version: 2025\.09\.0$/m);
    // A broken copy first: the lint report names the line and the problem, and nothing is sent.
    const broken = shipped.replace(/^version: 2025\.09\.0$/m, 'version: 2025.09.1\nsurprise: true');
    await page.getByTestId('protocol-file').setInputFiles({ name: 'il-irlm-broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from(broken) });
    await page.locator('[data-testid="protocol-lint"].lint-failed').waitFor();
    expect(await page.getByTestId('protocol-problem').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('protocol-problem').first().textContent()).toMatch(/line \d+/);
    expect(await page.getByTestId('protocol-publish').count()).toBe(0);
    await shots(page, 'protocols-lint-failed');

    // The same file as a new version passes, and is published after a confirmation.
    const next = shipped.replace(/^version: 2025\.09\.0$/m, 'version: 2025.09.1');
    await page.getByTestId('protocol-file').setInputFiles({ name: 'il-irlm-2025.09.1.yaml', mimeType: 'text/yaml', buffer: Buffer.from(next) });
    await page.locator('[data-testid="protocol-lint"].lint-passed').waitFor();
    expect(await page.getByTestId('protocol-checked-version').textContent()).toBe('il-irlm@2025.09.1');
    await shots(page, 'protocols-lint-passed');
    await page.getByTestId('protocol-publish').click();
    await page.getByTestId('publish-protocol-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('publish-protocol-dialog-confirm').click();
    await page.getByTestId('protocols-notice').filter({ hasText: 'il-irlm@2025.09.1' }).waitFor({ timeout: 15_000 });
    const published = page.locator('[data-testid="protocol-row"][data-version="il-irlm@2025.09.1"]');
    await published.waitFor({ timeout: 15_000 });
    expect(await published.getAttribute('data-pinned')).toBe('false');

    // Pinned for the administrator's region: new calls there are triaged with it.
    await published.getByTestId('protocol-pin').click();
    await page.getByTestId('pin-protocol-dialog').waitFor({ state: 'visible' });
    await shots(page, 'protocols-pin');
    await page.getByTestId('pin-protocol-dialog-confirm').click();
    await page.locator('[data-testid="protocol-row"][data-version="il-irlm@2025.09.1"][data-pinned="true"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="protocol-row"][data-pinned="true"]').count()).toBe(1);
    const listed = await (await harness.api('admin')).listProtocols();
    expect(listed.items.find((v) => v.version === '2025.09.1')?.pinnedBy.length).toBe(1);
    await shots(page, 'protocols');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports the facility directory from HSDS after a dry run', async () => {
    const { page, errors } = await openAdmin('facilities');
    await page.getByTestId('facilities-export').waitFor({ timeout: 15_000 });
    // The export, changed by one name, is the file to import.
    const exported = await page.request.get(new URL((await page.getByTestId('facilities-export').getAttribute('href'))!, harness.url).href);
    expect(exported.status()).toBe(200);
    const doc = (await exported.json()) as { services: { id: string; name: string }[] };
    expect(doc.services.length).toBeGreaterThan(0);
    const renamed = doc.services[0]!;
    renamed.name = `${renamed.name} (renamed)`;
    await page.getByTestId('hsds-file').setInputFiles({ name: 'county.hsds.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.getByTestId('hsds-plan').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('hsds-created').textContent()).toBe('nothing');
    expect(await page.getByTestId('hsds-updated').textContent()).not.toBe('nothing');
    await shots(page, 'facilities-dry-run');
    await page.getByTestId('hsds-apply').click();
    await page.getByTestId('hsds-apply-dialog-confirm').click();
    await page.getByTestId('facilities-notice').filter({ hasText: '1 changed' }).waitFor({ timeout: 15_000 });

    // Not JSON: refused here, with what is wrong.
    await page.getByTestId('hsds-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json at all') });
    await page.getByTestId('hsds-refused').waitFor();
    await shots(page, 'facilities-refused');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the region, changes the own agency, and with a regional grant imports a district and a unit’s service area', async () => {
    const { page, errors } = await openAdmin('regions');
    await page.getByTestId('region-row').first().waitFor({ timeout: 15_000 });
    // Without a grant the region reads but does not change.
    expect(await page.getByTestId('region-edit').count()).toBe(0);
    await shots(page, 'regions');

    // The administrator's own agency: its contact changes, the others are read only.
    await page.getByTestId('admin-nav-agencies').click();
    await page.getByTestId('agency-row').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('agency-edit').count()).toBe(1);
    await shots(page, 'agencies');
    await page.locator('[data-testid="agency-row"][data-agency-id="champaign-911"]').getByTestId('agency-edit').click();
    await page.getByTestId('agency-dialog').waitFor({ state: 'visible' });
    await page.getByTestId('agency-phone').fill('+1 217 555 0199');
    await shots(page, 'agencies-edit');
    await page.getByTestId('agency-save').click();
    await page.getByTestId('agencies-notice').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="agency-row"][data-agency-id="champaign-911"]').textContent()).toContain('+1 217 555 0199');

    // A regional grant, as `continuum admin grant` gives it.
    await harness.store.transaction(async (tx) => tx.adminGrants.create({ id: crypto.randomUUID(), userId: (await tx.users.byUsername('admin'))!.id, regionId: 'il-ems-6', reason: 'county set-up', grantedAt: new Date(), grantedBy: null }));
    await page.reload();
    await page.getByTestId('admin-nav-districts').click();
    await page.getByTestId('district-row').first().waitFor({ timeout: 15_000 });
    const before = await page.getByTestId('district-row').count();
    expect(before).toBeGreaterThan(0);
    const square = { type: 'Polygon', coordinates: [[[-88.30, 40.20], [-88.25, 40.20], [-88.25, 40.24], [-88.30, 40.24], [-88.30, 40.20]]] };
    const collection = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: square, properties: { id: 'thomasboro', kind: 'municipality', name: 'Thomasboro', agencyId: null } }] };
    await page.getByTestId('districts-file').setInputFiles({ name: 'thomasboro.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(collection)) });
    await page.getByTestId('districts-plan').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('districts-created').textContent()).toBe('thomasboro');
    await shots(page, 'districts-dry-run');
    await page.getByTestId('districts-apply').click();
    await page.getByTestId('districts-apply-dialog-confirm').click();
    await page.locator('[data-testid="district-row"][data-district-id="thomasboro"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('district-row').count()).toBe(before + 1);
    expect(await page.locator('[data-testid="district-row"][data-district-id="thomasboro"]').textContent()).toContain('Municipality');

    // A unit's service area from a GeoJSON file: summarised before it is sent.
    await page.getByTestId('admin-nav-units').click();
    const unit = page.getByTestId('unit-row').first();
    await unit.waitFor({ timeout: 15_000 });
    await shots(page, 'units');
    await unit.getByTestId('unit-area-file').setInputFiles({ name: 'north-county.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'Feature', properties: {}, geometry: square })) });
    await page.getByTestId('unit-area-dialog').waitFor({ state: 'visible' });
    expect(await page.getByTestId('unit-area-dialog').textContent()).toContain('5 points in 1 polygon');
    await shots(page, 'units-area');
    await page.getByTestId('unit-area-dialog-confirm').click();
    await page.getByTestId('units-notice').waitFor({ timeout: 15_000 });
    // The row is re-read from the server: wait for the new area rather than read it at once.
    await unit.getByTestId('unit-area').filter({ hasText: 'Its own: 5 points' }).waitFor({ timeout: 15_000 });
    expect(await unit.getByTestId('unit-area').textContent()).toContain('Its own: 5 points');

    await page.getByTestId('admin-nav-regions').click();
    await page.getByTestId('region-edit').first().click();
    await page.getByTestId('region-max-3').fill('45');
    await shots(page, 'regions-edit');
    await page.getByTestId('region-save').click();
    await page.getByTestId('regions-notice').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('region-maxima').first().textContent()).toContain('level 3: 45 min');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the sharing agreements one click away', async () => {
    const { page, errors } = await openAdmin('agreements');
    await page.getByTestId('agreements-table').waitFor({ timeout: 15_000 });
    await shots(page, 'agreements');
    expect(errors).toEqual([]);
    await page.close();
  });
});
