import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashTrial } from './crash-trial.ts';

// kill -9 under load on PostgreSQL: nothing acknowledged is lost and a console resuming the feed
// hears each call exactly once. `npm run bench` runs ten kills. The `postgres` project only.
if (!process.env.TEST_DATABASE_URL) throw new Error('kill-nine.pg tests need TEST_DATABASE_URL');
const dbName = `continuum_kill9_${Date.now()}_${process.pid}`;
const url = (() => {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const onServer = async (statement: string) => {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  await client.query(statement).finally(() => client.end());
};
beforeAll(() => onServer(`CREATE DATABASE ${dbName}`));
afterAll(() => onServer(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));

describe('kill -9 under load — PostgreSQL', () => {
  it('keeps every acknowledged call with its events, audit and feed rows, and the feed resumes exactly once', async () => {
    const report = await crashTrial({ kind: 'postgres', url }, { kills: 2 });
    process.stdout.write(`kill -9 on PostgreSQL: ${JSON.stringify(report)}\n`);
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report).toMatchObject({ kills: 2, lost: 0, missingEvents: 0, missingAudit: 0, missingFeed: 0, feedNotOnce: 0 });
  }, 600_000);
});
