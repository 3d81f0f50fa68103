import type { z } from 'zod';
import {
  AssignmentActionRequest,
  AssignRequest,
  DestinationsView,
  DispatchQueue,
  FieldAssignment,
  IncidentTrail,
  NoteRequest,
  PanicRequest,
  RecommendationView,
  ResponseView,
  UnitDetail,
  UnitList,
  UnitStatusRequest,
  UnitView,
} from '@continuum/contracts';
import { newIdempotencyKey } from './idempotency.ts';
import type { RequestSpec, Transport } from './transport.ts';

export type AssignInput = z.input<typeof AssignRequest>;
export type AssignmentActionInput = z.input<typeof AssignmentActionRequest>;
export type NoteInput = z.input<typeof NoteRequest>;
export type UnitStatusInput = z.input<typeof UnitStatusRequest>;
/** The situation flags of a destination question; each defaults as the server says. */
export type DestinationsInput = Partial<Record<'voluntary' | 'broughtByPolice' | 'intoxicated' | 'medicallyCleared' | 'insured' | 'safeToStay' | 'needsMedicalCare', boolean>> & { chosenPlace?: string };

interface Opts {
  signal?: AbortSignal;
}
interface WriteOpts {
  /** Reuse a key to retry one logical write (the field view's offline queue does). */
  idempotencyKey?: string;
}

/** The dispatch board's and the field view's calls (issue 5). */
export interface DispatchClient {
  listUnits(options?: Opts): Promise<UnitList>;
  /** GET /api/units/{id}: crew with roles and credentials (the one-year warning), capabilities, shifts. */
  getUnit(unitId: string, options?: Opts): Promise<UnitDetail>;
  changeUnitStatus(unitId: string, body: UnitStatusInput, options?: WriteOpts): Promise<UnitView>;
  /** The crew's panic: alerts the dispatcher and the partner units at once. */
  panic(unitId: string, body?: z.input<typeof PanicRequest>, options?: WriteOpts): Promise<UnitView>;
  /** Closes a unit's panic, with or without a call (dispatchers). */
  resolveUnitPanic(unitId: string, body: { reason: string }, options?: WriteOpts): Promise<UnitView>;
  dispatchQueue(options?: Opts): Promise<DispatchQueue>;
  recommendation(incidentId: string, query?: { limit?: number } & Opts): Promise<RecommendationView>;
  incidentResponse(incidentId: string, options?: Opts): Promise<ResponseView>;
  assignUnits(incidentId: string, body: AssignInput, options?: WriteOpts): Promise<ResponseView>;
  assignmentAction(incidentId: string, unitId: string, body: AssignmentActionInput, options?: WriteOpts): Promise<ResponseView>;
  addNote(incidentId: string, body: NoteInput, options?: WriteOpts): Promise<ResponseView>;
  fieldAssignment(query?: { unit?: string } & Opts): Promise<FieldAssignment>;
  incidentTrail(incidentId: string, options?: Opts): Promise<IncidentTrail>;
  /** Where the person may go, least restrictive first; the flags describe the situation as the crew judges it. */
  destinations(incidentId: string, query?: DestinationsInput & Opts): Promise<DestinationsView>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

const enc = encodeURIComponent;

/** The dispatch calls over the client's transport, CSRF and idempotency handled as for every write. */
export function dispatchMethods(http: Transport, write: Write, using: Parse): DispatchClient {
  const post = <T>(path: string, body: unknown, parse: (json: unknown) => T, opts: WriteOpts = {}) => {
    const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
    return write(() => http.request<T>({ method: 'POST', path, body, idempotencyKey, parse }));
  };
  const get = <T>(path: string, parse: (json: unknown) => T, opts: Opts & { query?: RequestSpec<T>['query'] } = {}) =>
    http.request<T>({ method: 'GET', path, parse, ...(opts.query ? { query: opts.query } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  return {
    listUnits: (opts) => get('/api/units', using(UnitList), opts),
    getUnit: (unitId, opts) => get(`/api/units/${enc(unitId)}`, using(UnitDetail), opts),
    changeUnitStatus: (unitId, body, opts) => post(`/api/units/${enc(unitId)}/status`, body, using(UnitView), opts),
    panic: (unitId, body = {}, opts) => post(`/api/units/${enc(unitId)}/panic`, body, using(UnitView), opts),
    resolveUnitPanic: (unitId, body, opts) => post(`/api/units/${enc(unitId)}/panic/resolve`, body, using(UnitView), opts),
    dispatchQueue: (opts) => get('/api/dispatch/queue', using(DispatchQueue), opts),
    recommendation: (id, { limit, signal } = {}) => get(`/api/incidents/${enc(id)}/recommendation`, using(RecommendationView), { signal, query: { limit } }),
    incidentResponse: (id, opts) => get(`/api/incidents/${enc(id)}/response`, using(ResponseView), opts),
    assignUnits: (id, body, opts) => post(`/api/incidents/${enc(id)}/assignments`, body, using(ResponseView), opts),
    assignmentAction: (id, unitId, body, opts) => post(`/api/incidents/${enc(id)}/assignments/${enc(unitId)}`, body, using(ResponseView), opts),
    addNote: (id, body, opts) => post(`/api/incidents/${enc(id)}/notes`, body, using(ResponseView), opts),
    fieldAssignment: ({ unit, signal } = {}) => get('/api/field/assignment', using(FieldAssignment), { signal, query: { unit } }),
    incidentTrail: (id, opts) => get(`/api/incidents/${enc(id)}/trail`, using(IncidentTrail), opts),
    destinations: (id, { signal, ...flags } = {}) =>
      get(`/api/incidents/${enc(id)}/destinations`, using(DestinationsView), { signal, query: Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, v === undefined ? undefined : String(v)])) }),
  };
}
