import { can, withinReach, type Principal } from '@continuum/domain';
import type { FeedMessage } from '@continuum/contracts';
import type { FeedEntry, Store } from '@continuum/storage';
import type { Logger } from 'pino';

/** One connected console. */
export interface FeedClient {
  principal: Principal;
  send(message: FeedMessage): void;
  /** Highest feed position this client has been brought up to. */
  position: number;
  catchingUp: boolean;
}

const PAGE = 500;
/** A console further behind than this gets `reset` (refetch everything) instead of a replay. */
const MAX_BACKLOG = 5_000;

/**
 * Pushes invalidations of committed changes to the consoles allowed to see them. Woken by
 * PostgreSQL NOTIFY, it reads the change feed table, so every server process on one database
 * sees every change, and a console that reconnects with its last position misses nothing.
 */
export class FeedHub {
  #clients = new Set<FeedClient>();
  #position = 0;
  #draining: Promise<void> | null = null;
  #again = false;
  #unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.#position = await this.store.read.feed.head();
    this.#unlisten = await this.store.database.listen(this.store.feedChannel, () => this.wake());
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    await this.#draining;
    this.#clients.clear();
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Registers a console and brings it up to date from `after` (or the head when absent). */
  async add(client: Omit<FeedClient, 'position' | 'catchingUp'>, after: number | null): Promise<FeedClient> {
    const c: FeedClient = { ...client, position: after ?? this.#position, catchingUp: true };
    this.#clients.add(c);
    try {
      await this.#catchUp(c);
    } finally {
      c.catchingUp = false;
    }
    c.send({ type: 'ready', position: c.position });
    return c;
  }

  remove(client: FeedClient): void {
    this.#clients.delete(client);
  }

  /** Called on NOTIFY (and after a listener reconnects): drain what committed since last time. */
  wake(): void {
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.#drain()
      .catch((err) => this.logger.warn({ err: { message: (err as Error).message } }, 'feed drain failed; will retry on the next change'))
      .finally(() => {
        this.#draining = null;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  async #drain(): Promise<void> {
    for (;;) {
      const entries = await this.store.read.feed.after(this.#position, PAGE);
      if (entries.length === 0) return;
      for (const client of this.#clients) {
        if (!client.catchingUp) this.#deliver(client, entries);
      }
      this.#position = entries.at(-1)!.position;
      if (entries.length < PAGE) return;
    }
  }

  async #catchUp(c: FeedClient): Promise<void> {
    let replayed = 0;
    // Loop until the client is level with the hub: changes the hub drained while this client was
    // catching up were skipped for it, so they are read again here.
    while (c.position < this.#position || replayed === 0) {
      const entries = await this.store.read.feed.after(c.position, PAGE);
      replayed += entries.length || 1;
      if (replayed > MAX_BACKLOG) {
        c.position = Math.max(this.#position, await this.store.read.feed.head());
        c.send({ type: 'reset', position: c.position });
        return;
      }
      this.#deliver(c, entries);
      if (entries.length < PAGE && c.position >= this.#position) return;
    }
  }

  #deliver(client: FeedClient, entries: FeedEntry[]): void {
    for (const e of entries) {
      if (e.position <= client.position) continue;
      client.position = e.position;
      if (!mayReceive(client.principal, e)) continue;
      client.send({ type: 'invalidate', entity: e.entityType, id: e.entityId, version: e.version, position: e.position });
    }
  }
}

/** The same reach rule as the API: a console is told only of changes it could read. */
const mayReceive = (p: Principal, e: FeedEntry): boolean => can(p, 'feed.subscribe') && withinReach(p, e);
