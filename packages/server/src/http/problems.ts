import { DomainError, type ErrorCode, type FieldIssue } from '@continuum/domain';
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STORABLE_TEXT, STORABLE_TEXT_RULE, type ErrorBody } from '@continuum/contracts';

/** The one place error codes become HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  validation_failed: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // Well-formed input naming a record that does not exist or is out of the caller's reach.
  unknown_reference: 422,
  unauthenticated: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  illegal_transition: 409,
  conflict: 409,
  idempotency_key_reused: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Turns anything thrown below a route into a status and the public error body. */
export function toProblem(err: unknown, requestId: string): { status: number; body: ErrorBody } {
  const domain = toDomainError(err);
  const body: ErrorBody = { error: { code: domain.code, message: domain.message, requestId } };
  if (Object.keys(domain.details).length) body.error.details = domain.details;
  if (domain.issues.length) body.error.issues = domain.issues;
  return { status: STATUS_OF[domain.code], body };
}

function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  const e = err as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const where = e.validationContext && e.validationContext !== 'body' ? `${e.validationContext}.` : '';
    // A rule over the body as a whole (no path) is named `body`, never an empty field.
    const issues = e.validation
      .flatMap((v) => zodIssue(where, v.instancePath ?? "", v.keyword ?? "", v.message ?? "", v.params ?? {}))
      .map((i) => (i.field ? i : { ...i, field: 'body' }));
    return new DomainError('validation_failed', issues.map((i) => `${i.field}: ${i.message}`).join('; '), {}, issues);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('validation_failed', 'The body is not valid JSON', {}, [
        { field: 'body', rule: 'json', message: 'the body must be valid JSON' },
      ]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('payload_too_large', 'The body is too large', {}, [
        { field: 'body', rule: 'max_bytes', message: `the body must be at most ${e.message.match(/\d+/)?.[0] ?? 'the allowed'} bytes` },
      ]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('unsupported_media_type', 'Send JSON with Content-Type: application/json', {}, [
        { field: 'body', rule: 'content_type', message: 'the body must be application/json' },
      ]);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('validation_failed', 'The body is not as long as Content-Length says', {}, [
        { field: 'body', rule: 'content_length', message: 'the body must be as long as Content-Length says' },
      ]);
    case 'FST_ERR_BAD_URL':
      return new DomainError('validation_failed', 'The URL is malformed', {}, [
        { field: 'url', rule: 'url_encoding', message: 'the path must be valid percent-encoded UTF-8' },
      ]);
    case 'FST_STATIC_FORBIDDEN_PATH':
      return new DomainError('validation_failed', 'The path leaves the folder it names', {}, [
        { field: 'url', rule: 'path_traversal', message: 'the path must not contain .. segments' },
      ]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new DomainError('validation_failed', 'A path parameter is too long', {}, [
        { field: 'params', rule: 'max_length', message: 'a path parameter must be at most 100 characters' },
      ]);
  }
  // Any other refusal Fastify itself makes (4xx) keeps its status class, in the one shape.
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500 && e.statusCode !== 404 && typeof e.code === 'string' && e.code.startsWith('FST_')) {
    return new DomainError('validation_failed', 'The request could not be read', { framework: e.code }, [{ field: 'request', rule: 'request', message: e.message }]);
  }
  const refused = databaseRefusal(err);
  if (refused) return refused;
  if (isUnavailable(err)) return new DomainError('unavailable', 'The database is unavailable; try again shortly');
  if (isTimedOut(err)) return new DomainError('unavailable', 'The database did not answer in time; try again shortly');
  if (typeof e.statusCode === 'number' && e.statusCode === 404) return new DomainError('not_found', 'Not found');
  return new DomainError('internal', 'Something went wrong; the error was logged');
}

