import { z } from 'zod';
import {
  AgreementList,
  CadLinksView,
  AgreementView,
  AuditPage,
  IncidentEventList,
  IncidentList,
  IncidentView,
  PrivacyAlertList,
  RegionGeography,
  SessionView,
  TriageView,
  type AuditExportQuery,
  type AuditFilters,
  type CreateAgreementRequest,
  type CreateIncidentRequest,
  type IncidentTransitionRequest,
  type SignInRequest,
  type TriageAnswerRequest,
  type TriageUndoRequest,
} from '@continuum/contracts';
import type { IncidentStatus } from '@continuum/domain';
import { adminMethods, type AdminClient } from './admin-client.ts';
import { organisationMethods, type OrganisationClient } from './organisation-client.ts';
import { dispatchMethods, type DispatchClient } from './dispatch-client.ts';
import { trainingMethods, type TrainingClient } from './training-client.ts';
import { facilityMethods, type FacilitiesClient } from './facilities-client.ts';
import { followupMethods, type FollowupClient } from './followup-client.ts';
import { handoffMethods, type HandoffClient } from './handoff-client.ts';
import { contactMethods, type ContactClient } from './contact-client.ts';
import { reportsMethods, type ReportsClient } from './reports-client.ts';
import { planningMethods, type PlanningClient } from './planning-client.ts';
import { peopleMethods, type PeopleClient } from './people-client.ts';
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
export type TriageUndoInput = z.input<typeof TriageUndoRequest>;
export type CreateAgreementInput = z.input<typeof CreateAgreementRequest>;
/** A break-glass opening: the incident and when the opening lapses. */
export type BreakGlassView = { incident: IncidentView; expiresAt: string };

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
  /** A number (`26-000123`), a phone, or words of the address or a name (ADR 0033). */
  q?: string;
  /** Received at or after / before (ISO instants). */
  from?: string;
  to?: string;
  levels?: readonly number[];
  dispositions?: readonly string[];
  unitId?: string;
}

/** Filters of the audit trail; `to` is exclusive, instants are ISO strings. */
export type AuditFilterInput = AuditFilters;
export interface AuditSearchInput extends AuditFilterInput, ReadOptions {
  /** Cursor: the `nextBeforeId` of the previous page. */
  beforeId?: number;
  /** At most 500; the server's default is 100. */
  limit?: number;
}

export interface ContinuumClient extends AdminClient, OrganisationClient, DispatchClient, FacilitiesClient, FollowupClient, PeopleClient, HandoffClient, TrainingClient, ReportsClient, PlanningClient, ContactClient {
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
  /** Takes back the last answer, naming its question, before the determination (issue 12 §7). */
  undoTriageAnswer(id: string, body: TriageUndoInput, options?: WriteOptions): Promise<TriageView>;
  /** The signed-in user's region for maps: county outlines (GeoJSON), bounding box, towns, located agencies. */
  geoRegion(options?: ReadOptions): Promise<RegionGeography>;
  /** One page of the audit trail, newest first (auditors and privacy officers; the read is audited). */
  searchAudit(query?: AuditSearchInput): Promise<AuditPage>;
  /** Where to download every matching audit row: a link for a browser, a URL to fetch for a program. */
  auditExportUrl(query: AuditFilterInput & { format: AuditExportQuery['format'] }): string;
  /** Break-glass openings for the privacy officer's review, newest first. */
  privacyAlerts(options?: ReadOptions): Promise<PrivacyAlertList>;
  /** Opens a restricted incident with a written reason (supervisors); alerts the privacy officer. */
  breakGlass(id: string, body: { reason: string }): Promise<BreakGlassView>;
  /** Data-sharing agreements, ended ones included. */
  listAgreements(options?: ReadOptions): Promise<AgreementList>;
  /** Records a data-sharing agreement (administrators). */
  createAgreement(body: CreateAgreementInput): Promise<AgreementView>;
  /** Ends an agreement now, with the reason; the access it gave ends with it. */
  endAgreement(id: string, body: { reason: string }): Promise<AgreementView>;
  /** The links with 911 CADs of the administrator's agency: EIDO tokens, webhooks, recent deliveries (ADR 0029). */
  cadLinks(options?: ReadOptions): Promise<CadLinksView>;
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
const BreakGlassView = z.object({ incident: IncidentView, expiresAt: z.string() });

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
    ...adminMethods(http, write, using),
    ...organisationMethods(http, write, using),
    ...dispatchMethods(http, write, using),
    ...trainingMethods(http, write, using),
    ...facilityMethods(http, write, using),
    ...followupMethods(http, write, using),
    ...handoffMethods(http, write, using),
    ...contactMethods(http, write, using),
    ...reportsMethods(http, using),
    ...planningMethods(http, using),
    ...peopleMethods(http, write, using),
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

    listIncidents: ({ limit, status, before, q, from, to, levels, dispositions, unitId, signal } = {}) =>
      http.request({
        method: 'GET',
        path: '/api/incidents',
        query: {
          limit, status: status?.length ? status.join(',') : undefined, before, q, from, to,
          level: levels?.length ? levels.join(',') : undefined, disposition: dispositions?.length ? dispositions.join(',') : undefined, unit: unitId,
        },
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

    geoRegion: (opts = {}) => http.request({ method: 'GET', path: '/api/geo/region', parse: using(RegionGeography), ...opts }),

    triage: (id, opts = {}) => http.request({ method: 'GET', path: `${incidentPath(id)}/triage`, parse: using(TriageView), ...opts }),

    answerTriage(id, body, opts = {}) {
      const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
      return write(() =>
        http.request({ method: 'POST', path: `${incidentPath(id)}/triage/answers`, body, idempotencyKey, parse: using(TriageView) }),
      );
    },

    undoTriageAnswer(id, body, opts = {}) {
      const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
      return write(() =>
        http.request({ method: 'POST', path: `${incidentPath(id)}/triage/answers/undo`, body, idempotencyKey, parse: using(TriageView) }),
      );
    },

    searchAudit: ({ signal, ...query } = {}) =>
      http.request({ method: 'GET', path: '/api/audit', query, parse: using(AuditPage), ...(signal ? { signal } : {}) }),

    auditExportUrl: (query) => http.url('/api/audit/export', query),

    privacyAlerts: (opts = {}) => http.request({ method: 'GET', path: '/api/privacy/alerts', parse: using(PrivacyAlertList), ...opts }),

    // These writes take no idempotency key on the server, so they are sent once and never retried.
    breakGlass: (id, body) =>
      write(() => http.request({ method: 'POST', path: `${incidentPath(id)}/break-glass`, body, parse: using(BreakGlassView) })),

    cadLinks: (opts = {}) => http.request({ method: 'GET', path: '/api/admin/cad-links', parse: using(CadLinksView), ...opts }),

    listAgreements: (opts = {}) => http.request({ method: 'GET', path: '/api/agreements', parse: using(AgreementList), ...opts }),

    createAgreement: (body) => write(() => http.request({ method: 'POST', path: '/api/agreements', body, parse: using(AgreementView) })),

    endAgreement: (id, body) =>
      write(() => http.request({ method: 'POST', path: `/api/agreements/${encodeURIComponent(id)}/end`, body, parse: using(AgreementView) })),
  };
  return client;
}
