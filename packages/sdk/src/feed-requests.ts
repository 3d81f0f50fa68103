import type { FeedReply } from '@continuum/contracts';
import { ApiError, statusOfCode } from './errors.ts';

interface Pending {
  payload: string;
  resolve(reply: FeedReply): void;
  reject(err: ApiError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Messages a client sent on the feed socket and the answers it awaits, matched by id. A message
 * is sent once the feed is live and sent again after a reconnect until its answer arrives:
 * positions are keyed by (unit, time), so a copy that had already been stored is `ignored` as a
 * duplicate, never stored twice.
 */
export class FeedRequests {
  #pending = new Map<string, Pending>();

  constructor(private readonly transmit: (payload: string) => boolean) {}

  /** Sends (now if the socket is live, else on the next `ready`) and waits at most `timeoutMs`. */
  request(id: string, message: unknown, timeoutMs: number): Promise<FeedReply> {
    if (this.#pending.has(id)) return Promise.reject(new ApiError({ status: 0, code: 'invalid_request', message: `A message with id ${id} is already waiting for its answer` }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ApiError({ status: 0, code: 'timeout', message: `No answer to feed message ${id} within ${timeoutMs} ms` }));
      }, timeoutMs);
      const payload = JSON.stringify(message);
      this.#pending.set(id, { payload, resolve, reject, timer });
      this.transmit(payload);
    });
  }

  /** The feed is live (again): send whatever still waits for an answer. */
  flush(): void {
    for (const p of this.#pending.values()) this.transmit(p.payload);
  }

  /** Settles the request a reply answers; replies without a known id are dropped. */
  settle(reply: FeedReply): void {
    const p = reply.id === undefined ? undefined : this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id!);
    clearTimeout(p.timer);
    if (reply.type !== 'error') {
      p.resolve(reply);
      return;
    }
    const e = reply.error;
    p.reject(new ApiError({ status: statusOfCode(e.code), code: e.code, message: e.message, issues: e.issues ?? [], details: e.details ?? {}, ...(e.requestId ? { requestId: e.requestId } : {}) }));
  }

  /** Fails everything still waiting, e.g. when the subscription ends or access is refused. */
  failAll(code: string, message: string): void {
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new ApiError({ status: code === 'network_error' ? 0 : statusOfCode(code), code, message }));
    }
    this.#pending.clear();
  }
}
