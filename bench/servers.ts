import { startServer, type RunningServer } from '@continuum/server';
import pg from 'pg';
import type { BenchRow } from './table.ts';

export type DatabaseUnderTest = 'pglite' | 'postgres';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * Runs `measure` against a server with the demo region on the database under test: in-memory
 * PGlite, or a fresh schema on PostgreSQL (BENCH_DATABASE_URL) that is dropped afterwards, so a
 * benchmark never touches real data. An unreachable PostgreSQL gives one "skipped" row.
 */
export async function withBenchServer(kind: DatabaseUnderTest, label: string, measure: (server: RunningServer) => Promise<BenchRow[]>): Promise<BenchRow[]> {
  if (kind === 'pglite') {
    const server = await startPGlite();
    try {
      return await measure(server);
    } finally {
      await server.close();
    }
  }
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  admin.on('error', () => {});
  try {
    await admin.connect();
  } catch (err) {
    const note = `PostgreSQL unreachable at ${redact(url)} (${(err as Error).message || (err as { code?: string }).code}); set BENCH_DATABASE_URL to measure it`;
    process.stdout.write(`note: skipping PostgreSQL: ${note}\n`);
    await admin.end().catch(() => {});
    return [{ name: 'skipped', value: '—', baseline: '—', ratio: '—', note }];
  }
  const schema = `bench_${label}_${Date.now().toString(36)}_${process.pid}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: url, databaseSchema: schema, seedDemo: true, logLevel: 'warn' });
    try {
      return await measure(server);
    } finally {
      await server.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((err: Error) =>
      process.stderr.write(`warning: could not drop schema ${schema}: ${err.message}\n`));
    await admin.end().catch(() => {});
  }
}

/** Starts on in-memory PGlite even when DATABASE_URL is set in the environment. */
async function startPGlite(): Promise<RunningServer> {
  const saved = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  let started: Promise<RunningServer>;
  try {
    // The configuration is read synchronously, before startServer's first await.
    started = startServer({ port: 0, host: '127.0.0.1', memory: true, seedDemo: true, logLevel: 'warn' });
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
  const server = await started;
  if (server.services.store.database.kind !== 'pglite') {
    await server.close();
    throw new Error(`expected PGlite, got ${server.services.store.database.kind}`);
  }
  return server;
}
