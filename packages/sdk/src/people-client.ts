import type { z } from 'zod';
import { CreatePersonRequest, PersonCandidates, PersonConsentView, PersonLinkRequest, PersonSearchResult, PersonView, SafetyPlanRequest } from '@continuum/contracts';
import { newIdempotencyKey } from './idempotency.ts';
import type { Transport } from './transport.ts';

export type CreatePersonInput = z.input<typeof CreatePersonRequest>;
export type SafetyPlanInput = z.input<typeof SafetyPlanRequest>;
export type PersonLinkInput = z.input<typeof PersonLinkRequest>;

interface Opts {
  signal?: AbortSignal;
}

/** The people calls: records, safety plans, consents, candidates and confirmed links (ADR 0013). */
export interface PeopleClient {
  createPerson(body: CreatePersonInput): Promise<PersonView>;
  getPerson(id: string, options?: Opts): Promise<PersonView>;
  searchPeople(q: string, options?: Opts): Promise<PersonSearchResult>;
  setSafetyPlan(id: string, body: SafetyPlanInput): Promise<PersonView>;
  recordPersonConsent(id: string, body: { recipientAgencyIds: string[]; purposes: string[]; expiresAt: string; note?: string }): Promise<z.infer<typeof PersonConsentView>>;
  personCandidates(incidentId: string, options?: Opts): Promise<PersonCandidates>;
  linkPerson(incidentId: string, body: PersonLinkInput): Promise<PersonCandidates>;
  unlinkPerson(incidentId: string, reason: string): Promise<PersonCandidates>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

const enc = encodeURIComponent;

/** The people calls over the client's transport, CSRF and idempotency handled as for every write. */
export function peopleMethods(http: Transport, write: Write, using: Parse): PeopleClient {
  const send = <T>(method: 'POST' | 'PUT', path: string, body: unknown, parse: (json: unknown) => T) =>
    write(() => http.request<T>({ method, path, body, idempotencyKey: newIdempotencyKey(), parse }));
  const get = <T>(path: string, parse: (json: unknown) => T, opts: Opts & { query?: Record<string, string> } = {}) =>
    http.request<T>({ method: 'GET', path, parse, ...(opts.query ? { query: opts.query } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  return {
    createPerson: (body) => send('POST', '/api/people', body, using(PersonView)),
    getPerson: (id, opts) => get(`/api/people/${enc(id)}`, using(PersonView), opts),
    searchPeople: (q, opts) => get('/api/people', using(PersonSearchResult), { ...opts, query: { q } }),
    setSafetyPlan: (id, body) => send('PUT', `/api/people/${enc(id)}/safety-plan`, body, using(PersonView)),
    recordPersonConsent: (id, body) => send('POST', `/api/people/${enc(id)}/consents`, body, using(PersonConsentView)),
    personCandidates: (incidentId, opts) => get(`/api/incidents/${enc(incidentId)}/person-candidates`, using(PersonCandidates), opts),
    linkPerson: (incidentId, body) => send('POST', `/api/incidents/${enc(incidentId)}/person-link`, body, using(PersonCandidates)),
    unlinkPerson: (incidentId, reason) => send('POST', `/api/incidents/${enc(incidentId)}/person-link/undo`, { reason }, using(PersonCandidates)),
  };
}
