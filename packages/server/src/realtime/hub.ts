import { agenciesInReach, can, reachOf, type BreakGlassGrant, type Principal, type SharingAgreement } from '@continuum/domain';
import type { FeedMessage } from '@continuum/contracts';
import type { FeedEntry, Store } from '@continuum/storage';
import type { Logger } from 'pino';

/** One connected console. */
export interface FeedClient {
  principal: Principal;
  /** The session it signed in with, so that revoking the session closes the socket at once. */
  sessionIdHash: string | null;
  /** When its session or token expires: the socket closes then, as at a revocation. */
  expiresAt?: Date | null;
  send(message: FeedMessage): void;
  close(code: number, reason: string): void;
  /** Highest feed position this client has been brought up to. */
  position: number;
  catchingUp: boolean;
  grants: BreakGlassGrant[];
}

const PAGE = 500;
/** setTimeout's longest delay; longer expiries (a year's token) re-arm on the way. */
const MAX_TIMER_MS = 2_147_000_000;
/** A console further behind than this gets `reset` (refetch everything) instead of a replay. */
const MAX_BACKLOG = 5_000;

/**
 * Pushes invalidations of committed changes to the consoles allowed to see them. Woken by
 * PostgreSQL NOTIFY, it reads the change feed table, so every server process on one database
 * sees every change, and a console that reconnects with its last position misses nothing.
 * Who may hear of what follows the API's own rule (`reachOf`), with the agreements in force.
 */
export class FeedHub {
  #clients = new Set<FeedClient>();
  #expiries = new Map<FeedClient, NodeJS.Timeout>();
  #position = 0;
  #draining: Promise<void> | null = null;
  #again = false;
  #unlisten: (() => Promise<void>) | null = null;
  #agreements: SharingAgreement[] = [];

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(): Promise<void> {
    this.#position = await this.store.read.feed.head();
    this.#agreements = await this.store.read.sharing.current();
    this.#unlisten = await this.store.database.listen(this.store.feedChannel, () => this.wake());
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    await this.#draining;
    for (const timer of this.#expiries.values()) clearTimeout(timer);
    this.#expiries.clear();
    this.#clients.clear();
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** Registers a console and brings it up to date from `after` (or the head when absent). */
  async add(client: Omit<FeedClient, 'position' | 'catchingUp' | 'grants'>, after: number | null): Promise<FeedClient> {
    const c: FeedClient = { ...client, position: Math.min(after ?? this.#position, this.#position), catchingUp: true, grants: [] };
    this.#clients.add(c);
    this.#closeAtExpiry(c);
    try {
      c.grants = await this.store.read.sharing.grantsOf(c.principal.userId, this.clock());
      await this.#catchUp(c);
    } finally {
      c.catchingUp = false;
    }
    c.send({ type: 'ready', position: c.position });
    return c;
  }

  remove(client: FeedClient): void {
    this.#clients.delete(client);
    clearTimeout(this.#expiries.get(client));
    this.#expiries.delete(client);
  }

  /**
   * A session or token reaching its expiry closes its sockets at once. Each server process times
   * its own sockets, so every process closes them without a message between them.
   */
  #closeAtExpiry(c: FeedClient): void {
    if (!c.expiresAt) return;
    const left = c.expiresAt.getTime() - this.clock().getTime();
    if (left <= 0) {
      c.close(4401, 'the session has expired');
      this.remove(c);
      return;
    }
    const timer = setTimeout(() => (left > MAX_TIMER_MS ? this.#closeAtExpiry(c) : (c.close(4401, 'the session has expired'), this.remove(c))), Math.min(left, MAX_TIMER_MS));
    timer.unref();
    this.#expiries.set(c, timer);
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
      await this.#applyControl(entries);
      for (const client of this.#clients) {
        if (!client.catchingUp) this.#deliver(client, entries);
      }
      this.#position = entries.at(-1)!.position;
      if (entries.length < PAGE) return;
    }
  }

  /** Changes to access itself: agreements, break-glass grants and revoked sessions. */
  async #applyControl(entries: FeedEntry[]): Promise<void> {
    if (entries.some((e) => e.entityType === 'sharing_agreement')) this.#agreements = await this.store.read.sharing.current();
    for (const e of entries) {
      if (e.entityType === 'break_glass') {
        for (const c of this.#clients) if (c.principal.userId === e.entityId) c.grants = await this.store.read.sharing.grantsOf(e.entityId, this.clock());
      }
      if (e.entityType === 'session_revoked') {
        for (const c of this.#clients) {
          if (c.sessionIdHash === e.entityId || (e.entityId === `user:${c.principal.userId}`)) {
            c.close(4401, 'the session has ended');
            this.remove(c);
          }
        }
      }
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
    const now = this.clock();
    for (const e of entries) {
      if (e.position <= client.position) continue;
      client.position = e.position;
      if (!this.#mayReceive(client, e, now)) continue;
      client.send({ type: 'invalidate', entity: e.entityType, id: e.entityId, version: e.version, position: e.position });
    }
  }

  #mayReceive(c: FeedClient, e: FeedEntry, now: Date): boolean {
    if (!can(c.principal, 'feed.subscribe')) return false;
    switch (e.entityType) {
      case 'person':
        // The same reach as a read: a person's invalidation says only that something changed.
        return can(c.principal, 'person.read') && reachOf(c.principal, { id: e.entityId, agencyId: e.agencyId }, this.#agreements, now) !== null;
      case 'incident':
        return reachOf(c.principal, { id: e.entityId, agencyId: e.agencyId }, this.#agreements, now, c.grants) !== null;
      case 'unit':
        // A status change, never a fix (ADR 0010): heard by those who may list the unit's agency.
        return can(c.principal, 'incident.read') && agenciesInReach(c.principal, this.#agreements, now).includes(e.agencyId);
      case 'facility':
        // A directory entry and its figure hold no personal data: every reader of its region.
        return e.regionId === c.principal.regionId;
      case 'privacy_alert':
        return can(c.principal, 'privacy.alerts');
      case 'followup_episode':
        // Clinical care records: only the follow-up care team, and only within reach.
        return can(c.principal, 'followup.read') && reachOf(c.principal, { id: e.entityId, agencyId: e.agencyId }, this.#agreements, now, c.grants) !== null;
      default:
        // Access-control entries are for the hubs, never for consoles.
        return false;
    }
  }
}
