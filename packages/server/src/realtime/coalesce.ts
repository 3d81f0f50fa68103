/**
 * Coalesces concurrent requests for the same kind of statement into one call: what arrives while
 * a call is in flight waits for it to finish and then goes out together, in one statement. No
 * timer: at low load a request goes out on the next turn of the event loop, alone; under load
 * the batch is whatever arrived during the previous statement, so the window adapts to the
 * database's own speed. A request never joins a call already in flight, so its statement is
 * always issued after the request was made: a read never answers with what was true before it
 * was asked (the feed's per-message authentication relies on that).
 */
export interface CoalesceOptions {
  /** Most items per call (a statement's parameters are bounded). */
  maxBatch: number;
  /** Calls at once; the rest wait. */
  maxInFlight: number;
}

interface Pending<K, V> {
  items: K[];
  resolve: (values: V[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Wraps `run` (items in, one value per item out, in order) so that concurrent callers share
 * calls. Each caller's items stay together and in order within one call, and each caller gets
 * back exactly its own values; if the call fails, every caller in it gets the error.
 */
export function coalesce<K, V>(run: (items: K[]) => Promise<V[]>, options: CoalesceOptions): (items: K[]) => Promise<V[]> {
  const queue: Pending<K, V>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const pump = () => {
    scheduled = false;
    while (queue.length && inFlight < options.maxInFlight) {
      const batch: Pending<K, V>[] = [];
      let size = 0;
      // A caller larger than maxBatch still goes, alone: its items are never split.
      while (queue.length && (batch.length === 0 || size + queue[0]!.items.length <= options.maxBatch)) {
        const next = queue.shift()!;
        size += next.items.length;
        batch.push(next);
      }
      inFlight++;
      void send(batch);
    }
  };

  const send = async (batch: Pending<K, V>[]) => {
    try {
      const values = await run(batch.flatMap((p) => p.items));
      let at = 0;
      for (const p of batch) {
        p.resolve(values.slice(at, at + p.items.length));
        at += p.items.length;
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      inFlight--;
      pump();
    }
  };

  return (items) => {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<V[]>((resolve, reject) => {
      queue.push({ items, resolve, reject });
      // The same turn's requests go out together.
      if (!scheduled && inFlight < options.maxInFlight) {
        scheduled = true;
        setImmediate(pump);
      }
    });
  };
}
