import PDFDocument from 'pdfkit';
import type { RacReport } from '@continuum/contracts';

/** A code as words, as the console prints it: `crisis_team_sent` → "crisis team sent". */
export const words = (code: string): string => (code === 'all' ? 'All' : code.replace(/_/g, ' '));

/** A suppressed cell as the console and the printed report show it. */
export const PDF_SUPPRESSED = '–';

/** A value as printed: counts with separators, minutes to one decimal, shares as percentages. */
export function pdfCell(measure: string, v: number | null): string {
  if (v === null) return PDF_SUPPRESSED;
  if (measure.startsWith('share')) return `${Math.round(v * 1000) / 10}%`;
  return measure.endsWith('_minutes') ? v.toFixed(1) : v.toLocaleString('en-US');
}

/** "2026-03" → "March 2026". */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${new Date(Date.UTC(y, m - 1, 15)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${y}`;
}

/** What the report's reader must know about its cells: suppressed for publication, or not. */
export function suppressionNote(r: RacReport): string {
  return r.suppressed
    ? `Every call of the region. Counts from 1 to 10, and any count that would give one away (a total minus the others), are shown as “${PDF_SUPPRESSED}”; so are the times of groups under 11 arrivals.`
    : `The calls of agency ${r.agencyId} (received by it, or a unit of it sent), every count as it is: small cells are not suppressed, so this copy is not for publication.`;
}

const simulatedNote: Record<RacReport['simulated'], string> = {
  exclude: 'Simulated calls are left out.',
  include: 'Simulated calls are counted with the real ones.',
  only: 'Simulated calls only: no real call is counted.',
};

/** "2 Apr 2026 10:00" in the region's zone: the console's way of writing a time (web datetime.ts). */
const stamp = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).replace(',', '');

const MARGIN = 48;
const FONT = 8;

/**
 * The monthly RAC report as a PDF a RAC can publish as it is (issue 14 §3): a header with the
 * region and the month, the suppression note, every table of the JSON with the same numbers, and
 * what is not recorded. Drawn with PDFKit's built-in Helvetica: no browser and no font files.
 */
export function racPdf(r: RacReport, generatedAt: Date): Promise<Buffer> {
  const regionName = r.regionName;
  const doc = new PDFDocument({
    size: 'LETTER', margin: MARGIN, bufferPages: true,
    info: { Title: `RAC monthly report, ${regionName ?? r.regionId}, ${monthName(r.month)}`, Author: 'Continuum', Subject: 'CESSA monthly aggregate report', CreationDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 14;

  doc.font('Helvetica-Bold').fontSize(16).text('RAC monthly report');
  doc.fontSize(12).text(`${regionName ?? r.regionId} · ${monthName(r.month)}`);
  doc.font('Helvetica').fontSize(9).fillColor('#333')
    .text(`Region ${r.regionId}; ${r.month}, local time ${r.timeZone}. ${r.scope === 'agency' ? `Agency ${r.agencyId}.` : 'Whole region.'}${r.filters.district ? ` District ${words(r.filters.district)}.` : ''}${r.filters.entryPoint ? ` Entry point ${r.filters.entryPoint}.` : ''} ${simulatedNote[r.simulated]}`)
    .moveDown(0.3)
    .text(suppressionNote(r))
    .moveDown(0.3);
  doc.font('Helvetica-Bold').fontSize(11).fillColor('black').text(`Calls: ${r.calls === null ? PDF_SUPPRESSED : r.calls.toLocaleString('en-US')}`).moveDown(0.6);

  for (const t of r.tables) {
    const headers = [...t.dimensions, ...t.measures].map(words);
    // Keys get a wider column than numbers; every column at least 40 points.
    const keyWidth = Math.min(130, width / Math.max(2, headers.length) * 1.6);
    const numWidth = (width - keyWidth * t.dimensions.length) / Math.max(1, t.measures.length);
    const widths = headers.map((_, i) => (i < t.dimensions.length ? keyWidth : numWidth));
    const rowHeight = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 4 }))) + 4;
    };
    const drawRow = (cells: string[], bold: boolean, shade: boolean): void => {
      const h = rowHeight(cells, bold);
      if (doc.y + h > bottom()) {
        // A table that runs over a page repeats its header there.
        doc.addPage();
        if (!shade) drawRow(headers, true, true);
      }
      const y = doc.y;
      if (shade) doc.rect(MARGIN, y, width, h).fill('#eef0f3').fillColor('black');
      let x = MARGIN;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT);
      cells.forEach((c, i) => {
        doc.text(c, x + 2, y + 2, { width: widths[i]! - 4, align: i < t.dimensions.length ? 'left' : 'right', lineBreak: true });
        x += widths[i]!;
      });
      doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).lineWidth(0.3).strokeColor('#999').stroke();
      doc.x = MARGIN;
      doc.y = y + h;
    };
    // A table's title never ends a page alone: it starts on a new page with its header and a row.
    doc.font('Helvetica-Bold').fontSize(10);
    const titleHeight = doc.heightOfString(t.title, { width }) + rowHeight(headers, true) + 30;
    if (doc.y + titleHeight > bottom()) doc.addPage();
    doc.fillColor('black').text(t.title, MARGIN, doc.y, { width }).moveDown(0.2);
    if (t.rows.length <= 1) {
      doc.font('Helvetica').fontSize(FONT + 1).text('No calls counted here this month.').moveDown(0.8);
      continue;
    }
    drawRow(headers, true, true);
    for (const row of t.rows) {
      const total = row.keys.every((k) => k === 'all');
      drawRow([...row.keys.map(words), ...row.values.map((v, i) => pdfCell(t.measures[i]!, v))], total, false);
    }
    if (t.note) doc.font('Helvetica-Oblique').fontSize(FONT).fillColor('#333').text(t.note, MARGIN, doc.y + 3, { width }).fillColor('black');
    doc.moveDown(0.9);
  }
  if (doc.y + 60 > bottom()) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).text('Not recorded yet', MARGIN, doc.y, { width }).moveDown(0.2);
  doc.font('Helvetica').fontSize(FONT + 1);
  for (const m of r.missing) doc.text(`• ${m}`, { width });

  // Every page names what it is part of, so a loose page is never mistaken for another report.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Into the bottom margin without PDFKit turning the page.
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7).fillColor('#555').text(
      `RAC monthly report · ${regionName ?? r.regionId} · ${monthName(r.month)} · generated ${stamp(generatedAt, r.timeZone)} · page ${i - range.start + 1} of ${range.count}`,
      MARGIN, doc.page.height - MARGIN + 10, { width, align: 'center', lineBreak: false },
    );
  }
  doc.end();
  return done;
}
