import type { AssignmentActionInput, NoteInput, UnitStatusInput } from '@continuum/sdk';
import type { CloseInput } from './close-form.ts';

/** Closing a call with how it ended: final, so it goes through the outbox like every other tap. */
export type { CloseInput };

/**
 * The field view's outbox. A crew in a car loses the network for a minute at a time; what they
 * tapped must not be lost, sent twice or sent out of order. Every tap becomes one entry with its
 * idempotency key made at the tap, kept in storage until the server has answered, and replayed
 * in order with the same key, so the server applies each once however often it is resent.
 *
 * No globals: storage, clock and key maker are passed in, so the tests run it as it runs.
 */

/** What a tap asks the server to do: one SDK write each. */
export type FieldCommand =
  | { kind: 'assignment'; incidentId: string; unitId: string; body: AssignmentActionInput }
  | { kind: 'panic'; unitId: string; body: { position?: { lat: number; lon: number; at: string } } }
  | { kind: 'unit_status'; unitId: string; body: UnitStatusInput }
  | { kind: 'note'; incidentId: string; body: NoteInput }
  | { kind: 'close'; incidentId: string; body: CloseInput };

/** Why the server refused an entry: shown to the person, who decides what to do next. */
export interface QueueRefusal {
  status: number;
  code: string;
  message: string;
  /** The server's field issues (a close refused for a missing transport), so a form can show them by field. */
  issues?: { field: string; rule: string; message: string }[];
}

export type QueuedAction = FieldCommand & {
  /** The Idempotency-Key, made once when the person tapped; also the entry's identity. */
  key: string;
  /** What the person tapped, in their words ("En route"). */
  label: string;
  queuedAt: string;
  /** Set when the server refused it: the queue holds here until the person dismisses it. */
  refused: QueueRefusal | null;
};

/** The slice of Web Storage the queue needs; localStorage in the browser, a Map in tests. */
export interface QueueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What a failed send means for the entry. */
export type FailureKind = 'retry' | 'refuse';

/**
 * A 4xx is the server's considered answer (a dispatcher reassigned the call: 409): sending it
 * again gives the same answer forever, so it is shown instead. No answer, a 5xx, 408 and 429 are
 * passing, and 401 too: the person signs in again and the entry then goes with their new session.
 */
export function failureKind(error: unknown): FailureKind {
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number((error as { status: unknown }).status) : 0;
  if (!(status >= 400 && status < 500)) return 'retry';
  return status === 401 || status === 408 || status === 429 ? 'retry' : 'refuse';
}

/** The refusal to show for an error the server gave. */
export function refusalOf(error: unknown): QueueRefusal {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; code?: unknown; message?: unknown; issues?: unknown };
  const issues = Array.isArray(e.issues)
    ? e.issues.filter((i): i is { field: string; rule: string; message: string } => typeof i === 'object' && i !== null && typeof i.field === 'string' && typeof i.message === 'string')
      .map((i) => ({ field: i.field, rule: typeof i.rule === 'string' ? i.rule : '', message: i.message }))
    : [];
  return {
    status: typeof e.status === 'number' ? e.status : 0,
    code: typeof e.code === 'string' ? e.code : 'error',
    message: typeof e.message === 'string' && e.message ? e.message : 'The server refused this action.',
    ...(issues.length > 0 ? { issues } : {}),
  };
}

/** Wait before the n-th retry (0-based) after a failed replay: 2 s doubling to at most a minute. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt));
}

/** How a replay ended: everything sent, waiting for the network, or held at a refused entry. */
export type ReplayResult = 'sent' | 'waiting' | 'refused';

const FORMAT = 1;

/** Reads the stored entries; anything unreadable counts as none rather than breaking the view. */
export function readQueue(storage: QueueStorage, storageKey: string): QueuedAction[] {
  try {
    const raw = storage.getItem(storageKey);
    if (!raw) return [];
    const parsed = JSON.parse(raw) as { format?: unknown; items?: unknown };
    if (parsed.format !== FORMAT || !Array.isArray(parsed.items)) return [];
    return parsed.items.filter(
      (i): i is QueuedAction => typeof i === 'object' && i !== null && typeof i.key === 'string' && typeof i.kind === 'string',
    );
  } catch {
    return [];
  }
}

