import type { z } from 'zod';
import { ArrivalRequest, CapacityRequest, FacilityList, FacilityView } from '@continuum/contracts';
import type { FacilityKind } from '@continuum/domain';
import { newIdempotencyKey } from './idempotency.ts';
import type { Transport } from './transport.ts';

export type CapacityInput = z.input<typeof CapacityRequest>;
export type ArrivalInput = z.input<typeof ArrivalRequest>;

interface Opts {
  signal?: AbortSignal;
}
interface WriteOpts {
  idempotencyKey?: string;
}

/** The facility directory's calls (issue 6 items 1-2). */
export interface FacilitiesClient {
  listFacilities(query?: { kinds?: readonly FacilityKind[] } & Opts): Promise<FacilityList>;
  getFacility(id: string, options?: Opts): Promise<FacilityView>;
  /** The facility's own staff report free beds or chairs now. */
  reportCapacity(id: string, body: CapacityInput, options?: WriteOpts): Promise<FacilityView>;
  /** A crew or a dispatcher announces an arrival; it counts against the figure until confirmed. */
  announceArrival(id: string, body?: ArrivalInput, options?: WriteOpts): Promise<FacilityView>;
  confirmArrival(id: string, arrivalId: string, options?: WriteOpts): Promise<FacilityView>;
  cancelArrival(id: string, arrivalId: string, options?: WriteOpts): Promise<FacilityView>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

const enc = encodeURIComponent;

/** The facility calls over the client's transport, CSRF and idempotency handled as for every write. */
export function facilityMethods(http: Transport, write: Write, using: Parse): FacilitiesClient {
  const send = (method: 'POST' | 'PUT', path: string, body: unknown, opts: WriteOpts = {}) => {
    const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
    return write(() => http.request({ method, path, body, idempotencyKey, parse: using(FacilityView) }));
  };
  const arrival = (id: string, arrivalId: string) => `/api/facilities/${enc(id)}/arrivals/${enc(arrivalId)}`;
  return {
    listFacilities: ({ kinds, signal } = {}) =>
      http.request({ method: 'GET', path: '/api/facilities', parse: using(FacilityList), query: { kind: kinds?.length ? kinds.join(',') : undefined }, ...(signal ? { signal } : {}) }),
    getFacility: (id, opts = {}) => http.request({ method: 'GET', path: `/api/facilities/${enc(id)}`, parse: using(FacilityView), ...opts }),
    reportCapacity: (id, body, opts) => send('PUT', `/api/facilities/${enc(id)}/capacity`, body, opts),
    announceArrival: (id, body = {}, opts) => send('POST', `/api/facilities/${enc(id)}/arrivals`, body, opts),
    confirmArrival: (id, arrivalId, opts) => send('POST', `${arrival(id, arrivalId)}/confirm`, {}, opts),
    cancelArrival: (id, arrivalId, opts) => send('POST', `${arrival(id, arrivalId)}/cancel`, {}, opts),
  };
}
