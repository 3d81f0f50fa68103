import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../server/test/pdf-text.ts';
import { continuumBinary } from './bin.ts';
import { continuumInProcess } from './run-cli.ts';

// `continuum report rac` on a seeded folder database, in-process (run-cli.ts): the file in each
// format with the same tables, and bad flags refused naming the flag (one by the real binary). The
// numbers themselves are the API test's (server/test/rac-report.test.ts): the command runs the same builder.
let dataDir: string;

const continuum = (...args: string[]) => continuumInProcess([...args, '--data-dir', dataDir]);

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

  // The first by the real binary: the refusal is the process's exit code.
  it.each([
    [['--region', 'il-ems-6', '--month', '2025-13', '--format', 'csv'], '--month', 'binary'],
    [['--region', 'il-ems-6', '--month', '2025-11', '--format', 'docx'], '--format', 'in-process'],
    [['--region', 'nowhere', '--month', '2025-11', '--format', 'csv'], '--region', 'in-process'],
    [['--region', 'il-ems-6', '--month', '2025-11', '--format', 'pdf', '--simulated', 'some'], '--simulated', 'in-process'],
  ])('refuses %j naming %s (%s)', async (args, flag, how) => {
    const argv = ['report', 'rac', ...args, '--out', join(dataDir, 'x')];
    const r = how === 'binary' ? await continuumBinary([...argv, '--data-dir', dataDir]) : await continuum(...argv);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(flag);
  }, 120_000);
});
