import { agenciesInReach, can, CONTACT_MESSAGE_CLASS, reachOf, type BreakGlassGrant, type HandoffGrant, type Part2Consent, type Part2Record, type Principal, type SharingAgreement } from '@continuum/domain';
import type { FeedMessage } from '@continuum/contracts';
import { randomUUID } from 'node:crypto';
import type { FeedEntry, Store } from '@continuum/storage';
import type { Logger } from 'pino';
import { PART2_FEED_ENTITY } from '../services/incident/part2.ts';
import { CONTACT_MESSAGE_FEED_ENTITY } from '../services/incident/transcript.ts';
import { reachOver } from '../services/reach.ts';
import { decodeRelay, encodeRelay, fanOutFixes, positionReach, type PositionPublisher, type StoredFix } from './positions-relay.ts';

/** One connected console. */
export interface FeedClient {
  principal: Principal;
  /** The session it signed in with, so that revoking the session closes the socket at once. */
  sessionIdHash: string | null;
  /** When its session or token expires: the socket closes then, as at a revocation. */
  expiresAt?: Date | null;
  send(message: FeedMessage): void;
  /** Sends text already encoded: pushed fixes, encoded once for many consoles; without it, none are pushed. */
  sendText?(text: string): void;
  close(code: number, reason: string): void;
  /** Highest feed position this client has been brought up to. */
  position: number;
  catchingUp: boolean;
  grants: BreakGlassGrant[];
}

/** What decides who may hear of a Part 2 change, loaded once for a page of feed entries. */
interface Part2Access {
  part2: ReadonlyMap<string, Part2Record>;
  links: ReadonlyMap<string, string>;
  consents: readonly Part2Consent[];
}

const PAGE = 500;
/** setTimeout's longest delay; longer expiries (a year's token) re-arm on the way. */
const MAX_TIMER_MS = 2_147_000_000;
/**
 * A console further behind than this gets `reset` (refetch everything) instead of a replay; so
 * does one resuming from a position the retention job has pruned (ADR 0023).
 */
const MAX_BACKLOG = 5_000;

/** How long a console's reach over unit positions is reused before it is worked out again. */
const REACH_TTL_MS = 10_000;
const FIX_CHANNEL_SUFFIX = 'positions';
/** The shortest time between two pushes of fixes to the consoles (see publish). */
export const FIX_FLUSH_MS = 40;

/**
 * Pushes invalidations of committed changes to the consoles allowed to see them. Woken by
 * PostgreSQL NOTIFY, it reads the change feed table, so every server process on one database
 * sees every change, and a console that reconnects with its last position misses nothing.
 * Who may hear of what follows the API's own rule (`reachOf`), with the agreements in force.
 */
