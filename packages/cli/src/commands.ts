import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { CreateUserRequest } from '@continuum/contracts';
import { ROLES, type Role } from '@continuum/domain';
import { addMembership, createLogger, loadConfig, pruneByAge, createUser, DEMO_PASSWORD, disableAccount, enableAccount, endMembership, grantRegionalAdmin, publishShippedProtocols, resetPassword, revokeRegionalAdmin, seedDemo, startServer, unlockAccount, type RunningServer, type Services } from '@continuum/server';
import { migrate, openDatabase, Store, type Database } from '@continuum/storage';
import { durabilityNote } from './durability-note.ts';

export interface DbOptions {
  databaseUrl?: string;
  dataDir: string;
  memory: boolean;
}

export async function withDatabase<T>(opts: DbOptions, work: (database: Database) => Promise<T>): Promise<T> {
  if (!opts.databaseUrl && !opts.memory) mkdirSync(opts.dataDir, { recursive: true });
  const database = await openDatabase({ url: opts.databaseUrl, dataDir: opts.dataDir, memory: opts.memory });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export const servicesOf = (database: Database): Services => ({
  store: new Store(database, 'continuum_feed'),
  clock: () => new Date(),
  newId: randomUUID,
  logger: createLogger({ logLevel: 'warn' }),
});

/**
 * `continuum start`: serve until interrupted, closing the database cleanly on the way out. The
 * signals are handled from the first moment: a SIGTERM or SIGINT while start-up is still migrating
 * or seeding stops it at the next step and closes what it opened (the embedded folder's lock
 * included), and the process exits 0 as for any requested stop.
 */
export async function startCommand(opts: DbOptions & { port: number; host: string; demo?: boolean }): Promise<void> {
  const abort = new AbortController();
  let server: RunningServer | null = null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Still starting: startServer sees the abort at its next step, closes and rejects (below).
    if (!server) return abort.abort(new StartAborted());
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    server = await startServer({
      port: opts.port,
      host: opts.host,
      // An empty DATABASE_URL is the embedded database, as for `continuum prune`.
      databaseUrl: opts.databaseUrl || undefined,
      dataDir: opts.dataDir,
      memory: opts.memory,
      seedDemo: opts.demo,
      // A fresh demo opens with about 90 days of simulated history (ADR 0037); CONTINUUM_DEMO_HISTORY_DAYS=0 for none.
      ...(process.env.CONTINUUM_DEMO_HISTORY_DAYS === undefined ? { demoHistoryDays: 90 } : {}),
      logLevel: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'info',
      signal: abort.signal,
    });
  } catch (err) {
    if (err instanceof StartAborted) {
      console.log('Stopped while starting; nothing is left open.');
      process.exit(0);
    }
    throw err;
  }
  const where = opts.databaseUrl ? 'PostgreSQL' : opts.memory ? 'the embedded database, in memory' : `the embedded database in ${opts.dataDir}/`;
  const lines = [
    '',
    `  Continuum is running on ${where}.`,
    `  Console:  ${server.url}`,
    `  API docs: ${server.url}/api/docs`,
    ...durabilityNote(server.config),
  ];
  if (server.demo) {
    lines.push('', `  Demo sign-ins (password "${DEMO_PASSWORD}" for every one):`);
    for (const u of server.demo.users) lines.push(`    ${u.username.padEnd(12)} ${u.role}`);
  }
  lines.push('', '  Press Ctrl+C to stop.', '');
  console.log(lines.join('\n'));
}

/** The reason a start is aborted by a signal: a requested stop, not a failure. */
class StartAborted extends Error {
  constructor() {
    super('stopped by a signal while starting');
  }
}

/** `continuum migrate` */
export async function migrateCommand(opts: DbOptions): Promise<void> {
  await withDatabase(opts, async (database) => {
    const result = await migrate(database);
    console.log(result.applied.length ? `Applied ${result.applied.join(', ')}` : `Up to date (migration ${result.current})`);
  });
}

/** `continuum seed` */
export async function seedCommand(opts: DbOptions): Promise<void> {
  await withDatabase(opts, async (database) => {
    await migrate(database);
    const services = servicesOf(database);
    // The demo region pins the shipped protocol, so it must be published first.
    await publishShippedProtocols(services);
    const result = await seedDemo(services);
    console.log(result.seeded ? `Seeded ${result.region.name} with ${result.users.length} demo users` : 'The database already has users; nothing seeded');
  });
}

/**
 * `continuum prune`: removes the feed and the fixes between calls older than the retention
 * settings (CONTINUUM_FEED_RETENTION_HOURS, CONTINUUM_POSITION_RETENTION_DAYS; ADR 0023) and says
 * what went; `--dry-run` only counts. Audited as a system action either way.
 */
