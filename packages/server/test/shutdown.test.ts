import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './harness.ts';

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
});
