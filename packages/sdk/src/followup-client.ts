import type { z } from 'zod';
import {
  AttemptRequest,
  CaseloadView,
  AssignEpisodeRequest,
  CloseEpisodeRequest,
  EpisodeView,
  FhirBundle,
  OpenEpisodeRequest,
  ReferralRequest,
  ReferralStatusRequest,
  TaskRequest,
} from '@continuum/contracts';
import { newIdempotencyKey } from './idempotency.ts';
import type { Transport } from './transport.ts';

interface Opts {
  signal?: AbortSignal;
}

/** The follow-up calls (issue 6 §6-7): the caseload, an episode and what a case manager does on it. */
export interface FollowupClient {
  caseload(options?: Opts): Promise<CaseloadView>;
  episode(id: string, options?: Opts): Promise<EpisodeView>;
  openEpisode(body: z.input<typeof OpenEpisodeRequest>): Promise<EpisodeView>;
  logAttempt(id: string, body: z.input<typeof AttemptRequest>): Promise<EpisodeView>;
  addTask(id: string, body: z.input<typeof TaskRequest>): Promise<EpisodeView>;
  completeTask(id: string, taskId: string): Promise<EpisodeView>;
  addReferral(id: string, body: z.input<typeof ReferralRequest>): Promise<EpisodeView>;
  changeReferralStatus(id: string, referralId: string, body: z.input<typeof ReferralStatusRequest>): Promise<EpisodeView>;
  closeEpisode(id: string, body: z.input<typeof CloseEpisodeRequest>): Promise<EpisodeView>;
  /** Takes the episode into your caseload (`take: true`) or hands it back to the agency's. */
  assignEpisode(id: string, body: z.input<typeof AssignEpisodeRequest>): Promise<EpisodeView>;
  referralFhir(id: string, referralId: string, options?: Opts): Promise<FhirBundle>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

const enc = encodeURIComponent;

/** The follow-up calls over the client's transport, CSRF and idempotency handled as for every write. */
export function followupMethods(http: Transport, write: Write, using: Parse): FollowupClient {
  const episodeOf = using(EpisodeView);
  const post = (path: string, body: unknown) => write(() => http.request({ method: 'POST', path, body, idempotencyKey: newIdempotencyKey(), parse: episodeOf }));
  const base = (id: string) => `/api/followup/episodes/${enc(id)}`;
  return {
    caseload: (opts = {}) => http.request({ method: 'GET', path: '/api/followup/caseload', parse: using(CaseloadView), ...(opts.signal ? { signal: opts.signal } : {}) }),
    episode: (id, opts = {}) => http.request({ method: 'GET', path: base(id), parse: episodeOf, ...(opts.signal ? { signal: opts.signal } : {}) }),
    openEpisode: (body) => post('/api/followup/episodes', body),
    logAttempt: (id, body) => post(`${base(id)}/attempts`, body),
    addTask: (id, body) => post(`${base(id)}/tasks`, body),
    completeTask: (id, taskId) => post(`${base(id)}/tasks/${enc(taskId)}/complete`, {}),
    addReferral: (id, body) => post(`${base(id)}/referrals`, body),
    changeReferralStatus: (id, referralId, body) => post(`${base(id)}/referrals/${enc(referralId)}/status`, body),
    closeEpisode: (id, body) => post(`${base(id)}/close`, body),
    assignEpisode: (id, body) => post(`${base(id)}/assign`, body),
    referralFhir: (id, referralId, opts = {}) => http.request({ method: 'GET', path: `${base(id)}/referrals/${enc(referralId)}/fhir`, parse: using(FhirBundle), ...(opts.signal ? { signal: opts.signal } : {}) }),
  };
}
