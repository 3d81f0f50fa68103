import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../server/test/pdf-text.ts';
import { startHarness, type Harness, signInAs as signIn } from './browser-harness.ts';

// Reports as a new user meets them: the RAC analyst opens January's report on the demo's calls and
// downloads the XLSX, which must hold the numbers the JSON gives; the supervisor watches the live
// dashboard count a new call. The server's clock is the real one but for the moments a dozen
// calls are received on 15 November 2026, a month that has ended (sessions and their cookies are
// made at the real time, so the browser keeps them).
const MONTH = '2026-11';
let offset = 0;
const clock = () => new Date(Date.now() + offset);
let harness: Harness;
/** The calls a unit of the supervisor's agency (the mobile crisis provider) was sent to: theirs to drill into. */
const sentIds: string[] = [];

beforeAll(async () => {
  harness = await startHarness({ clock });
  const telecom = await harness.api('telecom');
  const dispatcher = await harness.api('dispatcher');
  offset = Date.parse('2026-11-15T18:00:00Z') - Date.now();
  const created: string[] = [];
  for (let i = 0; i < 12; i++) {
    const call = await telecom.createIncident({
      entryPoint: '911', summary: `Caller worried about a neighbour ${i}`, location: { address: '300 W Main St, Urbana, IL', lat: 40.1125, lon: -88.2105 },
      person: { disability: i % 2 === 0 ? 'yes' : 'unknown' }, safetyFlags: [],
    });
    created.push(call.id);
  }
  offset = 0;
  // Three get the mobile crisis team (now: the demo's sharing agreements start today): the
  // supervisor's agency's calls, received in November.
  for (const id of created.slice(0, 3)) {
    await telecom.transitionIncident(id, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
    await telecom.transitionIncident(id, { action: 'queue_for_dispatch' });
    await dispatcher.assignUnits(id, { units: ['champaign-mcrt-1'] });
    // Stood down again, so the team is free for the next: the call stays one its agency was sent to.
    await dispatcher.assignmentAction(id, 'champaign-mcrt-1', { action: 'release', kind: 'cancelled', reason: 'another team went' });
    sentIds.push(id);
  }
}, 240_000);

afterAll(async () => {
  await harness?.close();
});

describe('reports', () => {
  it('the analyst opens November\'s report and downloads an XLSX that matches the JSON', async () => {
    const { page, errors } = await harness.openConsole();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, 'analyst');
    await page.getByTestId('nav-reports').waitFor();
    await page.goto(`${harness.url}/#/reports?month=${MONTH}`);
    await page.getByTestId('rac-summary').waitFor({ timeout: 20_000 });
    const json = await (await harness.api('analyst')).racReport({ region: 'il-ems-6', month: MONTH });
    expect(json.calls).toBe(12);
    expect(await page.getByTestId('rac-summary').textContent()).toContain(json.calls!.toLocaleString('en-US'));
    await page.getByTestId('rac-table-volume').waitFor();
    await page.getByTestId('rac-trend-chart').locator('svg').waitFor();
    // The district map: drawn, and its table names each district (never an id), the figures suppressed or shown.
    await page.getByTestId('rac-district-map-chart').locator('svg path').first().waitFor();
    const mapRows = page.getByTestId('rac-district-map-table').locator('tbody th');
    expect(await mapRows.count()).toBe(4);
    expect(await mapRows.allTextContents()).toContain('Urbana Police (approximate city area)');
    await page.getByTestId('rac-table-equity_disability').waitFor();
    await page.getByTestId('rac-table-equity_rural_urban').waitFor();
    // Analysts read aggregates only: no count opens the calls behind it.
    expect(await page.getByTestId('rac-table-volume').locator('td').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('rac-cell').count()).toBe(0);
    await harness.screenshot(page, 'reports-analyst-1440');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rac-download-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`rac-il-ems-6-${MONTH}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(await readFile((await download.path())!)).buffer);
    expect(json.tables.length).toBeGreaterThan(10);
    for (const t of json.tables) {
      const sheet = book.getWorksheet(t.id);
      expect(sheet, t.id).toBeDefined();
      expect(t.rows.length).toBeGreaterThan(0);
      t.rows.forEach((row, i) => {
        expect((sheet!.getRow(i + 3).values as unknown[]).slice(1), `${t.id} row ${i}`).toEqual([...row.keys, ...row.values.map((v) => (v === null ? 'suppressed' : v))]);
      });
    }

    // The PDF beside them: the same calls, the region and month in its header.
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rac-download-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`rac-il-ems-6-${MONTH}.pdf`);
    const text = pdfText(new Uint8Array(await readFile((await pdf.path())!))).join(' ');
    expect(text).toContain('RAC monthly report');
    expect(text).toContain('November 2026');
    expect(text).toContain(`Calls: ${json.calls}`);

    // The printed page is the report alone: its title, region and month and suppression note, no console around it.
    expect(await page.getByTestId('rac-subtitle').textContent()).toContain('November 2026');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('nav-reports').isVisible()).toBe(false);
    expect(await page.getByTestId('rac-download-pdf').isVisible()).toBe(false);
    expect(await page.getByTestId('rac-month').isVisible()).toBe(false);
    expect(await page.getByTestId('rac-subtitle').isVisible()).toBe(true);
    expect(await page.getByTestId('rac-suppression-note').isVisible()).toBe(true);
    await harness.screenshot(page, 'reports-analyst-print');
    await page.emulateMedia({ media: 'screen' });

    // The simulated switch is the API's `simulated`, kept in the address.
    await page.getByTestId('rac-simulated').selectOption('include');
    await page.waitForFunction(() => location.hash.includes('simulated=include'));
    await page.getByText('simulated calls included').waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('rac-table-volume').waitFor();
    await harness.screenshot(page, 'reports-analyst-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Analysts read whole months: the live dashboard is not theirs to open.
    expect(await page.getByTestId('reports-tab-dashboard').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the supervisor drills from a count to the calls behind it and opens one', async () => {
    const { page, errors } = await harness.openConsole();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, 'supervisor');
    await page.getByTestId('nav-reports').waitFor();
    await page.goto(`${harness.url}/#/reports?month=${MONTH}`);
    await page.getByTestId('rac-summary').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('rac-summary').textContent()).toContain('3');
    // The volume table's total: 3 calls of the supervisor's agency, a button that lists them.
    const total = page.getByTestId('rac-table-volume').locator('tr.total-row').getByTestId('rac-cell');
    expect(await total.textContent()).toBe('3');
    await total.click();
    const list = page.getByTestId('rac-cell-calls');
    await list.getByTestId('rac-cell-call').first().waitFor({ timeout: 15_000 });
    const links = list.getByTestId('rac-cell-call');
    expect(await links.count()).toBe(3);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.sort()).toEqual(sentIds.map((id) => `#/incidents/${id}`).sort());
    expect(await links.first().textContent()).toMatch(/^Call 26-\d+$/);
    await harness.screenshot(page, 'reports-supervisor-drill-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await list.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await harness.screenshot(page, 'reports-supervisor-drill-390');
    await links.first().click();
    await page.getByTestId('incident-page').waitFor({ timeout: 15_000 });
    expect(sentIds.map((id) => `#/incidents/${id}`)).toContain(new URL(page.url()).hash);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the supervisor sees today\'s dashboard and a new call counted live', async () => {
    const { page, errors } = await harness.openConsole();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, 'supervisor');
    await page.goto(`${harness.url}/#/reports/dashboard`);
    const calls = page.getByTestId('dash-calls-today');
    await calls.waitFor({ timeout: 20_000 });
    const before = Number((await calls.locator('strong').textContent())!.replace(/,/g, ''));
    await page.getByTestId('dash-queues').waitFor();
    await page.getByTestId('dash-units').locator('tbody tr').first().waitFor();
    await (await harness.api('telecom')).createIncident({ entryPoint: '911', summary: 'Man pacing outside the library', location: { address: '210 W Green St, Urbana, IL', lat: 40.11, lon: -88.21 }, safetyFlags: [] });
    // The feed (or the half-minute refresh) brings the new call in without a reload.
    await page.waitForFunction((n) => {
      const v = document.querySelector('[data-testid="dash-calls-today"] strong')?.textContent ?? '';
      return Number(v.replace(/,/g, '')) === n + 1;
    }, before, { timeout: 40_000 });
    await harness.screenshot(page, 'reports-dashboard-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await harness.screenshot(page, 'reports-dashboard-390');
    expect(errors).toEqual([]);
  }, 120_000);
  it('a RAC analyst opens Planning, runs the demo scenario, sees where and when it misses, adds a team and sees the difference', async () => {
    const { page, errors } = await harness.openConsole();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, 'analyst');
    await page.getByTestId('nav-planning').click();
    // Before any run: the page says what to do.
    await page.getByTestId('planning-empty').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('planning-empty').textContent()).toContain('Run simulation');
    await harness.screenshot(page, 'planning-empty-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await harness.screenshot(page, 'planning-empty-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('planning-run').click();
    await page.getByTestId('planning-results').waitFor({ timeout: 60_000 });
    const baseline = Number((await page.getByTestId('planning-misses').locator('.dash-card-value').textContent())!.replace(/,/g, ''));
    expect(baseline).toBeGreaterThan(0);
    // Which hours and which counties miss: at least one hour row and Champaign County named.
    expect(await page.getByTestId('planning-why').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('planning-county-misses').textContent()).toContain('Champaign');
    await page.getByTestId('planning-utilisation-chart').locator('svg').waitFor();

    // The planner: a team around the clock at the county's centre, then the two runs side by side.
    await page.getByTestId('planning-add-shift').selectOption('always');
    await page.getByTestId('planning-add-place').selectOption('county.17019');
    await page.getByTestId('planning-add-team').click();
    expect(await page.getByTestId('planning-changes').textContent()).toContain('Champaign County, centre');
    await page.getByTestId('planning-run').click();
    await page.getByTestId('planning-changed').waitFor({ timeout: 60_000 });
    const after = Number((await page.getByTestId('planning-misses-after').locator('strong').textContent())!.split(' ')[0]!.replace(/,/g, ''));
    expect(after).toBeLessThan(baseline);
    expect(await page.getByTestId('planning-changes-run').textContent()).toContain('Add a crisis team around the clock');
    await harness.screenshot(page, 'planning-compare-1440');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('planning-download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^planning-il-ems-6-30d-seed1\.csv$/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('planning-changed').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await harness.screenshot(page, 'planning-compare-390');
    expect(errors).toEqual([]);
  }, 180_000);
});
