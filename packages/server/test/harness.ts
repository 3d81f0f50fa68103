import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { openTestDatabase, type TestDatabase } from '../../storage/test/harness.ts';
import type { Logger } from 'pino';
import type { ConfigInput } from '../src/config.ts';
import { startServer, type RunningServer } from '../src/index.ts';

export interface TestServer {
  server: RunningServer;
  url: string;
  db: TestDatabase;
  close(): Promise<void>;
}

/** A real server on a port of its own over a database of its own, seeded with the demo region. */
export async function startTestServer(
  opts: { seedDemo?: boolean; config?: ConfigInput; clock?: () => Date; logger?: Logger } = {},
): Promise<TestServer> {
  const db = await openTestDatabase();
  const server = await startServer({
    database: db.database,
    port: 0,
    host: '127.0.0.1',
    seedDemo: opts.seedDemo ?? true,
    logLevel: 'silent',
    feedChannel: db.feedChannel,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...opts.config,
  });
  return {
    server,
    url: server.url,
    db,
    close: async () => {
      await server.close();
      await db.cleanup();
    },
  };
}

/**
 * Two server processes' worth of servers on one PostgreSQL database (each with its own pool and
 * LISTEN connection, as separate processes have): `a` seeds the demo region, `b` finds it there.
 */
export async function startTwoServers(): Promise<{ a: RunningServer; b: RunningServer; close(): Promise<void> }> {
  const db = await openTestDatabase();
  const a = await startServer({ database: db.database, port: 0, host: '127.0.0.1', logLevel: 'silent', feedChannel: db.feedChannel, seedDemo: true });
  const b = await startServer({ database: await db.reopen(), port: 0, host: '127.0.0.1', logLevel: 'silent', feedChannel: db.feedChannel, seedDemo: false });
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await db.cleanup();
    },
  };
}

/** A signed-in console as a test sees it: cookie, CSRF token, and JSON helpers. */
export interface Session {
  cookie: string;
  csrf: string;
  role: string;
  userId: string;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function signIn(url: string, username: string, password = 'continuum-demo'): Promise<Session> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; role: string; user: { id: string } };
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return {
    cookie,
    csrf: body.csrfToken,
    role: body.role,
    userId: body.user.id,
    get: (path) => fetch(`${url}${path}`, { headers: { cookie } }),
    post: (path, payload, headers = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': body.csrfToken, 'idempotency-key': randomUUID(), ...headers },
        body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      }),
  };
}

/** A valid new-call body, with overrides. */
export const buildIncidentInput = (overrides: Record<string, unknown> = {}) => ({
  entryPoint: '911',
  summary: 'Caller says her brother is hearing voices and has not slept for days',
  location: { address: '204 S Race St, Urbana, IL', lat: 40.1098, lon: -88.2084 },
  caller: { name: 'Ana Diaz', callbackNumber: '+1 217 555 0142' },
  person: { name: 'Luis Diaz', age: 29 },
  safetyFlags: ['dog on premises'],
  ...overrides,
});

/** A port free now, for a server whose address must be known before it starts (an OIDC redirect URI). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
