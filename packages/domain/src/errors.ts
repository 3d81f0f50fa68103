/**
 * The one error vocabulary of the product. Codes are stable: consoles, field devices and
 * partner systems branch on them, so a code is never renamed once shipped.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'illegal_transition'
  | 'idempotency_key_reused'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unknown_reference'
  | 'unavailable'
  | 'internal';

/** One problem with one field of the input: where it is and which rule it broke. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `location.lat`; `body` for the body as a whole, `request` for the request itself, `message` for a feed message as a whole. */
  field: string;
  /** A short rule name, e.g. `required`, `max_length`, `unknown_field`, `type`. */
  rule: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('not_found', `${what} ${id} was not found`, { resource: what, id });

export const forbidden = (message = 'You may not do this'): DomainError =>
  new DomainError('forbidden', message);

export const invalid = (issues: FieldIssue[]): DomainError =>
  new DomainError(
    'validation_failed',
    issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; '),
    {},
    issues,
  );
