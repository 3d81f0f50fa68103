import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { incidentStateOfRow, migrate, openDatabase, Store, type Database } from '@continuum/storage';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config, type ConfigInput } from './config.ts';
import { seedDemo, type DemoSeedResult } from './demo/seed.ts';
import { writeDemoHistory } from './demo/demo-history.ts';
import { buildApp } from './http/app.ts';
import { FeedHub } from './realtime/hub.ts';
import { publishShippedProtocols } from './services/triage/protocols.ts';
import { adoptEarlierDemo, refuseDemoPasswords } from './start/demo-guard.ts';
import { ensureFirstAdmin } from './start/first-admin.ts';
import { startPruneTimer } from './services/retention.ts';
import { startEidoDelivery } from './services/eido/outbox.ts';
import { startHandoffTimer } from './services/handoff/timers.ts';
import type { Services } from './services/context.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  services: Services;
  hub: FeedHub;
  config: Config;
  demo: DemoSeedResult | null;
  close(): Promise<void>;
}

/** How long in-flight requests may finish when the server closes. */
export const CLOSE_GRACE_MS = 3000;

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The composition root: opens the database, migrates, creates the first administrator or seeds the
 * demo on first start, refuses the demo's password outside the demo (ADR 0021), starts the live
 * feed and the HTTP server. Everything is injected, so tests and the simulator can run several
 * servers in one process.
 *
 * `signal` stops a start that is still under way (a SIGTERM while migrating or seeding): each step
 * runs to its end (a migration is one transaction), then start-up rejects with the signal's reason
 * and closes what it opened, so the embedded folder's lock is released and nothing is half served.
 */
