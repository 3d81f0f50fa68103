import { writeFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { isReportMonth } from '@continuum/domain';
import { buildRacReport, racCsv, racPdf, racXlsx, RAC_STEPS } from '@continuum/server';
import { servicesOf, withDatabase, type DbOptions } from './commands.ts';

export const RAC_FORMATS = ['csv', 'json', 'xlsx', 'pdf'] as const;
const SIMULATED = ['exclude', 'include', 'only'] as const;

export interface RacCommandOptions extends DbOptions {
  region: string;
  month: string;
  format: string;
  out: string;
  /** exclude, include or only: the same switch as the API's `simulated`. */
  simulated?: string;
  /** Deprecated: --simulated include. */
  includeSimulated: boolean;
  progress: boolean;
}

/**
 * `continuum report rac`: the region's monthly RAC report, small cells suppressed as a RAC
 * publishes it (ADR 0040), written to a file in CSV, JSON (the documented RacReport shape), XLSX
 * or PDF (printable, as a RAC publishes it). Run by an operator on the database; audited as a read without an account.
 */
export async function reportRacCommand(opts: RacCommandOptions): Promise<void> {
  if (!isReportMonth(opts.month)) throw new Error('--month: must be a calendar month, YYYY-MM');
  if (!(RAC_FORMATS as readonly string[]).includes(opts.format)) throw new Error(`--format: one of ${RAC_FORMATS.join(', ')} `);
  const simulated = (opts.simulated ?? (opts.includeSimulated ? 'include' : 'exclude')) as (typeof SIMULATED)[number];
  if (!(SIMULATED as readonly string[]).includes(simulated)) throw new Error(`--simulated: one of ${SIMULATED.join(', ')}`);
  if (opts.simulated && opts.includeSimulated && opts.simulated !== 'include') throw new Error('--include-simulated (deprecated) is --simulated include; they disagree');
  await withDatabase(opts, async (database) => {
    const services = servicesOf(database);
    const region = await services.store.read.organisations.region(opts.region);
    if (!region) throw new Error(`--region: no region ${opts.region}`);
    const show = opts.progress && process.stderr.isTTY === true;
    const bar = new SingleBar({ format: 'report [{bar}] {value}/{total} {step}', stream: process.stderr, hideCursor: true });
    if (show) bar.start(RAC_STEPS + 1, 0, { step: 'starting' });
    const report = await buildRacReport(services, {
      regionId: opts.region, month: opts.month, simulated,
      onStep: (n, label) => show && bar.update(n, { step: label }),
    });
    const body = opts.format === 'csv' ? racCsv(report)
      : opts.format === 'xlsx' ? await racXlsx(report)
        : opts.format === 'pdf' ? await racPdf(report, services.clock())
          : `${JSON.stringify(report, null, 2)}\n`;
    await writeFile(opts.out, body);
    await services.store.read.audit.write({
      at: services.clock(), actorId: null, role: null, agencyId: null, action: 'report.rac', outcome: 'allowed', resourceType: 'report', resourceId: null,
      fieldClasses: [], purpose: 'reporting', address: null,
      detail: { via: 'cli', month: opts.month, region: opts.region, format: opts.format, suppressed: true, simulated, out: opts.out },
    });
    if (show) {
      bar.update(RAC_STEPS + 1, { step: 'written' });
      bar.stop();
    }
    process.stdout.write(`✓ ${opts.out}: ${report.tables.length} tables, ${report.calls ?? 'suppressed'} calls, region ${opts.region}, ${opts.month}\n`);
  });
}
