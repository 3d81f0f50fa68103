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

beforeAll(async () => {
  harness = await startHarness({ clock });
  const telecom = await harness.api('telecom');
  offset = Date.parse('2026-11-15T18:00:00Z') - Date.now();
  for (let i = 0; i < 12; i++) {
    await telecom.createIncident({ entryPoint: '911', summary: `Caller worried about a neighbour ${i}`, location: { address: '300 W Main St, Urbana, IL', lat: 40.1125, lon: -88.2105 }, safetyFlags: [] });
  }
  offset = 0;
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
});
