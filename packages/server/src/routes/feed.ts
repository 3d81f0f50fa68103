import { FEED_PATH, type FeedServerMessage } from '@continuum/contracts';
import { can, forbidden } from '@continuum/domain';
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../auth/authenticate.ts';
import { principalOf } from '../http/request.ts';
import { clientMessageHandler } from '../realtime/client-messages.ts';
import { feedIngest } from '../realtime/feed-ingest.ts';
import type { FeedHub } from '../realtime/hub.ts';
import type { Services } from '../services/context.ts';
import type { UnitSettings } from '../services/dispatch/units.ts';

const textOf = (data: Buffer | ArrayBuffer | Buffer[]): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');

/** Bytes waiting on a console's socket above which pushed fixes are skipped for it. */
const MAX_BUFFERED_FIXES = 1 << 20;

/**
 * The live feed over WebSocket. `?after=N` resumes from the last position a console saw, so a
 * reconnect misses nothing. Invalidations carry no personal data. Field devices may also send
 * their fixes on the same socket (`positions`), answered by id (realtime/client-messages.ts).
 */
export function feedRoutes(app: FastifyInstance, hub: FeedHub, services: Services, settings: UnitSettings): void {
  // Shared by every socket, so that concurrent devices' fixes share statements (docs/adr/0015).
  const ingest = feedIngest(services.store);
  app.get(FEED_PATH, { websocket: true, config: { action: 'feed.subscribe' }, schema: { hide: true } }, (socket, req) => {
    const principal = principalOf(req);
    if (!can(principal, 'feed.subscribe')) {
      socket.close(4403, forbidden().message);
      return;
    }
    const raw = (req.query as { after?: string }).after;
    const after = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
    const send = (m: FeedServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(m));
    };
    // Pushed fixes are dropped for a console that cannot keep up: the next ones supersede them,
    // and invalidations (sent above, never dropped) are what must not be lost (ADR 0038).
    const sendText = (text: string) => {
      if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_FIXES) socket.send(text);
    };
    let closed = false;
    let client: Awaited<ReturnType<FeedHub['add']>> | null = null;
    socket.on('close', () => {
      closed = true;
      if (client) hub.remove(client);
    });
    const close = (code: number, reason: string) => socket.close(code, reason);
    const onMessage = clientMessageHandler(
      services,
      settings,
      { authorization: req.headers.authorization, sessionCookie: req.cookies[SESSION_COOKIE], address: req.ip ?? null },
      { reply: send, close },
      ingest,
    );
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => onMessage(textOf(data)));
    hub.add({ principal, send, sendText, close, sessionIdHash: req.auth?.credentialKey ?? null, expiresAt: req.auth?.expiresAt ?? null }, after).then(
      (c) => {
        client = c;
        if (closed) hub.remove(c);
      },
      () => socket.close(1011, 'the feed is unavailable; reconnect shortly'),
    );
  });
}
