import type { z } from 'zod';
import {
  IncidentEventList,
  IncidentList,
  IncidentView,
  SessionView,
  TriageView,
  type CreateIncidentRequest,
  type IncidentTransitionRequest,
  type SignInRequest,
  type TriageAnswerRequest,
} from '@continuum/contracts';
import type { IncidentStatus } from '@continuum/domain';
import { ApiError, isApiError } from './errors.ts';
import { newIdempotencyKey } from './idempotency.ts';
import { MetaView } from './meta.ts';
import { Transport, type TransportOptions } from './transport.ts';

export type ClientOptions = TransportOptions;
export type IncidentEventListView = z.infer<typeof IncidentEventList>;
export type SignInInput = z.input<typeof SignInRequest>;
/** What a caller writes: defaults (empty caller, person, flags) may be left out. */
export type CreateIncidentInput = z.input<typeof CreateIncidentRequest>;
export type TransitionInput = z.input<typeof IncidentTransitionRequest>;
/** One answer of the guided interview: the question asked and the key of the answer chosen. */
export type TriageAnswerInput = z.input<typeof TriageAnswerRequest>;

export interface ReadOptions {
  signal?: AbortSignal;
}
export interface WriteOptions {
  /** Reuse a key to make a repeated call (a user's second click, a queued replay) one write. */
  idempotencyKey?: string;
}
export interface ListIncidentsQuery extends ReadOptions {
  limit?: number;
  status?: readonly IncidentStatus[];
  /** Cursor: the `nextBefore` of the previous page. */
  before?: string;
}

export interface ContinuumClient {
  signIn(input: SignInInput): Promise<SessionView>;
  signOut(): Promise<void>;
  /** The current session, or null when not signed in. */
  session(options?: ReadOptions): Promise<SessionView | null>;
  meta(options?: ReadOptions): Promise<MetaView>;
  listIncidents(query?: ListIncidentsQuery): Promise<IncidentList>;
  getIncident(id: string, options?: ReadOptions): Promise<IncidentView>;
  createIncident(body: CreateIncidentInput, options?: WriteOptions): Promise<IncidentView>;
  transitionIncident(id: string, body: TransitionInput, options?: WriteOptions): Promise<IncidentView>;
  incidentEvents(id: string, options?: ReadOptions): Promise<IncidentEventListView>;
  /** The guided interview as it stands: level and reasons, the next question, the recommended response. */
  triage(id: string, options?: ReadOptions): Promise<TriageView>;
  /** Records one answer (an event: it cannot be taken back) and returns the interview after it. */
  answerTriage(id: string, body: TriageAnswerInput, options?: WriteOptions): Promise<TriageView>;
  /** The CSRF token kept from the last session answer (cookie mode). */
  readonly csrfToken: string | null;
  /** The Cookie header a Node client holds, for opening the feed socket with the same session. */
  cookieHeader(): string | undefined;
}

/** Wraps a contract schema so a response that breaks the contract fails loudly and typed. */
function using<S extends z.ZodType>(schema: S): (json: unknown) => z.infer<S> {
  return (json) => {
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    const first = result.error.issues[0];
    throw new ApiError({
      status: 200,
      code: 'invalid_response',
      message: `The server's answer does not match the contract${first ? ` at ${first.path.join('.') || '(root)'}: ${first.message}` : ''}`,
      cause: result.error,
    });
  };
}

const incidentPath = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

/** Creates a typed client of the Continuum HTTP API, for browsers and Node 20. */
export function createClient(options: ClientOptions): ContinuumClient {
  const http = new Transport(options);
  const parseSession = using(SessionView);

  const remember = (session: SessionView): SessionView => {
    http.csrfToken = session.csrfToken;
    return session;
  };

  // A cookie write needs the CSRF token; after a page reload the console may not have asked
  // for the session yet, and a rotated token needs one fresh read and one more try.
  async function write<T>(send: () => Promise<T>): Promise<T> {
    if (http.tokenMode) return send();
    if (http.csrfToken === null) await client.session();
    try {
      return await send();
    } catch (error) {
      if (!isApiError(error, 'csrf_failed')) throw error;
      await client.session();
      return send();
    }
  }

  const client: ContinuumClient = {
    get csrfToken() {
      return http.csrfToken;
    },
    cookieHeader: () => http.jar.header(),

    async signIn(input) {
      const session = await http.request({ method: 'POST', path: '/api/session', body: input, csrf: false, parse: parseSession });
      return remember(session);
    },

    async signOut() {
      try {
        // After a reload the token is unknown; no session means there is nothing to end.
        if (!http.tokenMode && http.csrfToken === null && (await client.session()) === null) return;
        await http.request({ method: 'DELETE', path: '/api/session' });
      } catch (error) {
        // Already signed out is the outcome the caller wanted.
        if (!isApiError(error, 'unauthenticated')) throw error;
      } finally {
        http.csrfToken = null;
        http.jar.clear();
      }
    },

    async session(opts = {}) {
      try {
        const session = await http.request({ method: 'GET', path: '/api/session', parse: parseSession, ...opts });
        return remember(session);
      } catch (error) {
        if (isApiError(error, 'unauthenticated')) {
          http.csrfToken = null;
          return null;
        }
        throw error;
      }
    },

    meta: (opts = {}) => http.request({ method: 'GET', path: '/api/meta', parse: using(MetaView), ...opts }),

    listIncidents: ({ limit, status, before, signal } = {}) =>
      http.request({
        method: 'GET',
        path: '/api/incidents',
        query: { limit, status: status?.join(','), before },
        parse: using(IncidentList),
        ...(signal ? { signal } : {}),
      }),

    getIncident: (id, opts = {}) => http.request({ method: 'GET', path: incidentPath(id), parse: using(IncidentView), ...opts }),

    createIncident(body, opts = {}) {
      const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
      return write(() =>
        http.request({ method: 'POST', path: '/api/incidents', body, idempotencyKey, parse: using(IncidentView) }),
      );
    },

    transitionIncident(id, body, opts = {}) {
      const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
      return write(() =>
        http.request({ method: 'POST', path: `${incidentPath(id)}/transitions`, body, idempotencyKey, parse: using(IncidentView) }),
      );
    },

    incidentEvents: (id, opts = {}) =>
      http.request({ method: 'GET', path: `${incidentPath(id)}/events`, parse: using(IncidentEventList), ...opts }),

    triage: (id, opts = {}) => http.request({ method: 'GET', path: `${incidentPath(id)}/triage`, parse: using(TriageView), ...opts }),

    answerTriage(id, body, opts = {}) {
      const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
      return write(() =>
        http.request({ method: 'POST', path: `${incidentPath(id)}/triage/answers`, body, idempotencyKey, parse: using(TriageView) }),
      );
    },
  };
  return client;
}