export class FeedHub implements PositionPublisher {
  #clients = new Set<FeedClient>();
  #expiries = new Map<FeedClient, NodeJS.Timeout>();
  #position = 0;
  #draining: Promise<void> | null = null;
  #again = false;
  #unlisten: (() => Promise<void>) | null = null;
  #agreements: SharingAgreement[] = [];
  /** Bumped whenever the agreements are read again, so each console's position reach is too. */
  #agreementsEpoch = 0;
  #reach = new WeakMap<FeedClient, { epoch: number; until: number; agencies: ReadonlySet<string> }>();
  #fixes: StoredFix[] = [];
  #fixFlush: NodeJS.Timeout | null = null;
  /** When fixes last went out (ms): the next send waits out FIX_FLUSH_MS from it. */
  #fixFlushedAt = 0;
  #unlistenFixes: (() => Promise<void>) | null = null;
  /** Tags this process's NOTIFY payloads of fixes, so that it skips its own. */
  readonly #origin = randomUUID();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(): Promise<void> {
    this.#position = await this.store.read.feed.head();
    this.#agreements = await this.store.read.sharing.current();
    this.#unlisten = await this.store.database.listen(this.store.feedChannel, () => this.wake());
    // Fixes stored by other processes on the same PostgreSQL (ADR 0038). One process owns a PGlite folder.
    if (this.store.database.kind === 'postgres') {
      this.#unlistenFixes = await this.store.database.listen(this.#fixChannel, (payload) => {
        const fixes = decodeRelay(this.#origin, payload);
        if (fixes) this.#fanOut(fixes);
      });
    }
  }

  get #fixChannel(): string {
    return `${this.store.feedChannel}_${FIX_CHANNEL_SUFFIX}`;
  }

  /**
   * Pushes fixes just stored to the consoles that may read their units (ADR 0038): those of
   * this process at once, those of other processes through NOTIFY. Fixes go out at most once
   * every FIX_FLUSH_MS, as one message per console: the first fix after a quiet spell goes at
   * once, and under load the fixes of that window share one send. A profile of 2,000 fixes a
   * second to 100 boards showed the sends themselves (one socket write per board per turn of the
   * event loop) as the largest cost of the process; the window bounds them to 1000 / FIX_FLUSH_MS
   * per board per second, whatever the fix rate, for at most FIX_FLUSH_MS more latency.
   */
  publish(fixes: readonly StoredFix[]): void {
    if (fixes.length === 0) return;
    this.#fixes.push(...fixes);
    if (this.#fixFlush) return;
    const wait = Math.max(0, this.#fixFlushedAt + FIX_FLUSH_MS - Date.now());
    this.#fixFlush = setTimeout(() => {
      const batch = this.#fixes;
      this.#fixes = [];
      this.#fixFlush = null;
      this.#fixFlushedAt = Date.now();
      this.#fanOut(batch);
      if (this.store.database.kind === 'postgres') this.#relay(batch);
    }, wait);
  }

  #relay(fixes: StoredFix[]): void {
    this.store.read.feed.notify(FIX_CHANNEL_SUFFIX, encodeRelay(this.#origin, fixes)).catch((err: Error) =>
      this.logger.warn({ err: { message: err.message } }, 'fixes could not be relayed to the other processes'));
  }

  #fanOut(fixes: StoredFix[]): void {
    const now = this.clock();
    const listeners = [...this.#clients].flatMap((c) => (c.sendText ? [{ client: c, principal: c.principal, sendText: c.sendText }] : []));
    fanOutFixes(listeners, fixes, (l) => this.#positionReach(l.client, now));
  }

  #positionReach(c: FeedClient, now: Date): ReadonlySet<string> {
    const cached = this.#reach.get(c);
    if (cached && cached.epoch === this.#agreementsEpoch && cached.until > now.getTime()) return cached.agencies;
    const agencies = positionReach(c.principal, this.#agreements, now);
    this.#reach.set(c, { epoch: this.#agreementsEpoch, until: now.getTime() + REACH_TTL_MS, agencies });
    return agencies;
  }

  async stop(): Promise<void> {
    if (this.#fixFlush) clearTimeout(this.#fixFlush);
    this.#fixFlush = null;
    await this.#unlistenFixes?.();
    await this.#unlisten?.();
    await this.#draining;
    for (const timer of this.#expiries.values()) clearTimeout(timer);
    this.#expiries.clear();
    this.#clients.clear();
  }

  /**
   * Closes every console's socket with `code`. At shutdown that is 1001 (going away), so a console
   * knows to reconnect (to this server once it is back, or another behind the proxy), rather than
   * the bare close (1005) the WebSocket server would send.
   */
  closeAll(code: number, reason: string): void {
    for (const c of this.#clients) c.close(code, reason);
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
      const from = this.#position;
      const entries = await this.store.read.feed.after(from, PAGE);
      if (entries.length === 0) return;
      // A gap may be a pruned range (ADR 0023): this process stalled longer than the feed is
      // kept. Its live consoles may have missed changes, so each is reset rather than replayed.
      if (entries[0]!.position > from + 1 && from < (await this.store.read.retention.feedHorizon())) {
        this.#position = await this.store.read.feed.head();
        for (const client of this.#clients) if (!client.catchingUp) this.#reset(client);
        continue;
      }
      await this.#applyControl(entries);
      const part2 = await this.#part2Access(entries);
      const handoffs = await this.#handoffGrants(entries);
      for (const client of this.#clients) {
        if (!client.catchingUp) this.#deliver(client, entries, part2, handoffs);
      }
      this.#position = entries.at(-1)!.position;
      if (entries.length < PAGE) return;
    }
  }

  /** Changes to access itself: agreements, break-glass grants and revoked sessions. */
  async #applyControl(entries: FeedEntry[]): Promise<void> {
    if (entries.some((e) => e.entityType === 'sharing_agreement')) {
      this.#agreements = await this.store.read.sharing.current();
      this.#agreementsEpoch++;
    }
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
      const from = c.position;
      const entries = await this.store.read.feed.after(from, PAGE);
      replayed += entries.length || 1;
      // Resuming from a pruned position (ADR 0023): the changes after it are no longer all kept.
      // The horizon is read after the page, so a prune racing this read cannot slip between.
      if (replayed > MAX_BACKLOG || from < (await this.store.read.retention.feedHorizon())) {
        this.#reset(c, await this.store.read.feed.head());
        return;
      }
      this.#deliver(c, entries, await this.#part2Access(entries), await this.#handoffGrants(entries));
      if (entries.length < PAGE && c.position >= this.#position) return;
    }
  }

  /** Brings a console to the head without a replay: it refetches what it shows. */
  #reset(c: FeedClient, head = this.#position): void {
    c.position = Math.max(this.#position, head);
    c.send({ type: 'reset', position: c.position });
  }

  /**
   * The Part 2 records, person links and consents of the incidents whose Part 2 stream changed in
   * these entries (none, and no query, when none did).
   */
  async #part2Access(entries: FeedEntry[]): Promise<Part2Access | null> {
    const ids = [...new Set(entries.filter((e) => e.entityType === PART2_FEED_ENTITY).map((e) => e.entityId))];
    if (ids.length === 0) return null;
    const repos = this.store.read;
    const [part2, links] = await Promise.all([repos.part2.recordsOf(ids), repos.people.linksOf(ids)]);
    const consents = await repos.consents.forRecords([...ids, ...new Set(links.values())]);
    return { part2, links, consents };
  }

  /**
   * What open and accepted hand-offs give their receivers over the incidents changed in these
   * entries (ADR 0028): a receiving centre hears of the call it was offered as its readers may
   * read it. No query when no incident changed.
   */
  async #handoffGrants(entries: FeedEntry[]): Promise<HandoffGrant[]> {
    const ids = [...new Set(entries.filter((e) => e.entityType === 'incident' || e.entityType === CONTACT_MESSAGE_FEED_ENTITY).map((e) => e.entityId))];
    return ids.length ? this.store.read.handoffs.grantsFor(ids) : [];
  }

  #deliver(client: FeedClient, entries: FeedEntry[], part2: Part2Access | null, handoffs: HandoffGrant[] = []): void {
    const now = this.clock();
    for (const e of entries) {
      if (e.position <= client.position) continue;
      client.position = e.position;
      if (!this.#mayReceive(client, e, now, part2, handoffs)) continue;
      client.send({ type: 'invalidate', entity: e.entityType, id: e.entityId, version: e.version, position: e.position });
    }
  }

  #mayReceive(c: FeedClient, e: FeedEntry, now: Date, part2: Part2Access | null, handoffs: HandoffGrant[]): boolean {
    if (!can(c.principal, 'feed.subscribe')) return false;
    switch (e.entityType) {
      case PART2_FEED_ENTITY:
        return part2 !== null && this.#mayHearOfPart2(c, e, now, part2);
      case 'person':
        // The same reach as a read: a person's invalidation says only that something changed.
        return can(c.principal, 'person.read') && reachOf(c.principal, { id: e.entityId, agencyId: e.agencyId }, this.#agreements, now) !== null;
      case 'incident':
        return reachOf(c.principal, { id: e.entityId, agencyId: e.agencyId }, this.#agreements, now, c.grants, handoffs) !== null;
      case CONTACT_MESSAGE_FEED_ENTITY:
        // A new text or chat message: heard only by readers whose reach over its contact includes
        // clinical, as the transcript itself (services/incident/transcript.ts).
        return reachOf(c.principal, { id: e.entityId, agencyId: e.agencyId }, this.#agreements, now, c.grants, handoffs)?.classes.includes(CONTACT_MESSAGE_CLASS) ?? false;
      case 'handoff':
        // Published once for the sending and once for the receiving agency: each hears its own.
        return can(c.principal, 'handoff.receive') && e.agencyId === c.principal.agencyId;
      case 'unit':
        // A status change, never a fix (ADR 0010): heard by those who may list the unit's agency.
        return can(c.principal, 'incident.read') && agenciesInReach(c.principal, this.#agreements, now).includes(e.agencyId);
      case 'facility':
        // A directory entry and its figure hold no personal data: every reader of its region.
        return e.regionId === c.principal.regionId;
      case 'privacy_alert':
        return can(c.principal, 'privacy.alerts');
      case 'region':
      case 'agency':
      case 'district':
        // The region's organisation (ADR 0025): its administrators' pages refetch.
        return can(c.principal, 'organisation.manage') && e.regionId === c.principal.regionId;
      case 'followup_episode':
        // Clinical care records: only the follow-up care team, and only within reach.
        return can(c.principal, 'followup.read') && reachOf(c.principal, { id: e.entityId, agencyId: e.agencyId }, this.#agreements, now, c.grants) !== null;
      default:
        // Access-control entries are for the hubs, never for consoles.
        return false;
    }
  }

  /**
   * A Part 2 change is heard only by a reader whose reach over the incident includes Part 2, by
   * the API's own rule (reachOver, withPart2), or who did under a consent since revoked or
   * expired: that reader was told of the record already and must refetch to drop it. Anyone else
   * hears nothing, so the record's existence stays hidden (ADR 0016).
   */
  #mayHearOfPart2(c: FeedClient, e: FeedEntry, now: Date, access: Part2Access): boolean {
    const base = { agreements: this.#agreements, grants: c.grants, part2: access.part2, links: access.links };
    const reads = (consents: readonly Part2Consent[]) =>
      reachOver(c.principal, { id: e.entityId, agencyId: e.agencyId }, { ...base, consents }, now)?.classes.includes('substance_use_part2') ?? false;
    const ended = access.consents.filter((x) => x.revokedAt !== null || x.expiresAt <= now).map((x) => ({ ...x, revokedAt: null, expiresAt: new Date(now.getTime() + 1) }));
    return reads(access.consents) || (ended.length > 0 && reads(ended));
  }
}
