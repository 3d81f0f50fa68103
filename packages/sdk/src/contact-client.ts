import type { z } from 'zod';
import { ContactMessageList, ContactMessageView, GeocodeView, PostContactMessageRequest } from '@continuum/contracts';
import { newIdempotencyKey } from './idempotency.ts';
import type { Transport } from './transport.ts';

interface Opts {
  signal?: AbortSignal;
}

/** A text or chat contact's transcript (issue 11 §2), and where an address is (the agency's geocoder, §4). */
export interface ContactClient {
  contactMessages(incidentId: string, options?: Opts): Promise<ContactMessageList>;
  postContactMessage(incidentId: string, body: z.input<typeof PostContactMessageRequest>, options?: { idempotencyKey?: string }): Promise<ContactMessageView>;
  geocode(q: string, options?: Opts): Promise<GeocodeView>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

const enc = encodeURIComponent;

export function contactMethods(http: Transport, write: Write, using: Parse): ContactClient {
  const signal = (opts: Opts) => (opts.signal ? { signal: opts.signal } : {});
  return {
    contactMessages: (id, opts = {}) => http.request({ method: 'GET', path: `/api/incidents/${enc(id)}/messages`, parse: using(ContactMessageList), ...signal(opts) }),
    postContactMessage: (id, body, opts = {}) => {
      const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
      return write(() => http.request({ method: 'POST', path: `/api/incidents/${enc(id)}/messages`, body, idempotencyKey, parse: using(ContactMessageView) }));
    },
    geocode: (q, opts = {}) => http.request({ method: 'GET', path: `/api/geo/geocode?${new URLSearchParams({ q })}`, parse: using(GeocodeView), ...signal(opts) }),
  };
}