export async function startServer(
  options: ConfigInput & { logger?: Logger; clock?: () => Date; database?: Database; signal?: AbortSignal } = {},
): Promise<RunningServer> {
  const { logger: givenLogger, clock, database: givenDatabase, signal, ...input } = options;
  const checkpoint = () => signal?.throwIfAborted();
  const config = loadConfig(input);
  const logger = givenLogger ?? createLogger(config);
  checkpoint();
  if (!givenDatabase && !config.databaseUrl && !config.memory) mkdirSync(config.dataDir, { recursive: true });
  // A database handed in (tests) stays open when the server closes: its owner closes it.
  const database: Database = givenDatabase ?? await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    memory: config.memory,
    fsync: config.embeddedFsync,
    schema: config.databaseSchema,
    timeouts: {
      statementMs: config.dbStatementTimeoutMs,
      lockMs: config.dbLockTimeoutMs,
      idleInTransactionMs: config.dbIdleTransactionTimeoutMs,
      // The client gives up a little after the server would have cancelled the statement.
      readMs: config.dbStatementTimeoutMs + 5_000,
    },
  });
  let hub: FeedHub | null = null;
  let app: FastifyInstance | null = null;
  try {
    checkpoint();
    const migrated = await migrate(database, undefined, { signal });
    if (migrated.applied.length) logger.info({ applied: migrated.applied }, 'database migrated');
    const store = new Store(database, config.feedChannel);
    const services: Services = { store, clock: clock ?? (() => new Date()), newId: randomUUID, logger };
    // Incidents written before the RAC report's facts existed (migration 0041) get theirs once, here,
    // so that reading a report never writes (ADR 0040).
    const backfilled = await store.read.reportFacts.backfill((row) => incidentStateOfRow(row as never));
    if (backfilled) logger.info({ incidents: backfilled }, 'report facts filled in for earlier incidents');
    checkpoint();
    const shipped = await publishShippedProtocols(services);
    if (shipped.length) logger.info({ protocols: shipped }, 'shipped triage protocols published');
    // Unset, the demo is seeded on the embedded database only: a PostgreSQL server is a deployment,
    // seeded with --demo or not at all (ADR 0021).
    const demoMode = config.seedDemo ?? database.kind === 'pglite';
    if (config.admin) {
      const admin = await ensureFirstAdmin(services, config.admin);
      if (admin.created) logger.info({ username: config.admin.username, agencyId: config.admin.agencyId }, 'first administrator created from CONTINUUM_ADMIN_*');
    }
    checkpoint();
    const seeded = demoMode ? await seedDemo(services) : null;
    if (seeded?.seeded) logger.info({ region: seeded.region.id, users: seeded.users.length }, 'demo region seeded');
    if (demoMode) await adoptEarlierDemo(services);
    await refuseDemoPasswords(services);
    // The demo sign-ins are shown (banner, sign-in page) only on the demo's database, not on one
    // that merely has accounts of its own, e.g. from CONTINUUM_ADMIN_*.
    const demo = seeded && (await store.read.organisations.demoMarker()) ? seeded : null;
    checkpoint();
    hub = new FeedHub(store, logger, services.clock);
    await hub.start();
    services.positions = hub;
    app = await buildApp({
      services,
      config,
      hub,
      info: { version: VERSION, database: database.kind, demo: demo?.users ?? null, region: demo?.region ?? null },
    });
    checkpoint();
    const address = await app.listen({ port: config.port, host: config.host });
    checkpoint();
    const [liveApp, liveHub] = [app, hub];
    const port = new URL(address).port;
    const url = `http://localhost:${port}`;
    const pruner = startPruneTimer(services, config);
    // EIDO updates to CADs: from the outbox, by each process (ADR 0029).
    const eidoDelivery = startEidoDelivery(services, { pollMs: config.eidoPollMs, retryBaseMs: config.eidoRetryBaseMs, retryMaxMs: 600_000, maxAttempts: config.eidoMaxAttempts, timeoutMs: 10_000 });
    const handoffTimer = startHandoffTimer(services, { rolloverSeconds: config.handoffRolloverSeconds, escalationAlertSeconds: config.handoffEscalationAlertSeconds });
    // The demo's simulated history (ADR 0037) is written after the server listens, so the console
    // opens at once; consoles see it arrive as they refresh. Only on a database seeded just now.
    const historyStop = new AbortController();
    const history = seeded?.seeded && config.demoHistoryDays > 0 ? backgroundHistory(services, config.demoHistoryDays, historyStop.signal) : Promise.resolve();
    return {
      url, app: liveApp, services, hub: liveHub, config, demo,
      close: async () => {
        liveHub.closeAll(1001, 'the server is shutting down; reconnect shortly');
        // Browsers hold pre-connected sockets that never send a request, and Node waits for them
        // until its headers timeout (a minute): in-flight requests get a grace period, then every
        // connection is closed, so a restart never stalls on an idle console.
        const force = setTimeout(() => liveApp.server.closeAllConnections(), CLOSE_GRACE_MS);
        force.unref();
        try {
          await liveApp.close();
        } finally {
          clearTimeout(force);
        }
        historyStop.abort();
        await history;
        await pruner.stop();
        await eidoDelivery.stop();
        await handoffTimer.stop();
        await liveHub.stop();
        if (!givenDatabase) await database.close();
      },
    };
  } catch (err) {
    // Undo in reverse: the HTTP server, the feed's listener, then the database (and its lock).
    await app?.close().catch(() => {});
    await hub?.stop().catch(() => {});
    if (!givenDatabase) await database.close().catch(() => {});
    throw err;
  }
}

/** Structured logs. Headers and bodies are never logged: they carry credentials and health data. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'body', 'req.body'], remove: true },
  });
}

/** Writes the demo's history, logging its progress and how long it took; a failure is logged, never fatal to a running demo. */
async function backgroundHistory(services: Services, days: number, signal: AbortSignal): Promise<void> {
  services.logger.info({ days }, 'demo history: simulating the demo region\'s last days (in the background; the console is open)');
  try {
    const r = await writeDemoHistory(services, days, signal);
    services.logger.info(
      { incidents: r.incidents, episodes: r.episodes, auditRows: r.auditRows, simulateSeconds: +r.simulateSeconds.toFixed(1), writeSeconds: +r.writeSeconds.toFixed(1) },
      'demo history: written, every record flagged simulated',
    );
  } catch (err) {
    services.logger.error({ err }, 'demo history: not written');
  }
}
