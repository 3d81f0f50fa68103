import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { durableStartParams, SyncingNodeFS } from './durable-nodefs.ts';
import { PGlitePool } from './pglite-pool.ts';
import { PgListener } from './pg-listener.ts';
import type { Tables } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseOptions {
  /** postgres://… selects a PostgreSQL server; absent selects the embedded PGlite. */
  url?: string;
  /** PGlite data folder; absent (or `memory`) keeps the database in memory. */
  dataDir?: string;
  memory?: boolean;
  /**
   * Whether the embedded database syncs each commit to the disk before acknowledging it
   * (ADR 0024). Default true: an acknowledged call survives a power cut. False is PGlite's own
   * behaviour, faster, and loses the last commits on a power cut or a kernel crash (a killed
   * process loses nothing either way). Ignored in memory and on PostgreSQL.
   */
  fsync?: boolean;
  /** A PGlite data-folder dump to start from (tests clone a migrated template this way). */
  template?: Blob;
  /** PostgreSQL schema to work in; tests give each file its own. */
  schema?: string;
  /** Pool size on PostgreSQL. */
  maxConnections?: number;
  /** How long PostgreSQL may make a request wait (ADR 0022); absent fields keep the defaults. */
  timeouts?: Partial<DatabaseTimeouts>;
}

/**
 * Bounds on every wait in PostgreSQL, so that one stalled process cannot stall the region
 * (ADR 0022). Each ends the statement or the session with an error the HTTP layer answers
 * as 503 with Retry-After. PGlite is one connection in this process and enforces none of them.
 */
export interface DatabaseTimeouts {
  /** A statement running longer is cancelled by the server (57014). */
  statementMs: number;
  /** Waiting longer for a lock (a row, or the feed's order lock) fails the statement (55P03). */
  lockMs: number;
  /**
   * A transaction whose client sends nothing for this long is ended by the server and its locks
   * released (25P03): a frozen or partitioned process cannot hold the feed lock for longer.
   */
  idleInTransactionMs: number;
  /** The client stops waiting for an answer (the server itself is unreachable mid-query). */
  readMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  statementMs: 10_000,
  lockMs: 5_000,
  idleInTransactionMs: 5_000,
  readMs: 15_000,
};

/** An open database: the typed query builder plus the few things Kysely does not cover. */
export interface Database {
  kind: DatabaseKind;
  db: Kysely<Tables>;
  /** Subscribes to a NOTIFY channel; returns the unsubscribe. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  /** A PGlite data-folder dump (for test templates); PostgreSQL has none. */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

const INT8 = 20;

/** Opens PGlite or PostgreSQL behind one interface; the same migrations and queries run on both. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPGlite(options);
}

async function openPGlite(options: DatabaseOptions): Promise<Database> {
  const dataDir = options.memory || !options.dataDir ? undefined : options.dataDir;
  // One process per folder: a second opener is refused before PGlite touches the files.
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  const releaseOnExit = () => unlock();
  if (dataDir) process.once('exit', releaseOnExit);
  // The options-object form: `new PGlite(undefined, {loadDataDir})` silently ignores the dump.
  const durable = dataDir !== undefined && options.fsync !== false;
  const pglite = new PGlite({
    ...(durable ? { fs: new SyncingNodeFS(dataDir), startParams: durableStartParams() } : dataDir ? { dataDir } : {}),
    ...(options.template ? { loadDataDir: options.template } : {}),
  });
  try {
    await pglite.waitReady;
  } catch (err) {
    unlock();
    process.off('exit', releaseOnExit);
    throw err;
  }
  const pool = new PGlitePool(pglite);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: pool as never }) });
  return {
    kind: 'pglite',
    db,
    listen: async (channel, onPayload) => {
      const unlisten = await pglite.listen(channel, onPayload);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    ping: async () => {
      if (pglite.closed) throw new Error('the embedded database is closed');
      await pglite.query('SELECT 1');
    },
    dump: () => pglite.dumpDataDir('none'),
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
      process.off('exit', releaseOnExit);
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  const config: pg.PoolConfig = {
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Fail fast when the server is gone, so requests get a 503 in about a second, not a hang.
    connectionTimeoutMillis: 1500,
    query_timeout: timeouts.readMs,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    idleTimeoutMillis: 30_000,
    types: { getTypeParser: ((oid: number, format?: string) =>
      oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as never },
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  };
  const pool = new pg.Pool(config);
  // A dropped connection must not crash the process. pg emits 'error' on a checked-out client
  // that loses its server, and Kysely listens for none: the query itself still rejects, and the
  // pool replaces the client.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const listeners: PgListener[] = [];
  return {
    kind: 'postgres',
    db,
    listen: async (channel, onPayload) => {
      const listener = new PgListener({ ...config, max: undefined } as pg.ClientConfig, channel, onPayload);
      await listener.start();
      listeners.push(listener);
      return () => listener.stop();
    },
    ping: async () => {
      const client = await pool.connect();
      try {
        await client.query('SELECT 1');
      } finally {
        client.release();
      }
    },
    close: async () => {
      await Promise.all(listeners.map((l) => l.stop()));
      await db.destroy();
    },
  };
}
