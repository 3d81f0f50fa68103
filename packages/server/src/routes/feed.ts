import { FEED_PATH, type FeedMessage } from '@continuum/contracts';
import { can, forbidden } from '@continuum/domain';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../http/request.ts';
import type { FeedHub } from '../realtime/hub.ts';

/**
 * The live feed over WebSocket. `?after=N` resumes from the last position a console saw, so a
 * reconnect misses nothing. Messages are invalidations only: no personal data travels here.
 */
export function feedRoutes(app: FastifyInstance, hub: FeedHub): void {
  app.get(FEED_PATH, { websocket: true, config: { action: 'feed.subscribe' }, schema: { hide: true } }, (socket, req) => {
    const principal = principalOf(req);
    if (!can(principal, 'feed.subscribe')) {
      socket.close(4403, forbidden().message);
      return;
    }
    const raw = (req.query as { after?: string }).after;
    const after = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
    const send = (m: FeedMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    let closed = false;
    let client: Awaited<ReturnType<FeedHub['add']>> | null = null;
    socket.on('close', () => {
      closed = true;
      if (client) hub.remove(client);
    });
    // Consoles only listen; anything they send is ignored.
    socket.on('message', () => {});
    const close = (code: number, reason: string) => socket.close(code, reason);
    hub.add({ principal, send, close, sessionIdHash: req.auth?.sessionIdHash ?? null }, after).then(
      (c) => {
        client = c;
        if (closed) hub.remove(c);
      },
      () => socket.close(1011, 'the feed is unavailable; reconnect shortly'),
    );
  });
}
