import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { RacReport } from '@continuum/contracts';

/** Suppressed cells print as this in CSV and XLSX, so a reader never mistakes them for zero. */
export const SUPPRESSED_MARK = 'suppressed';

const heading = (r: RacReport) =>
  `RAC monthly report, region ${r.regionId}, ${r.month} (${r.timeZone})${r.scope === 'agency' ? `, agency ${r.agencyId}` : ''}${r.suppressed ? ', small cells suppressed' : ''}`;

const cell = (v: number | null) => (v === null ? SUPPRESSED_MARK : v);

/**
 * The report as CSV (RFC 4180): one block per table (its title, a header of dimensions and
 * measures, its rows) with a blank line between, the same numbers as the JSON.
 */
export function racCsv(r: RacReport): string {
  const lines: (string | number)[][] = [[heading(r)], []];
  for (const t of r.tables) {
    lines.push([t.id, t.title], [...t.dimensions, ...t.measures]);
    for (const row of t.rows) lines.push([...row.keys, ...row.values.map(cell)]);
    lines.push([]);
  }
  if (r.missing.length) lines.push(['not recorded'], ...r.missing.map((m) => [m]));
  return stringify(lines);
}

/** The report as an XLSX workbook: a cover sheet, then one sheet per table named by its id. */
export async function racXlsx(r: RacReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Continuum';
  const cover = book.addWorksheet('report');
  cover.addRows([[heading(r)], ['region', r.regionId], ['month', r.month], ['from', r.from], ['to', r.to], ['calls', cell(r.calls)], [], ['not recorded'], ...r.missing.map((m) => [m])]);
  for (const t of r.tables) {
    const sheet = book.addWorksheet(t.id.slice(0, 31));
    sheet.addRow([t.title]);
    const header = sheet.addRow([...t.dimensions, ...t.measures]);
    header.font = { bold: true };
    for (const row of t.rows) sheet.addRow([...row.keys, ...row.values.map(cell)]);
    if (t.note) sheet.addRow([t.note]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
