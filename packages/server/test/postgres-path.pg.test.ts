import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../storage/test/harness.ts';
import { startServer } from '../src/index.ts';
import { openFeed } from './feed-client.ts';
import { buildIncidentInput, signIn, startTwoServers } from './harness.ts';

// Only PostgreSQL has more than one process on one database, and a server that can go away:
// this file runs in the `postgres` project, which exists only when TEST_DATABASE_URL is set.
if (!process.env.TEST_DATABASE_URL) throw new Error('postgres-path tests need TEST_DATABASE_URL');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('two server processes on one PostgreSQL database', () => {
  it('a console on one server sees a change made through the other (LISTEN/NOTIFY)', async () => {
    const { a, b, close } = await startTwoServers();
    cleanups.push(close);
    const watcher = await signIn(a.url, 'dispatcher');
    const probe = await openFeed(a.url, { cookie: watcher.cookie });
    await probe.waitFor((m) => m.type === 'ready');
    const taker = await signIn(b.url, 'telecom');
    const res = await taker.post('/api/incidents', buildIncidentInput());
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    const heard = await probe.waitFor((m) => m.type === 'invalidate' && m.id === created.id);
    expect(heard).toMatchObject({ entity: 'incident', id: created.id, version: 1 });
    probe.close();
  });
});

describe('when PostgreSQL goes away', () => {
  it('requests fail fast with 503, and the server recovers by itself when it is back', async () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    const sockets = new Set<net.Socket>();
    let accepting = true;
    // A proxy we can cut: the server's only way to the database.
    const proxy = net.createServer((client) => {
      if (!accepting) return client.destroy();
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => { client.destroy(); upstream.destroy(); };
      client.on('error', drop); upstream.on('error', drop);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;
    const db = await openTestDatabase();
    const schema = (await db.database.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s;
    const viaProxy = `postgres://${target.username}@127.0.0.1:${port}${target.pathname}`;
    const server = await startServer({ databaseUrl: viaProxy, databaseSchema: schema, port: 0, host: '127.0.0.1', logLevel: 'silent', feedChannel: db.feedChannel, seedDemo: true });
    cleanups.push(async () => {
      await server.close();
      proxy.close();
      await db.cleanup();
    });
    const s = await signIn(server.url, 'dispatcher');
    expect((await s.get('/api/incidents')).status).toBe(200);

    accepting = false;
    for (const sock of sockets) sock.destroy();
    const started = Date.now();
    const down = await s.get('/api/incidents');
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);

    accepting = true;
    await expect.poll(async () => (await s.get('/api/incidents')).status, { timeout: 10_000, interval: 250 }).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
