import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { registerAdminCommands } from './admin-program.ts';

// Each command loads its module when it runs: the server and the database take about a second to
// load, which `continuum protocol lint` and `--help` need not wait for.
const commands = () => import('./commands.ts');
const protocolCommands = () => import('./protocol-commands.ts');
const simCommands = () => import('./sim-commands.ts');
const onboardingCommands = () => import('./onboarding-commands.ts');
const reportCommands = () => import('./report-commands.ts');

const port = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
};

/** Builds the `continuum` command line. */
export function buildProgram(): Command {
  const program = new Command('continuum')
    .description('Continuum: coordinate behavioural-health crisis response (Illinois CESSA).')
    .showHelpAfterError('(run with --help for usage)');

  const db = (c: Command) =>
    c
      .option('--database-url <url>', 'PostgreSQL connection (postgres://…); default: the embedded database', process.env.DATABASE_URL)
      .option('--data-dir <dir>', 'folder of the embedded database', process.env.CONTINUUM_DATA_DIR ?? 'data')
      .option('--memory', 'keep the embedded database in memory (nothing written to disk)', false);

  db(program.command('start').description('Start the server and the console (migrates; on first start creates the CONTINUUM_ADMIN_* administrator, or seeds the demo region)'))
    .option('--port <port>', 'HTTP port', port, Number(process.env.PORT ?? 8080))
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '0.0.0.0')
    // Neither flag: the demo is seeded on the embedded database only, never on PostgreSQL (ADR 0021).
    .option('--demo', 'seed the demo region on an empty database (the default on the embedded database, never otherwise)')
    .option('--no-demo', 'do not seed the demo region on an empty embedded database')
    .action(async (opts) => (await commands()).startCommand(opts));

  db(program.command('migrate').description('Apply the database migrations not yet applied')).action(async (opts) =>
    (await commands()).migrateCommand(opts),
  );

  db(program.command('seed').description('Seed the Champaign County demo region (only into a database without users)')).action(async (opts) =>
    (await commands()).seedCommand(opts),
  );

  db(program.command('prune').description('Remove change feed rows and unit positions between calls older than the retention settings (audit rows are never removed)'))
    .option('--dry-run', 'count what would be removed, remove nothing', false)
    .action(async (opts) => (await commands()).pruneCommand(opts));

  const user = program.command('user').description('Manage local accounts');
  db(user.command('add').description('Create a local account with a role in an agency'))
    .requiredOption('--username <name>', 'sign-in name (lower-case letters, digits, . _ -)')
    .requiredOption('--name <displayName>', 'the name shown to others')
    .requiredOption('--role <role>', 'one of the roles in DOMAIN.md §3, e.g. crisis_dispatcher')
    .requiredOption('--agency <agencyId>', 'the agency the role is held in')
    .option('--password <password>', 'at least 12 characters; default: read from CONTINUUM_PASSWORD')
    .action(async (opts) => (await commands()).userAddCommand(opts));

  const lifecycle = (name: string, description: string, extra: (c: Command) => Command = (c) => c) =>
    extra(db(user.command(name).description(description)).requiredOption('--username <name>', 'the account'))
      .action(async (opts) => (await commands()).userLifecycleCommand(name as 'disable', opts));
  lifecycle('disable', 'Disable an account: its sessions end and its live feeds close at once', (c) => c.requiredOption('--reason <reason>', 'why (kept in the audit trail)'));
  lifecycle('enable', 'Enable a disabled account');
  lifecycle('unlock', 'Clear the sign-in delays of an account, from every address');
  lifecycle('reset-password', 'Set a new password; the account\'s sessions end', (c) => c.option('--password <password>', 'at least 12 characters; default: read from CONTINUUM_PASSWORD'));
  lifecycle('add-membership', 'Give an account a role in an agency', (c) => c.requiredOption('--agency <agencyId>', 'the agency').requiredOption('--role <role>', 'the role held there'));
  lifecycle('end-membership', "End an account's role in an agency: its sessions and tokens end", (c) =>
    c.requiredOption('--agency <agencyId>', 'the agency').requiredOption('--role <role>', 'the role held there').option('--reason <reason>', 'why (kept in the audit trail)'));

  const admin = program.command('admin').description('Regional administration grants: manage accounts beyond one agency (ADR 0017)');
  db(admin.command('grant').description("Let an administrator manage accounts in every agency of a region; each use alerts the privacy officer"))
    .requiredOption('--username <name>', 'an administrator')
    .requiredOption('--region <regionId>', 'the region, e.g. il-ems-6')
    .requiredOption('--reason <reason>', 'why (kept in the audit trail)')
    .action(async (opts) => (await commands()).adminGrantCommand('grant', opts));
  db(admin.command('revoke').description("Revoke an administrator's regional grant"))
    .requiredOption('--username <name>', 'the administrator')
    .requiredOption('--region <regionId>', 'the region')
    .action(async (opts) => (await commands()).adminGrantCommand('revoke', opts));

  db(program.command('import').description('Import agencies, units, crews, shifts, facilities (HSDS JSON) or users from a CSV or JSON file: shows the plan, applies it when confirmed (docs/examples/second-county)'))
    .argument('<kind>', 'agencies, units, crews, shifts, facilities or users')
    .argument('<file>', 'a .csv file, or JSON (rows, or an HSDS document for facilities)')
    .option('--dry-run', 'show what would be created, changed or left alone; write nothing', false)
    .option('--yes', 'apply without asking', false)
    .option('--region <region>', 'the region, when the database has more than one')
    .action(async (kind, file, opts) => (await onboardingCommands()).importCommand(kind, file, opts));
  db(program.command('export').description('Export agencies, units, crews, shifts, facilities or users in the shape import reads'))
    .argument('<kind>', 'agencies, units, crews, shifts, facilities or users')
    .option('--format <format>', 'csv or json (facilities: HSDS JSON)', 'csv')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--region <region>', 'the region, when the database has more than one')
    .action(async (kind, opts) => (await onboardingCommands()).exportCommand(kind, opts));

  const protocol = program.command('protocol').description('Triage protocol files (format: protocols/README.md): lint and test them, upload, publish and pin versions');
  protocol
    .command('lint')
    .description('Check a protocol file against the schema and the lint; lists every problem, exits 1 if there is one')
    .argument('<file>', 'a protocol file (YAML or JSON)')
    .option('--json', 'machine-readable output', false)
    .action(async (file, opts) => (await protocolCommands()).protocolLintCommand(file, opts));
  protocol
    .command('test')
    .description('Run test cases (answer sets and the determination each must give) against a protocol; exits 1 unless all pass')
    .argument('<file>', 'a protocol file (YAML or JSON)')
    .argument('<cases>', 'a cases file (YAML or JSON)')
    .option('--json', 'machine-readable output', false)
    .action(async (file, cases, opts) => (await protocolCommands()).protocolTestCommand(file, cases, opts));

  registerAdminCommands(program, db, protocol);
  const whole = (name: string) => (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} is a whole number, 0 or more`);
    return n;
  };
  db(program
    .command('simulate'))
    .description('Simulate a region through Continuum\'s own rules (scenario format: packages/sim/scenarios/README.md)')
    .requiredOption('--scenario <file>', 'a scenario file (YAML or JSON)')
    .option('--region <id>', 'only this region of the scenario')
    .option('--days <n>', 'days to simulate (default: the scenario\'s)', whole('--days'))
    .option('--seed <s>', 'random seed (default: the scenario\'s); the same seed gives the same output', whole('--seed'))
    .option('--json', 'every figure as JSON', false)
    .option('--csv', 'every figure as CSV (section,id,name,level,metric,value)', false)
    .option('--no-progress', 'no progress bar')
    .option('--write', 'write the simulated days, ending now, into the database as incidents flagged simulated (left out of reports unless asked)', false)
    .option('--yes', 'with --write: write beside real calls already in the database (never unflagged)', false)
    .action(async (opts) => (await simCommands()).simulateCommand(opts));
  program
    .command('plan')
    .description('Find few team-shifts, and where to base them, that meet a target; says which hours and counties miss')
    .requiredOption('--scenario <file>', 'a scenario file (YAML or JSON)')
    .requiredOption('--target <target>', 'e.g. within=0.9,fallback=0.05: 90% of level 2-3 calls within the maximum, police fallback at most 5%')
    .option('--region <id>', 'only this region of the scenario')
    .option('--days <n>', 'days simulated per candidate (default 90)', whole('--days'))
    .option('--seed <s>', 'random seed (default: the scenario\'s)', whole('--seed'))
    .option('--json', 'machine-readable output', false)
    .action(async (opts) => (await simCommands()).planCommand(opts));
  const report = program.command('report').description('Aggregate reports');
  db(report.command('rac').description("A region's monthly RAC report (small cells suppressed) to a file: CSV, JSON, XLSX or PDF"))
    .requiredOption('--region <id>', 'a region id, e.g. il-ems-6')
    .requiredOption('--month <YYYY-MM>', 'a calendar month that has ended')
    .option('--format <format>', 'csv, json, xlsx or pdf', 'json')
    .requiredOption('--out <file>', 'the file to write')
    .option('--simulated <which>', 'simulated calls: exclude (the default), include or only')
    .option('--include-simulated', 'deprecated: --simulated include', false)
    .option('--no-progress', 'no progress bar')
    .action(async (opts) => (await reportCommands()).reportRacCommand(opts));

  return program;
}

/**
 * Runs one command line and resolves to the exit code a failure calls for (0 otherwise; a command
 * may still set process.exitCode itself). The tests run the CLI in-process through this, with a
 * program whose commands throw instead of exiting (test/run-cli.ts): spawning the binary costs
 * seconds a run on a busy machine, and the binary's own start-up is tested by a few real spawns.
 */
export async function runCli(argv: string[], program: Command = buildProgram()): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    // Thrown only under exitOverride (the tests): commander has printed its message already.
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`continuum: ${(err as Error).message}`);
    return 1;
  }
}

/** Entry point of the `continuum` binary. */
export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv);
  if (code !== 0) process.exitCode = code;
}
