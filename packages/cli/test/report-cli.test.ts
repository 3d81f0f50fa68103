import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../server/test/pdf-text.ts';

// `continuum report rac` through the real binary on a seeded folder database: the file in each
// format with the same tables, and bad flags refused naming the flag. The numbers themselves are
// the API test's (server/test/rac-report.test.ts): the command runs the same builder.
const run = promisify(execFile);
const BIN = new URL('../bin/continuum.mjs', import.meta.url).pathname;
let dataDir: string;

async function continuum(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--data-dir', dataDir], { env: { ...process.env, DATABASE_URL: '' }, timeout: 110_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'continuum-report-'));
  const seeded = await continuum('seed');
  expect(seeded.stdout, seeded.stderr).toMatch(/Seeded/);
}, 240_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('continuum report rac', () => {
  it('writes JSON and XLSX with the same tables', async () => {
    const json = join(dataDir, 'r.json');
    const xlsx = join(dataDir, 'r.xlsx');
    const a = await continuum('report', 'rac', '--region', 'il-ems-6', '--month', '2025-11', '--format', 'json', '--out', json);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/✓ .*r\.json: 22 tables/);
    const report = JSON.parse(await readFile(json, 'utf8')) as { month: string; suppressed: boolean; tables: { id: string; title: string }[] };
    expect(report).toMatchObject({ month: '2025-11', suppressed: true });
    const b = await continuum('report', 'rac', '--region', 'il-ems-6', '--month', '2025-11', '--format', 'xlsx', '--out', xlsx);
    expect(b.code, b.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(report.tables.length).toBeGreaterThan(0);
    expect(book.worksheets.map((w) => w.name)).toEqual(['report', ...report.tables.map((t) => t.id)]);
    // The printable PDF, with every table's title and the month in its header.
    const pdf = join(dataDir, 'r.pdf');
    const c = await continuum('report', 'rac', '--region', 'il-ems-6', '--month', '2025-11', '--format', 'pdf', '--out', pdf, '--simulated', 'include');
    expect(c.code, c.stderr).toBe(0);
    const text = pdfText(new Uint8Array(await readFile(pdf))).join(' ');
    expect(text).toContain('November 2025');
    expect(text).toContain('Simulated calls are counted with the real ones.');
    for (const t of report.tables) expect(text).toContain(t.title);
  }, 240_000);

  it.each([
    [['--region', 'il-ems-6', '--month', '2025-13', '--format', 'csv'], '--month'],
    [['--region', 'il-ems-6', '--month', '2025-11', '--format', 'docx'], '--format'],
    [['--region', 'nowhere', '--month', '2025-11', '--format', 'csv'], '--region'],
    [['--region', 'il-ems-6', '--month', '2025-11', '--format', 'pdf', '--simulated', 'some'], '--simulated'],
  ])('refuses %j naming %s', async (args, flag) => {
    const r = await continuum('report', 'rac', ...args, '--out', join(dataDir, 'x'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(flag);
  }, 120_000);
});
