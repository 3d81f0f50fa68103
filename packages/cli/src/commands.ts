import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { CreateUserRequest } from '@continuum/contracts';
import { createLogger, createUser, DEMO_PASSWORD, publishShippedProtocols, seedDemo, startServer, type Services } from '@continuum/server';
import { migrate, openDatabase, Store, type Database } from '@continuum/storage';

interface DbOptions {
  databaseUrl?: string;
  dataDir: string;
  memory: boolean;
}

async function withDatabase<T>(opts: DbOptions, work: (database: Database) => Promise<T>): Promise<T> {
  if (!opts.databaseUrl && !opts.memory) mkdirSync(opts.dataDir, { recursive: true });
  const database = await openDatabase({ url: opts.databaseUrl, dataDir: opts.dataDir, memory: opts.memory });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const servicesOf = (database: Database): Services => ({
  store: new Store(database, 'continuum_feed'),
  clock: () => new Date(),
  newId: randomUUID,
  logger: createLogger({ logLevel: 'warn' }),
});

/** `continuum start`: serve until interrupted, closing the database cleanly on the way out. */
export async function startCommand(opts: DbOptions & { port: number; host: string; demo: boolean }): Promise<void> {
  const server = await startServer({
    port: opts.port,
    host: opts.host,
    databaseUrl: opts.databaseUrl,
    dataDir: opts.dataDir,
    memory: opts.memory,
    seedDemo: opts.demo,
    logLevel: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'info',
  });
  const where = opts.databaseUrl ? 'PostgreSQL' : opts.memory ? 'the embedded database, in memory' : `the embedded database in ${opts.dataDir}/`;
  const lines = [
    '',
    `  Continuum is running on ${where}.`,
    `  Console:  ${server.url}`,
    `  API docs: ${server.url}/api/docs`,
  ];
  if (server.demo) {
    lines.push('', `  Demo sign-ins (password "${DEMO_PASSWORD}" for every one):`);
    for (const u of server.demo.users) lines.push(`    ${u.username.padEnd(12)} ${u.role}`);
  }
  lines.push('', '  Press Ctrl+C to stop.', '');
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
    const user = await createUser(servicesOf(database), 'system', parsed.data);
    console.log(`Created ${user.username} (${user.role} at ${user.agencyId})`);
  });
}

const flagOf = (field: string): string =>
  ({ displayName: 'name', agencyId: 'agency', username: 'username', role: 'role', password: 'password' })[field] ?? field;