function zodIssue(where: string, path: string, keyword: string, message: string, params: Record<string, unknown>): FieldIssue[] {
  // A query or path parameter's own name follows its context (querystring.month), never a bare dot.
  const field = (where + path.replace(/^\//, '').replaceAll('/', '.')).replace(/\.$/, '');
  if (keyword === 'unrecognized_keys') {
    const keys = (params.keys as string[] | undefined) ?? [];
    return keys.map((k) => ({ field: field ? `${field}.${k}` : k, rule: 'unknown_field', message: `"${k}" is not a known field` }));
  }
  if (keyword === 'invalid_union') {
    if (typeof params.discriminator === 'string') return [{ field, rule: 'enum', message }];
    const branch = closestBranch((params.errors as UnionIssue[][] | undefined) ?? []);
    if (branch) {
      return branch.flatMap((i) => {
        const { code, path: at, message: m, ...rest } = i;
        return zodIssue('', [field, ...at.map(String)].filter(Boolean).join('/'), code, m, rest);
      });
    }
  }
  if (keyword === 'invalid_format' && params.pattern === String(STORABLE_TEXT)) return [{ field, rule: STORABLE_TEXT_RULE, message }];
  const rule =
    keyword === 'invalid_type' && /received undefined/.test(message)
      ? 'required'
      : ({ invalid_type: 'type', too_big: 'max', too_small: 'min', invalid_format: 'format', invalid_value: 'enum', invalid_union: 'one_of' } as Record<string, string>)[keyword] ?? keyword;
  return [{ field, rule, message: rule === 'required' ? 'is required' : message }];
}

interface UnionIssue { code: string; path: (string | number)[]; message: string; [k: string]: unknown }

/**
 * Which alternative of a union the caller meant: one whose fields they used (no unknown key at
 * its top), with the fewest problems. Its issues name fields; "matches no alternative" names none.
 */
function closestBranch(branches: UnionIssue[][]): UnionIssue[] | null {
  const meant = branches.filter((b) => !b.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0));
  const pool = meant.length > 0 ? meant : branches;
  return pool.length === 0 ? null : pool.reduce((best, b) => (b.length < best.length ? b : best));
}

/** Connection failures of either driver: the request can be retried once the database is back. */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001'].includes(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|PGlite is closed|database is closed|Client has encountered a connection error/i.test(e.message ?? '');
}

/**
 * A bound on waiting that ran out (ADR 0022): the request did nothing wrong and can be retried,
 * so it is a 503 like a database that is down, never a 500. The same codes come from PGlite,
 * though it enforces no timeouts itself.
 */
export function isTimedOut(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  // 55P03 lock_not_available (lock_timeout), 57014 query_canceled (statement_timeout),
  // 25P03 idle_in_transaction_session_timeout (the session was ended while it sat in a
  // transaction), 40P01 deadlock_detected (one of two waiters is cancelled; a retry succeeds).
  if (e.code && ['55P03', '57014', '25P03', '40P01'].includes(e.code)) return true;
  // pg's own read timeout (query_timeout): the server did not answer in time.
  return /^Query read timeout$/.test(e.message ?? '');
}

/**
 * A safety net under the validation each route does up front: a constraint or data error the
 * database raised because of what the request sent is the caller's mistake, not a 500. Only the
 * column's name is given back, never the value the database quotes in its detail.
 */
export function databaseRefusal(err: unknown): DomainError | null {
  const e = err as { code?: unknown; column?: string; constraint?: string; detail?: string; message?: string } | null;
  if (!e || typeof e.code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(e.code)) return null;
  const keyColumn = /Key \(([^)]+)\)/.exec(e.detail ?? '')?.[1];
  const field = camel(e.column ?? keyColumn ?? e.constraint ?? '');
  const issue = (rule: string, message: string): FieldIssue[] => [{ field, rule, message }];
  switch (e.code) {
    case '23503':
      return new DomainError('unknown_reference', `${field || 'A field'} names a record that does not exist`, {}, issue('exists', 'no such record'));
    case '23505':
      return new DomainError('conflict', `${field || 'A field'} must be unique`, {}, issue('unique', 'a record with this value exists already'));
    case '23502':
      return new DomainError('validation_failed', `${field || 'A field'} is required`, {}, issue('required', 'is required'));
    case '23514':
    case '23P01':
      return new DomainError('validation_failed', `${field || 'A field'} breaks a rule of the record`, {}, issue('check', 'breaks a rule of the record'));
    case '22021':
    case '22P05':
      return new DomainError('validation_failed', 'The text holds a character that cannot be stored', {}, issue(STORABLE_TEXT_RULE, 'must not contain a NUL character or an unpaired UTF-16 surrogate'));
    case '22001':
      return new DomainError('validation_failed', `${field || 'A field'} is too long`, {}, issue('max_length', 'is too long'));
  }
  if (e.code.startsWith('23')) return new DomainError('validation_failed', 'The record breaks a rule', {}, issue('integrity', 'breaks a rule of the record'));
  // Class 22, data exceptions: a value the column cannot take (format, range, JSON text).
  const storable = /unicode|surrogate|\\u0000/i.test(e.message ?? '');
  return new DomainError('validation_failed', 'A value cannot be stored as sent', {}, issue(storable ? STORABLE_TEXT_RULE : 'value', storable ? 'must not contain a NUL character or an unpaired UTF-16 surrogate' : 'is not a value this field can take'));
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
