import type { z } from 'zod';
import { HandoffDestinations, HandoffList, HandoffView, OfferHandoffRequest } from '@continuum/contracts';
import { newIdempotencyKey } from './idempotency.ts';
import type { Transport } from './transport.ts';

interface Opts {
  signal?: AbortSignal;
}

/** Hand-offs between agencies (ADR 0028): offer, the inbox, accept, decline. */
export interface HandoffClient {
  offerHandoff(body: z.input<typeof OfferHandoffRequest>, options?: { idempotencyKey?: string }): Promise<HandoffView>;
  handoffs(query?: { box?: 'inbox' | 'sent' | 'all'; incidentId?: string }, options?: Opts): Promise<HandoffList>;
  handoffDestinations(options?: Opts): Promise<HandoffDestinations>;
  acceptHandoff(id: string, options?: { idempotencyKey?: string }): Promise<HandoffView>;
  declineHandoff(id: string, reason: string): Promise<HandoffView>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

const enc = encodeURIComponent;

export function handoffMethods(http: Transport, write: Write, using: Parse): HandoffClient {
  const one = using(HandoffView);
  const post = (path: string, body: unknown, idempotencyKey = newIdempotencyKey()) => write(() => http.request({ method: 'POST', path, body, idempotencyKey, parse: one }));
  return {
    offerHandoff: (body, opts = {}) => post('/api/handoffs', body, opts.idempotencyKey),
    handoffs: (query = {}, opts = {}) => {
      const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined) as [string, string][]).toString();
      return http.request({ method: 'GET', path: `/api/handoffs${qs ? `?${qs}` : ''}`, parse: using(HandoffList), ...(opts.signal ? { signal: opts.signal } : {}) });
    },
    handoffDestinations: (opts = {}) => http.request({ method: 'GET', path: '/api/handoffs/destinations', parse: using(HandoffDestinations), ...(opts.signal ? { signal: opts.signal } : {}) }),
    acceptHandoff: (id, opts = {}) => post(`/api/handoffs/${enc(id)}/accept`, {}, opts.idempotencyKey),
    declineHandoff: (id, reason) => post(`/api/handoffs/${enc(id)}/decline`, { reason }),
  };
}
