import { ApiError, networkError, parseErrorBody } from './errors.ts';
import { CookieJar, readSetCookies } from './cookies.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportOptions {
  /** Origin (and optional prefix) of the server, e.g. `http://localhost:8080`; '' for same origin. */
  baseUrl: string;
  fetch?: FetchLike;
  /** An API token: sends `Authorization: Bearer …`, keeps no cookies and sends no CSRF header. */
  token?: string;
  /** Extra attempts after a network failure or a 502/503/504 (default 2). */
  retries?: number;
  /** First back-off delay in ms, doubled each attempt (default 300). */
  retryDelayMs?: number;
  /** Give up on one attempt after this many ms (default 15000). */
  timeoutMs?: number;
}

export interface RequestSpec<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Sent as Idempotency-Key on every attempt, so retries of one logical write are one write. */
  idempotencyKey?: string;
  /** Whether the CSRF header is due (cookie mode only). Default: every non-GET request. */
  csrf?: boolean;
  /** Validates and types the JSON answer; omitted when the answer has no body. */
  parse?: (json: unknown) => T;
  signal?: AbortSignal;
}

const RETRY_STATUSES = new Set([502, 503, 504]);

/**
 * The one place where the SDK talks HTTP: URL building, auth headers, the cookie jar, the
 * CSRF token, timeouts, retries with back-off and error parsing.
 */
export class Transport {
  csrfToken: string | null = null;
  readonly jar = new CookieJar();
  private readonly fetchImpl: FetchLike;
  private readonly baseUrl: string;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Bound through a closure: window.fetch called with another `this` throws "Illegal invocation".
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get tokenMode(): boolean {
    return this.options.token !== undefined;
  }

  /** Builds the absolute or same-origin URL of an API path with its query string. */
  url(path: string, query?: RequestSpec<unknown>['query']): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends one logical request, retrying what is safe to retry, and returns the parsed answer. */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    // A write without a key is not safe to repeat: the first attempt may have been applied.
    const retriable = spec.method === 'GET' || spec.method === 'DELETE' || spec.idempotencyKey !== undefined;
    const maxAttempts = 1 + (retriable ? (this.options.retries ?? 2) : 0);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(spec);
      } catch (error) {
        const again = error instanceof ApiError && (error.isNetwork || RETRY_STATUSES.has(error.status));
        if (!again || attempt >= maxAttempts || spec.signal?.aborted) throw error;
        await sleep((this.options.retryDelayMs ?? 300) * 2 ** (attempt - 1), spec.signal);
      }
    }
  }

  /**
   * A GET answered by a stream of JSON lines (NDJSON; a long run's progress, then its result): each
   * line handed over as it comes. No timeout of its own (the run is bounded by the server); no retry.
   */
  async lines(path: string, query: RequestSpec<unknown>['query'], onLine: (json: unknown) => void, signal?: AbortSignal): Promise<void> {
    const headers: Record<string, string> = { accept: 'application/x-ndjson, application/json' };
    if (this.options.token !== undefined) headers.authorization = `Bearer ${this.options.token}`;
    else {
      const cookie = this.jar.header();
      if (cookie) headers.cookie = cookie;
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, query), { method: 'GET', headers, credentials: 'same-origin', ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw networkError(error, false);
    }
    if (!response.ok) throw parseErrorBody(response.status, await response.text(), response.statusText);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (value) rest += value;
      let nl;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl).trim();
        rest = rest.slice(nl + 1);
        if (line) onLine(JSON.parse(line));
      }
      if (done) break;
    }
    if (rest.trim()) onLine(JSON.parse(rest));
  }

  private async attempt<T>(spec: RequestSpec<T>): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
    if (this.options.token !== undefined) {
      headers.authorization = `Bearer ${this.options.token}`;
    } else {
      const cookie = this.jar.header();
      if (cookie) headers.cookie = cookie;
      if ((spec.csrf ?? spec.method !== 'GET') && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    }

    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.options.timeoutMs ?? 15_000);
    const signal = spec.signal ? anySignal([spec.signal, timeout.signal]) : timeout.signal;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.url(spec.path, spec.query), {
        method: spec.method,
        headers,
        ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
        // Browsers: send the session cookie on same-origin calls only.
        credentials: 'same-origin',
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (spec.signal?.aborted) throw error;
      throw networkError(error, timeout.signal.aborted);
    } finally {
      clearTimeout(timer);
    }

    if (this.options.token === undefined) this.jar.store(readSetCookies(response.headers));
    if (!response.ok) throw parseErrorBody(response.status, text, response.statusText);
    if (!spec.parse) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ApiError({ status: response.status, code: 'invalid_response', message: 'The server sent a body that is not JSON', cause: error });
    }
    return spec.parse(json);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

// AbortSignal.any is Node 20.3+ and recent browsers; this covers the rest.
function anySignal(signals: AbortSignal[]): AbortSignal {
  const withAny = AbortSignal as typeof AbortSignal & { any?: (s: AbortSignal[]) => AbortSignal };
  if (typeof withAny.any === 'function') return withAny.any(signals);
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) controller.abort(s.reason);
    else s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
