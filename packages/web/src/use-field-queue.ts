import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { newIdempotencyKey } from '@continuum/sdk';
import { useClient } from './client-context.tsx';
import { FieldQueue, retryDelayMs, type FieldCommand, type QueuedAction, type ReplayResult } from './field-queue.ts';
import { sendQueued } from './field-send.ts';

/** Storage per signed-in person: the next person on a shared phone never sends the last one's taps. */
const storageKeyOf = (userId: string) => `continuum.field-queue.${userId}`;

export interface FieldQueueState {
  items: readonly QueuedAction[];
  /** How the last replay ended; 'waiting' means the network failed and a retry is scheduled. */
  last: ReplayResult | null;
  submit(command: FieldCommand, label: string): void;
  dismiss(key: string): void;
  retryNow(): void;
}

/**
 * The field view's outbox, live: a tap is queued (key made now), then sent at once; when that
 * fails for want of a network it is retried on the browser's online event and on a timer that
 * backs off, until the server answers. `onSent` runs after a run that sent something.
 */
export function useFieldQueue(userId: string, onSent: () => void): FieldQueueState {
  const client = useClient();
  const queue = useMemo(
    () => new FieldQueue({ storage: window.localStorage, storageKey: storageKeyOf(userId), newKey: newIdempotencyKey, now: () => new Date() }),
    [userId],
  );
  const items = useSyncExternalStore(queue.subscribe, queue.snapshot, queue.snapshot);
  const [last, setLast] = useState<ReplayResult | null>(null);
  const attempt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onSentRef = useRef(onSent);
  onSentRef.current = onSent;

  const replay = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const before = queue.snapshot().length;
    const result = await queue.replay((entry) => sendQueued(client, entry));
    setLast(result);
    if (queue.snapshot().length < before) onSentRef.current();
    if (result === 'waiting' && !timer.current) {
      timer.current = setTimeout(() => void replay(), retryDelayMs(attempt.current++));
    } else {
      attempt.current = 0;
    }
  }, [queue, client]);

  useEffect(() => {
    // Whatever was left from before a reload goes first.
    void replay();
    const online = () => {
      attempt.current = 0;
      void replay();
    };
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [replay]);

  return {
    items,
    last,
    submit: (command, label) => {
      queue.add(command, label);
      void replay();
    },
    dismiss: (key) => {
      queue.dismiss(key);
      void replay();
    },
    retryNow: () => {
      attempt.current = 0;
      void replay();
    },
  };
}
