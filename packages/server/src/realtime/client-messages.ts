import { ClientMessageId, FEED_LIMITS, FeedClientMessage, type FeedErrorMessage, type FeedReply } from '@continuum/contracts';
import { DomainError, type FieldIssue } from '@continuum/domain';
import type { z } from 'zod';
import { authenticate } from '../auth/authenticate.ts';
import { toProblem } from '../http/problems.ts';
import type { Services } from '../services/context.ts';
import { recordPositions } from '../services/dispatch/positions.ts';
import type { UnitSettings } from '../services/dispatch/units.ts';
import type { FeedIngest } from './feed-ingest.ts';

/** What the socket was opened with: checked again for every message, as HTTP checks every request. */
export interface SocketCredentials {
  authorization: string | undefined;
  sessionCookie: string | undefined;
  address: string | null;
}

export interface SocketIo {
  reply(message: FeedReply): void;
  close(code: number, reason: string): void;
}

// Audit action names: those of the HTTP route the message stands in for.
const ACTION_OF: Record<FeedClientMessage['type'], string> = { positions: 'unit.positions' };

const RULE_OF: Record<string, string> = { invalid_type: 'type', too_big: 'max', too_small: 'min', invalid_format: 'format', invalid_value: 'enum', invalid_union: 'one_of' };

/** The zod issues of a message as the API names them: dotted field and a short rule. */
export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((i): FieldIssue[] => {
    const field = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: field ? `${field}.${k}` : k, rule: 'unknown_field', message: `"${k}" is not a known field` }));
    // zod keeps no input on its issues, so a missing field is told apart by its message, as the HTTP mapping does.
    if (i.code === 'invalid_type' && /received undefined/.test(i.message)) return [{ field, rule: 'required', message: 'is required' }];
    return [{ field, rule: RULE_OF[i.code] ?? i.code, message: i.message }];
  });
}

/** The message's id when it has a well-formed one, so that even a refusal can be matched to it. */
function idOf(parsed: unknown): string | undefined {
  const id = (parsed as { id?: unknown } | null)?.id;
  return ClientMessageId.safeParse(id).success ? (id as string) : undefined;
}

/**
 * Handles what a client sends on the feed socket, one message at a time per socket (a device's
 * fixes are judged in the order it sent them). Every message is authenticated afresh before it
 * is read, so a revoked session or token, an expired one or a disabled account stops at once,
 * even before the hub has heard of the revocation. Nothing here closes the socket except that.
 * With `ingest` (one per server, realtime/feed-ingest.ts), concurrent messages of all sockets
 * share their statements; each credential read is still issued after its message arrived.
 */
export function clientMessageHandler(services: Services, settings: UnitSettings, creds: SocketCredentials, io: SocketIo, ingest?: FeedIngest): (text: string) => void {
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  let ended = false;
  return (text) => {
    if (ended) return;
    if (pending >= FEED_LIMITS.maxPending) {
      io.reply(errorReply(new DomainError('rate_limited', `At most ${FEED_LIMITS.maxPending} messages may wait for an answer; wait for one`), services.newId(), safeId(text)));
      return;
    }
    pending++;
    chain = chain
      .then(() => handle(text))
      .catch((err: unknown) => {
        // Only infrastructure fails here (authentication's query): logged, answered, socket kept.
        services.logger.warn({ err: { message: (err as Error).message } }, 'feed message could not be handled');
        io.reply(errorReply(err, services.newId(), safeId(text)));
      })
      .finally(() => pending--);
  };

  async function handle(text: string): Promise<void> {
    const requestId = services.newId();
    const now = services.clock();
    const auth = await authenticate(services.store, creds, now, ingest?.credentials);
    if (!auth) {
      ended = true;
      io.reply(errorReply(new DomainError('unauthenticated', 'Your session has ended; sign in again'), requestId, safeId(text)));
      io.close(4401, 'the session has ended');
      return;
    }
    const principal = auth.principal;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fail(new DomainError('validation_failed', 'The message is not valid JSON', {}, [{ field: 'message', rule: 'json', message: 'the message must be valid JSON' }]), 'feed.message');
    }
    const id = idOf(raw);
    const parsed = FeedClientMessage.safeParse(raw);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      return fail(new DomainError('validation_failed', issues.map((i) => `${i.field || 'message'}: ${i.message}`).join('; '), {}, issues), 'feed.message', id);
    }
    const message = parsed.data;
    try {
      switch (message.type) {
        case 'positions': {
          const ctx = { principal, address: creds.address, idempotencyKey: null, requestHash: '' };
          const { items } = await recordPositions(services, ctx, message.items, settings, ingest?.positions);
          io.reply({ type: 'positions.result', id: message.id, items });
          return;
        }
      }
    } catch (err) {
      return fail(err, ACTION_OF[message.type], message.id);
    }

    /** Answers with the error and audits it as the HTTP error handler would: denied, or failed. */
    async function fail(err: unknown, action: string, messageId?: string): Promise<void> {
      const reply = errorReply(err, requestId, messageId);
      const status = toProblem(err, requestId).status;
      if (status >= 500) services.logger.error({ err: { message: (err as Error).message, stack: (err as Error).stack }, requestId }, 'feed message failed');
      // The audit row is written before the answer, as the HTTP error handler does, so whoever
      // reads the answer can find its row; with the database away (503) there is nothing to write to.
      if (status === 503) {
        io.reply(reply);
        return;
      }
      await services.store.read.audit
        .write({
          at: now,
          actorId: principal.userId,
          role: principal.role,
          agencyId: principal.agencyId,
          action,
          outcome: status === 401 || status === 403 ? 'denied' : 'failed',
          resourceType: null,
          resourceId: null,
          fieldClasses: [],
          purpose: null,
          address: creds.address,
          detail: { status, code: reply.error.code, via: 'feed' },
        })
        .catch((auditErr: Error) => services.logger.error({ err: { message: auditErr.message } }, 'could not write the audit row of a failed feed message'));
      io.reply(reply);
    }
  }
}

function safeId(text: string): string | undefined {
  try {
    return idOf(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The API's error body as a feed message; unknown errors say only that they were logged. */
function errorReply(err: unknown, requestId: string, id: string | undefined): FeedErrorMessage {
  const { body } = toProblem(err, requestId);
  return { type: 'error', ...(id !== undefined ? { id } : {}), error: body.error };
}
