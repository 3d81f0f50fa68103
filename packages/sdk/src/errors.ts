import { ErrorBody } from '@continuum/contracts';

/** One problem with one field of a request, as the server names it. */
export interface ApiIssue {
  field: string;
  rule: string;
  message: string;
}

/**
 * Codes the SDK itself produces when there is no server answer to quote: the network failed,
 * or the answer was not what the contracts promise.
 */
export type ClientErrorCode = 'network_error' | 'timeout' | 'invalid_response';

/**
 * Every failure of an SDK call. `code` is the server's stable error code (validation_failed,
 * unauthenticated, illegal_transition, ...) or one of ClientErrorCode; consoles branch on it.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    issues?: ApiIssue[];
    details?: Record<string, unknown>;
    requestId?: string;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.issues = init.issues ?? [];
    this.details = init.details ?? {};
    this.requestId = init.requestId;
  }

  /** True when the request never got an answer, so retrying it may succeed. */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** Whether a value is an ApiError, optionally with one of the given codes. */
export function isApiError(value: unknown, ...codes: string[]): value is ApiError {
  return value instanceof ApiError && (codes.length === 0 || codes.includes(value.code));
}

// Used only when the body is not an ErrorBody (a proxy's HTML page, an empty 502), so that
// callers can still branch on a code.
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  502: 'unavailable',
  503: 'unavailable',
  504: 'unavailable',
};

/** The HTTP status a server error code stands for, for errors that arrive without one (feed replies). */
export function statusOfCode(code: string): number {
  if (code === 'validation_failed') return 400;
  if (code === 'csrf_failed') return 403;
  if (code === 'illegal_transition') return 409;
  if (code === 'idempotency_key_reused' || code === 'unknown_reference') return 422;
  const found = Object.entries(CODE_BY_STATUS).find(([, c]) => c === code);
  return found ? Number(found[0]) : 500;
}

/** Turns a non-2xx status and its body text into an ApiError, whatever the body holds. */
export function parseErrorBody(status: number, text: string, statusText = ''): ApiError {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = ErrorBody.safeParse(json);
  if (parsed.success) {
    const e = parsed.data.error;
    return new ApiError({
      status,
      code: e.code,
      message: e.message,
      issues: e.issues ?? [],
      details: e.details ?? {},
      ...(e.requestId ? { requestId: e.requestId } : {}),
    });
  }
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'http_error');
  return new ApiError({ status, code, message: `HTTP ${status}${statusText ? ` ${statusText}` : ''}` });
}

/** Wraps a failure to reach the server (DNS, refused, reset, timeout) as an ApiError. */
export function networkError(cause: unknown, timedOut = false): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ApiError({
    status: 0,
    code: timedOut ? 'timeout' : 'network_error',
    message: timedOut ? 'The server did not answer in time' : `Could not reach the server: ${reason}`,
    cause,
  });
}
