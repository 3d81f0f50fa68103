import { distanceMetres } from '@continuum/domain';
import type { PositionBatch, PositionResult } from '@continuum/sdk';
import { failureKind, type QueueStorage } from './field-queue.ts';

/*
 * The phone's position while on duty (issue 15 §4, ADR 0038). The device's readings are thinned
 * (a parked car need not report every second), kept on the device until the server has answered
 * them, and sent over the feed socket as one batch whenever it is live: a dead zone loses nothing,
 * and the queue goes in one message when the network comes back.
 *
 * No globals: storage and clock are passed in, so the tests run it as it runs.
 */

/** One reading of the device, as the server takes it. */
export type Fix = PositionBatch[number];

export interface ThinningRules {
  /** A fix this far from the last one kept is worth sending ... */
  minMetres: number;
  /** ... once this long has passed since it (a moving car: one fix per interval). */
  minIntervalMs: number;
  /** A fix is kept after this long whatever the distance: under the board's staleness, so a parked unit never reads as stale. */
  heartbeatMs: number;
}

export const THINNING: ThinningRules = { minMetres: 20, minIntervalMs: 5_000, heartbeatMs: 30_000 };

/** Whether `next` is worth sending after `last` (the last fix kept): moved, or time for a heartbeat. */
export function keepFix(last: Pick<Fix, 'lat' | 'lon' | 'at'> | null, next: Pick<Fix, 'lat' | 'lon' | 'at'>, rules: ThinningRules = THINNING): boolean {
  if (!last) return true;
  const elapsed = Date.parse(next.at) - Date.parse(last.at);
  if (elapsed <= 0) return false;
  if (elapsed >= rules.heartbeatMs) return true;
  return elapsed >= rules.minIntervalMs && distanceMetres(last, next) >= rules.minMetres;
}

/** Fixes waiting to be sent; the oldest are dropped beyond this (the newest matter most to the board). */
export const MAX_QUEUED_FIXES = 2_000;
/** Fixes per message: the server's own limit on a batch. */
export const FIXES_PER_MESSAGE = 500;

const FORMAT = 1;

/** How a flush ended: everything answered, or waiting for the feed. */
export type FlushResult = 'sent' | 'waiting';

export interface FixOutboxDeps {
  storage: QueueStorage;
  storageKey: string;
  rules?: ThinningRules;
}

/** The fixes of one person on one device, kept until the server has answered each. */
export class FixOutbox {
  private items: Fix[];
  private last: Fix | null;
  private flushing: Promise<FlushResult> | null = null;
  private again = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: FixOutboxDeps) {
    const stored = this.read();
    this.items = stored.items;
    this.last = stored.last;
  }

  /** How many fixes wait to be sent. */
  get pending(): number {
    return this.items.length;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): number => this.items.length;

  /** Queues a reading when it is worth sending (thinning); true when it was kept. */
  add(fix: Fix): boolean {
    const last = this.last && this.last.unitId === fix.unitId ? this.last : null;
    if (!keepFix(last, fix, this.deps.rules)) return false;
    this.last = fix;
    this.set([...this.items, fix].slice(-MAX_QUEUED_FIXES));
    return true;
  }

  /**
   * Sends what waits, oldest first, a batch per message, until none is left or the feed fails
   * (kept for the next flush). Every answered fix leaves the queue, whatever its outcome: stored,
   * ignored (a copy already stored) or rejected (the server's considered answer, sent again it
   * would be the same). A refused message (4xx but sign-in or rate) is dropped for the same reason.
   */
  flush(send: (items: Fix[]) => Promise<PositionResult[]>): Promise<FlushResult> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let result: FlushResult;
      do {
        this.again = false;
        result = await this.run(send);
      } while (this.again && result === 'sent');
      return result;
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(send: (items: Fix[]) => Promise<PositionResult[]>): Promise<FlushResult> {
    for (;;) {
      const batch = this.items.slice(0, FIXES_PER_MESSAGE);
      if (batch.length === 0) return 'sent';
      try {
        await send(batch);
      } catch (error) {
        if (failureKind(error) === 'retry') return 'waiting';
      }
      // Fixes added while the batch was out stay, after it.
      this.set(this.items.slice(batch.length));
    }
  }

  private read(): { items: Fix[]; last: Fix | null } {
    try {
      const raw = this.deps.storage.getItem(this.deps.storageKey);
      if (!raw) return { items: [], last: null };
      const parsed = JSON.parse(raw) as { format?: unknown; items?: unknown; last?: unknown };
      if (parsed.format !== FORMAT || !Array.isArray(parsed.items)) return { items: [], last: null };
      const isFix = (f: unknown): f is Fix => typeof f === 'object' && f !== null && typeof (f as Fix).unitId === 'string' && typeof (f as Fix).at === 'string';
      return { items: parsed.items.filter(isFix), last: isFix(parsed.last) ? parsed.last : null };
    } catch {
      return { items: [], last: null };
    }
  }

  private set(items: Fix[]): void {
    this.items = items;
    try {
      this.deps.storage.setItem(this.deps.storageKey, JSON.stringify({ format: FORMAT, items, last: this.last }));
    } catch {
      // Private mode or a full quota: the queue still works for this page's life.
    }
    for (const l of this.listeners) l();
  }
}
