import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { openFeed } from './feed-client.ts';
import { signIn, startTestServer } from './harness.ts';

describe('closing the server', () => {
  it('does not wait for a pre-connected socket that never sends a request (browsers open them)', async () => {
    const t = await startTestServer({ seedDemo: false });
    const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.on('connect', resolve));
    const closedByServer = new Promise((resolve) => socket.on('close', resolve));
    await t.close();
    await closedByServer;
    expect(socket.destroyed).toBe(true);
  });

  it('closes every console\'s feed socket with 1001 (going away), so consoles know to reconnect', async () => {
    const t = await startTestServer();
    const dispatcher = await signIn(t.url, 'dispatcher');
    const telecom = await signIn(t.url, 'telecom');
    const consoles = [await openFeed(t.url, { cookie: dispatcher.cookie }), await openFeed(t.url, { cookie: telecom.cookie })];
    for (const c of consoles) await c.waitFor((m) => m.type === 'ready');
    await t.close();
    const codes = await Promise.all(consoles.map((c) => c.closed));
    expect(codes).toEqual([1001, 1001]);
  });
});
