import { readFile, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { ONBOARDING_KINDS, type OnboardingKind, type OnboardingPlan } from '@continuum/contracts';
import { DomainError } from '@continuum/domain';
import { createLogger, exportFile, importFile, type Services } from '@continuum/server';
import { migrate, openDatabase, Store } from '@continuum/storage';
import { randomUUID } from 'node:crypto';

/*
 * `continuum import KIND FILE` and `continuum export KIND` (issue 16 §2, ADR 0026): the same
 * service as the API, run as the system on the database (a live embedded folder is refused, as for
 * every command). An import always shows its plan first and applies it only when confirmed.
 */

interface DbOptions {
  databaseUrl?: string;
  dataDir: string;
  memory: boolean;
  region?: string;
}

async function withServices<T>(opts: DbOptions, work: (services: Services) => Promise<T>): Promise<T> {
  if (!opts.databaseUrl && !opts.memory) mkdirSync(opts.dataDir, { recursive: true });
  const database = await openDatabase({ url: opts.databaseUrl || undefined, dataDir: opts.dataDir, memory: opts.memory });
  try {
    await migrate(database);
    return await work({ store: new Store(database, 'continuum_feed'), clock: () => new Date(), newId: randomUUID, logger: createLogger({ logLevel: 'warn' }) });
  } finally {
    await database.close();
  }
}

export const kindOf = (value: string): OnboardingKind => {
  if (!(ONBOARDING_KINDS as readonly string[]).includes(value)) throw new Error(`KIND: must be one of ${ONBOARDING_KINDS.join(', ')}`);
  return value as OnboardingKind;
};

/** A file's body as the API takes it: CSV text, or JSON (rows, or an HSDS document for facilities). */
async function bodyOf(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  if (/\.csv$/i.test(file)) return text;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message}); a .csv file is read as CSV`, { cause: err });
  }
}

const show = (v: unknown): string => (v === null || v === undefined ? '(none)' : Array.isArray(v) ? v.join(';') || '(none)' : String(v));

/** The plan as a table an administrator reads before saying yes. */
export function planTable(plan: OnboardingPlan): string {
  const verb = plan.dryRun ? { create: 'would create', change: 'would change', unchanged: 'would leave alone' } : { create: 'created', change: 'changed', unchanged: 'left alone' };
  const lines = [`${plan.kind}: ${plan.counts.create} ${verb.create}, ${plan.counts.change} ${verb.change}, ${plan.counts.unchanged} ${verb.unchanged}`];
  const shown = plan.entries.filter((e) => e.action !== 'unchanged');
  if (shown.length) {
    const keyWidth = Math.min(40, Math.max(3, ...shown.map((e) => e.key.length)));
    lines.push('', `  ${'LINE'.padEnd(6)}${'ACTION'.padEnd(8)}${'KEY'.padEnd(keyWidth + 2)}CHANGES`);
    for (const e of shown) {
      const changes = e.changes.map((c) => `${c.field}: ${show(c.before)} → ${show(c.after)}`);
      lines.push(`  ${String(e.line ?? '').padEnd(6)}${e.action.padEnd(8)}${e.key.padEnd(keyWidth + 2)}${changes[0] ?? ''}`);
      for (const more of changes.slice(1)) lines.push(`  ${''.padEnd(14 + keyWidth + 2)}${more}`);
    }
  }
  return lines.join('\n');
}

/** Every refused row: line, field, rule and why. */
export function issueTable(err: DomainError): string {
  const lines = [`Refused, nothing written: ${err.issues.length ? `${err.issues.length} problem(s)` : err.message}`];
  if (err.issues.length) {
    lines.push('', `  ${'LINE'.padEnd(6)}${'FIELD'.padEnd(20)}${'RULE'.padEnd(18)}MESSAGE`);
    for (const i of err.issues as (typeof err.issues[number] & { line?: number })[]) lines.push(`  ${String(i.line ?? '').padEnd(6)}${(i.field || '(file)').padEnd(20)}${i.rule.padEnd(18)}${i.message}`);
  }
  return lines.join('\n');
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** `continuum import KIND FILE [--dry-run] [--yes]` */
export async function importCommand(kindArg: string, file: string, opts: DbOptions & { dryRun: boolean; yes: boolean }): Promise<void> {
  const kind = kindOf(kindArg);
  const body = await bodyOf(file);
  await withServices(opts, async (services) => {
    try {
      const { body: plan } = await importFile(services, 'system', kind, body, { dryRun: true, region: opts.region });
      console.log(planTable(plan));
      if (opts.dryRun) return console.log('\nDry run: nothing was written.');
      if (plan.counts.create + plan.counts.change === 0) return console.log('\nNothing to do.');
      if (!opts.yes) {
        if (!process.stdin.isTTY) throw new Error('not applied: add --yes to apply without a question, or run it in a terminal');
        if (!(await confirm('\nApply these changes? [y/N] '))) return console.log('Not applied.');
      }
      const { body: applied } = await importFile(services, 'system', kind, body, { dryRun: false, region: opts.region });
      console.log(`\n${planTable({ ...applied, entries: [] })}`);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      console.error(issueTable(err));
      process.exitCode = 1;
    }
  });
}

/** `continuum export KIND [--format csv|json] [--out FILE]` */
export async function exportCommand(kindArg: string, opts: DbOptions & { format: string; out?: string }): Promise<void> {
  const kind = kindOf(kindArg);
  if (opts.format !== 'csv' && opts.format !== 'json') throw new Error('--format: csv or json');
  await withServices(opts, async (services) => {
    const { body } = await exportFile(services, 'system', kind, opts.format as 'csv' | 'json', opts.region);
    if (opts.out) {
      await writeFile(opts.out, body);
      console.log(`Wrote ${kind} to ${opts.out}`);
    } else process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
  });
}