/** Writes the entries; a full or blocked storage is survived (the entries stay in memory). */
export function writeQueue(storage: QueueStorage, storageKey: string, items: readonly QueuedAction[]): void {
  try {
    storage.setItem(storageKey, JSON.stringify({ format: FORMAT, items }));
  } catch {
    // Private mode or a full quota: the queue still works for this page's life.
  }
}

/** A call for help, whether sent on the unit (no call) or on the call it holds. */
export const isPanic = (c: FieldCommand): boolean => c.kind === 'panic' || (c.kind === 'assignment' && c.body.action === 'panic');

/**
 * Where a new entry goes: last, except that a panic goes before every other kind of entry
 * (after earlier panics), since a call for help must not wait behind a status change, nor
 * behind an entry the server refused.
 */
export function withEntry(items: readonly QueuedAction[], entry: QueuedAction): QueuedAction[] {
  if (!isPanic(entry)) return [...items, entry];
  const at = items.findIndex((i) => !isPanic(i));
  return at < 0 ? [...items, entry] : [...items.slice(0, at), entry, ...items.slice(at)];
}

export interface FieldQueueDeps {
  storage: QueueStorage;
  storageKey: string;
  newKey: () => string;
  now: () => Date;
}

/** The outbox of one person on one device: add, replay in order, dismiss a refused entry. */
export class FieldQueue {
  private items: QueuedAction[];
  private readonly listeners = new Set<() => void>();
  private replaying: Promise<ReplayResult> | null = null;
  private again = false;

  constructor(private readonly deps: FieldQueueDeps) {
    this.items = readQueue(deps.storage, deps.storageKey);
  }

  /** The entries in sending order (a stable array between changes, for useSyncExternalStore). */
  snapshot = (): readonly QueuedAction[] => this.items;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Queues what the person tapped, with its key made now; returns the entry. */
  add(command: FieldCommand, label: string): QueuedAction {
    const entry = { ...command, key: this.deps.newKey(), label, queuedAt: this.deps.now().toISOString(), refused: null } as QueuedAction;
    this.set(withEntry(this.items, entry));
    return entry;
  }

  /** Drops an entry (the person read why it was refused); the rest may then go. */
  dismiss(key: string): void {
    this.set(this.items.filter((i) => i.key !== key));
  }

  /**
   * Sends the entries one at a time, oldest first, each with its own key, until none is left,
   * the network fails (kept, for the next replay) or the server refuses one (held, shown).
   * Entries added while it runs are sent in the same run; two calls share one run.
   */
  replay(send: (entry: QueuedAction) => Promise<unknown>): Promise<ReplayResult> {
    if (this.replaying) {
      // A run that has just found the queue empty may not have settled yet: go round once more.
      this.again = true;
      return this.replaying;
    }
    this.replaying = this.runUntilSettled(send).finally(() => {
      this.replaying = null;
    });
    return this.replaying;
  }

  private async runUntilSettled(send: (entry: QueuedAction) => Promise<unknown>): Promise<ReplayResult> {
    let result: ReplayResult;
    do {
      this.again = false;
      result = await this.run(send);
    } while (this.again && result === 'sent');
    return result;
  }

  private async run(send: (entry: QueuedAction) => Promise<unknown>): Promise<ReplayResult> {
    for (;;) {
      const head = this.items[0];
      if (!head) return 'sent';
      if (head.refused) return 'refused';
      try {
        await send(head);
      } catch (error) {
        if (failureKind(error) === 'retry') return 'waiting';
        this.set(this.items.map((i) => (i.key === head.key ? { ...i, refused: refusalOf(error) } : i)));
        return 'refused';
      }
      this.set(this.items.filter((i) => i.key !== head.key));
    }
  }

  private set(items: QueuedAction[]): void {
    this.items = items;
    writeQueue(this.deps.storage, this.deps.storageKey, items);
    for (const l of this.listeners) l();
  }
}