export async function pruneCommand(opts: DbOptions & { dryRun: boolean }): Promise<void> {
  // The retention settings, read and checked as the server reads them (an empty --database-url is the embedded database).
  const config = loadConfig({ databaseUrl: opts.databaseUrl || undefined, dataDir: opts.dataDir, memory: opts.memory });
  await withDatabase(opts, async (database) => {
    await migrate(database);
    const r = await pruneByAge(servicesOf(database), config, { dryRun: opts.dryRun, origin: 'cli' });
    const verb = r.dryRun ? 'Would remove' : 'Removed';
    console.log(`${verb} ${r.feed.rows} change feed row(s) committed before ${r.feed.before} (kept ${config.feedRetentionHours} h; consoles resuming from position ${r.feed.prunedThrough} or earlier get a reset)`);
    console.log(`${verb} ${r.positions.rows} unit position(s) between calls recorded before ${r.positions.before} (kept ${config.positionRetentionDays} days; fixes on a call stay with their incident)`);
    console.log('Audit rows are never removed.');
  });
}

/** `continuum user add` */
export async function userAddCommand(opts: DbOptions & { username: string; name: string; role: string; agency: string; password?: string }): Promise<void> {
  const parsed = CreateUserRequest.safeParse({
    username: opts.username,
    displayName: opts.name,
    role: opts.role,
    agencyId: opts.agency,
    password: opts.password ?? process.env.CONTINUUM_PASSWORD ?? '',
  });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${flagOf(String(i.path[0]))}: ${i.message}`).join('; '));
  }
  await withDatabase(opts, async (database) => {
    await migrate(database);
    const { body: user } = await createUser(servicesOf(database), 'system', parsed.data);
    console.log(`Created ${user.username} (${user.role} at ${user.agencyId})`);
  });
}

const flagOf = (field: string): string =>
  ({ displayName: 'name', agencyId: 'agency', username: 'username', role: 'role', password: 'password' })[field] ?? field;

/**
 * Account lifecycle from the command line, as the system (whoever runs the server): each change
 * is audited and, like the API's, closes the account's live feeds in every server process.
 */
export type LifecycleOperation = 'disable' | 'enable' | 'unlock' | 'reset-password' | 'add-membership' | 'end-membership';

export async function userLifecycleCommand(
  operation: LifecycleOperation,
  opts: DbOptions & { username: string; reason?: string; password?: string; agency?: string; role?: string },
): Promise<void> {
  const role = opts.role === undefined ? undefined : roleOf(opts.role);
  await withDatabase(opts, async (database) => {
    await migrate(database);
    const services = servicesOf(database);
    const user = await services.store.read.users.byUsername(opts.username);
    if (!user) throw new Error(`--username: no account "${opts.username}"`);
    const membership = () => ({ agencyId: required(opts.agency, 'agency'), role: required(role, 'role') });
    switch (operation) {
      case 'disable':
        await disableAccount(services, 'system', user.id, required(opts.reason, 'reason'));
        return console.log(`Disabled ${user.username}: its sessions ended and its live feeds closed`);
      case 'enable':
        await enableAccount(services, 'system', user.id);
        return console.log(`Enabled ${user.username}`);
      case 'unlock': {
        const { body } = await unlockAccount(services, 'system', user.id);
        return console.log(`Unlocked ${user.username}: cleared the sign-in delays of ${body.clearedAddresses} address(es)`);
      }
      case 'reset-password':
        await resetPassword(services, 'system', user.id, opts.password ?? process.env.CONTINUUM_PASSWORD ?? '');
        return console.log(`Set a new password for ${user.username}: its sessions ended`);
      case 'add-membership':
        await addMembership(services, 'system', user.id, membership());
        return console.log(`${user.username} is now ${role} at ${opts.agency}`);
      case 'end-membership':
        await endMembership(services, 'system', user.id, { ...membership(), reason: opts.reason });
        return console.log(`Ended ${user.username}'s membership as ${role} at ${opts.agency}: its sessions and tokens ended`);
    }
  });
}

/** `continuum admin grant|revoke`: the regional administration grant (ADR 0017). */
export async function adminGrantCommand(operation: 'grant' | 'revoke', opts: DbOptions & { username: string; region: string; reason?: string }): Promise<void> {
  await withDatabase(opts, async (database) => {
    await migrate(database);
    const services = servicesOf(database);
    const user = await services.store.read.users.byUsername(opts.username);
    if (!user) throw new Error(`--username: no account "${opts.username}"`);
    if (operation === 'grant') {
      await grantRegionalAdmin(services, 'system', { userId: user.id, regionId: opts.region, reason: required(opts.reason, 'reason') });
      console.log(`${user.username} may now manage accounts in every agency of ${opts.region}; each use alerts the privacy officer`);
    } else {
      await revokeRegionalAdmin(services, 'system', { userId: user.id, regionId: opts.region });
      console.log(`Revoked ${user.username}'s regional grant for ${opts.region}`);
    }
  });
}

const required = <T>(value: T | undefined, flag: string): T => {
  if (value === undefined || value === '') throw new Error(`--${flag}: is required for this command`);
  return value;
};

const roleOf = (value: string): Role => {
  if (!(ROLES as readonly string[]).includes(value)) throw new Error(`--role: must be one of ${ROLES.join(', ')}`);
  return value as Role;
};

