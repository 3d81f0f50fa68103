import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../storage/test/harness.ts';
import { createUser, disableAccount, startServer } from '../src/index.ts';
import { openFeed } from './feed-client.ts';
import { signIn } from './harness.ts';

// Account changes close live feeds in EVERY server process: only PostgreSQL has more than one
// process on one database (the `postgres` project, which exists only when TEST_DATABASE_URL is set).
if (!process.env.TEST_DATABASE_URL) throw new Error('accounts.pg tests need TEST_DATABASE_URL');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('account lifecycle across two server processes', () => {
  it('disabling an account or ending its membership on one server closes its feeds on the other at once', async () => {
    const db = await openTestDatabase();
    const a = await startServer({ database: db.database, port: 0, host: '127.0.0.1', logLevel: 'silent', feedChannel: db.feedChannel, seedDemo: true });
    const b = await startServer({ database: await db.reopen(), port: 0, host: '127.0.0.1', logLevel: 'silent', feedChannel: db.feedChannel, seedDemo: false });
    cleanups.push(async () => {
      await a.close();
      await b.close();
      await db.cleanup();
    });
    await createUser(a.services, 'system', { username: 'mcrt.admin', displayName: 'Mina Admin', password: 'blue-heron-passphrase', role: 'administrator', agencyId: 'champaign-mcrt' });
    const admin = await signIn(b.url, 'mcrt.admin', 'blue-heron-passphrase');
    const post = (path: string, body: unknown) =>
      fetch(`${b.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'idempotency-key': randomUUID() }, body: JSON.stringify(body) });

    const peer = await signIn(a.url, 'peer');
    const peerFeed = await openFeed(a.url, { cookie: peer.cookie });
    await peerFeed.waitFor((m) => m.type === 'ready');
    expect((await post(`/api/users/${peer.userId}/disable`, { reason: 'left the team' })).status).toBe(200);
    expect(await peerFeed.closed).toBe(4401);

    const clinician = await signIn(a.url, 'clinician');
    const clinicianFeed = await openFeed(a.url, { cookie: clinician.cookie });
    await clinicianFeed.waitFor((m) => m.type === 'ready');
    expect((await post(`/api/users/${clinician.userId}/memberships/end`, { agencyId: 'champaign-mcrt', role: 'mcrt_clinician' })).status).toBe(200);
    expect(await clinicianFeed.closed).toBe(4401);

    // The command line is another process too: its change reaches the servers through the feed.
    const dispatcher = await signIn(a.url, 'dispatcher');
    const dispatcherFeed = await openFeed(a.url, { cookie: dispatcher.cookie });
    await dispatcherFeed.waitFor((m) => m.type === 'ready');
    await disableAccount(b.services, 'system', dispatcher.userId, 'from the command line');
    expect(await dispatcherFeed.closed).toBe(4401);
  });
});
