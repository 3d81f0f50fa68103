import { readFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { describeProblems, parseScenario, parseTarget, plan, simulate, toCsv, type ScenarioFile } from '@continuum/sim';

/**
 * `continuum simulate` and `continuum plan` (issue 13): run a scenario file through Continuum's
 * own rules, or search for the teams that meet a target. A scenario with any problem is refused,
 * every problem listed with its path and rule, before anything runs.
 */

export interface SimulateCommandOptions {
  scenario: string;
  region?: string;
  days?: number;
  seed?: number;
  json?: boolean;
  csv?: boolean;
  progress?: boolean;
  write?: boolean;
  yes?: boolean;
  databaseUrl?: string;
  dataDir?: string;
  memory?: boolean;
}

async function loadScenario(file: string): Promise<ScenarioFile | null> {
  const parsed = parseScenario(await readFile(file, 'utf8'));
  if (parsed.ok) return parsed.scenario;
  process.stderr.write(`${describeProblems(parsed.problems).split('\n').map((l) => `${file}: ${l}`).join('\n')}\n✗ ${file}: ${parsed.problems.length} problem(s); nothing was simulated\n`);
  process.exitCode = 1;
  return null;
}

/** A progress bar on stderr for runs long enough to want one, only on a terminal. */
function progressBar(show: boolean): { update: (share: number) => void; stop: () => void } {
  if (!show) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({ format: 'simulating [{bar}] {percentage}% | {eta_formatted} left', stream: process.stderr, hideCursor: true });
  bar.start(1000, 0);
  return { update: (share) => bar.update(Math.round(share * 1000)), stop: () => bar.stop() };
}

/** `continuum simulate --scenario FILE [--region ID] [--days N] [--seed S] [--json|--csv]` */
export async function simulateCommand(opts: SimulateCommandOptions): Promise<void> {
  const scenario = await loadScenario(opts.scenario);
  if (!scenario) return;
  const days = opts.days ?? scenario.days;
  if (opts.write) return writeCommand(scenario, days, opts);
  const bar = progressBar((opts.progress ?? true) && process.stderr.isTTY === true && days >= 30);
  const started = process.hrtime.bigint();
  let result;
  try {
    result = simulate(scenario, { days, seed: opts.seed ?? scenario.seed, ...(opts.region ? { region: opts.region } : {}), onProgress: bar.update });
  } finally {
    bar.stop();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (opts.csv) {
    process.stdout.write(toCsv(result));
    return;
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  const min = (x: number | null) => (x === null ? '—' : `${x.toFixed(0)} min`);
  const lines = [
    `${result.scenario}: ${result.days} days, seed ${result.seed}, ${result.population.toLocaleString('en-US')} people, ${result.events.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s`,
    `Contacts ${result.contacts.total.toLocaleString('en-US')} (911 ${result.contacts.byEntry['911']}, 988 ${result.contacts.byEntry['988']}, CARES ${result.contacts.byEntry['cares']}); walk-ins ${result.contacts.walkInsFacility} to a facility, ${result.contacts.walkInsEd} to an ED`,
    `Hand-offs: 911 → 988 ${result.handoffs.from911to988}, 988 → 911 ${result.handoffs.from988to911}`,
    '',
    'Level  Calls    p50     p90     p95   Within max  Crisis team  Police fallback',
    ...result.levels.map((l) => `${String(l.level).padEnd(6)} ${String(l.calls).padStart(6)} ${min(l.p50).padStart(7)} ${min(l.p90).padStart(7)} ${min(l.p95).padStart(7)} ${pct(l.withinMax).padStart(11)} ${pct(l.crisisTeamShare).padStart(12)} ${pct(l.policeFallbackShare).padStart(16)}`),
    '',
    ...result.facilities.map((f) => `${f.name}: ${f.admissions} admitted, ${f.turnAways} turned away, mean ${f.meanOccupancy} of ${f.capacity} (${pct(f.occupancyShare)}), peak ${f.peak}`),
    ...result.regions.map((r) => `${r.name}: follow-up ${r.followup.episodesOpened} episodes opened, ${r.followup.meanOpen} open on average, ${r.followup.openPerCaseManager ?? '—'} per case manager`),
    '',
    'Use --json or --csv for every figure (per county, utilisation by hour, misses by hour).',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export interface PlanCommandOptions {
  scenario: string;
  target: string;
  region?: string;
  days?: number;
  seed?: number;
  json?: boolean;
}

/** `continuum plan --scenario FILE --target within=0.9,fallback=0.05` */
export async function planCommand(opts: PlanCommandOptions): Promise<void> {
  const loaded = await loadScenario(opts.scenario);
  if (!loaded) return;
  const target = parseTarget(opts.target);
  const { onlyRegion } = await import('@continuum/sim');
  const scenario = opts.region ? onlyRegion(loaded, opts.region) : loaded;
  const result = plan(scenario, target, { days: opts.days ?? 90, seed: opts.seed ?? scenario.seed, onStep: opts.json ? undefined : (s) => process.stderr.write(`  ${s}\n`) });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const show = (label: string, s: typeof result.before) => [
    `${label}: ${pct(s.withinMax)} of level 2-3 calls within the maximum, police in place of a crisis team ${pct(s.policeFallback)} — ${s.meets ? 'meets' : 'misses'} the target`,
    ...(s.worstHours.length ? [`  hours with most misses: ${s.worstHours.map((h) => `${String(h.hour).padStart(2, '0')}:00 (${h.misses})`).join(', ')}`] : []),
    ...(s.worstCounties.length ? [`  counties with most misses: ${s.worstCounties.map((c) => `${c.name} (${c.misses} of ${c.calls})`).join(', ')}`] : []),
  ];
  const lines = [
    `Target: ${pct(target.withinMax)} within the maximum, police fallback at most ${pct(target.policeFallback)} (level 2-3 calls)`,
    ...show('Before', result.before),
    ...(result.added.length ? ['Add:', ...result.added.map((a) => `  ${a.id}: a team based in ${a.countyName}, ${a.shift === 'always' ? 'around the clock' : a.shift === 'day' ? '08:00-20:00' : '20:00-08:00'} (${a.teamShiftsPerDay} team-shifts a day)`)] : ['No team added.']),
    ...show('After', result.after),
    `Team-shifts a day (12 h): ${result.teamShiftsPerDay.before} → ${result.teamShiftsPerDay.after}; bases: ${result.bases.before} → ${result.bases.after}; ${result.evaluations} simulations`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!result.after.meets) process.exitCode = 2;
}

/**
 * `continuum simulate --write`: the days ending now written into the database as incidents, every
 * record flagged simulated (ADR 0037). A database holding real calls in the region is refused
 * unless --yes is given; either way nothing unflagged is written.
 */
async function writeCommand(scenario: ScenarioFile, days: number, opts: SimulateCommandOptions): Promise<void> {
  const [{ withDatabase, servicesOf }, { migrate }, { writeHistory, HistoryRefused }] = await Promise.all([
    import('./commands.ts'),
    import('@continuum/storage'),
    import('@continuum/sim/history/write'),
  ]);
  if (opts.json || opts.csv) process.stderr.write('--write prints what it wrote; --json and --csv are for a run without it\n');
  await withDatabase({ databaseUrl: opts.databaseUrl || undefined, dataDir: opts.dataDir ?? 'data', memory: opts.memory ?? false }, async (database) => {
    await migrate(database);
    const services = servicesOf(database);
    const bar = progressBar((opts.progress ?? true) && process.stderr.isTTY === true);
    try {
      const r = await writeHistory(services.store, scenario, {
        days,
        endAt: services.clock(),
        ...(opts.region ? { regionId: opts.region } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        besideRealCalls: opts.yes === true,
        onProgress: (written, total) => bar.update(total ? written / total : 1),
      });
      bar.stop();
      process.stdout.write(
        `Wrote ${r.incidents.toLocaleString('en-US')} simulated calls of region ${r.regionId} (${r.from.toISOString().slice(0, 10)} to ${r.to.toISOString().slice(0, 10)}), ` +
          `${r.episodes.toLocaleString('en-US')} follow-up episodes and ${r.auditRows.toLocaleString('en-US')} audit rows, every one flagged simulated ` +
          `(simulated in ${r.simulateSeconds.toFixed(1)} s, written in ${r.writeSeconds.toFixed(1)} s)\n`,
      );
    } catch (err) {
      bar.stop();
      if (!(err instanceof HistoryRefused)) throw err;
      process.stderr.write(`✗ ${err.message}; nothing was written\n`);
      process.exitCode = 1;
    }
  });
}
