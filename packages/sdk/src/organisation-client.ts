import { z } from 'zod';
import {
  AgencyAdminList,
  AgencyAdminView,
  DistrictImportResult,
  DistrictList,
  DistrictRemoved,
  RegionAdminList,
  RegionAdminView,
  UnitAdminList,
  UnitAdminView,
  type CreateAgencyRequest,
  type CreateUnitRequest,
  type DistrictImportRequest,
  type ServiceAreaImportRequest,
  type UpdateAgencyRequest,
  type UpdateRegionRequest,
  type UpdateUnitRequest,
} from '@continuum/contracts';
import { newIdempotencyKey } from './idempotency.ts';
import type { Transport } from './transport.ts';

export type UpdateRegionInput = z.input<typeof UpdateRegionRequest>;
export type CreateAgencyInput = z.input<typeof CreateAgencyRequest>;
export type UpdateAgencyInput = z.input<typeof UpdateAgencyRequest>;
export type CreateUnitInput = z.input<typeof CreateUnitRequest>;
export type UpdateUnitInput = z.input<typeof UpdateUnitRequest>;
export type ServiceAreaImportInput = z.input<typeof ServiceAreaImportRequest>;
export type DistrictImportInput = z.input<typeof DistrictImportRequest>;

interface Opts {
  signal?: AbortSignal;
}
interface WriteOpts {
  idempotencyKey?: string;
}

/** A region's organisation as administrators keep it (issue 16 §1): regions, agencies, units, police districts. */
export interface OrganisationClient {
  listAdminRegions(options?: Opts): Promise<RegionAdminList>;
  updateRegion(regionId: string, body: UpdateRegionInput, options?: WriteOpts): Promise<RegionAdminView>;
  listAdminAgencies(query?: { regionId?: string } & Opts): Promise<AgencyAdminList>;
  createAgency(body: CreateAgencyInput, options?: WriteOpts): Promise<AgencyAdminView>;
  updateAgency(agencyId: string, body: UpdateAgencyInput, options?: WriteOpts): Promise<AgencyAdminView>;
  listAdminUnits(query?: { agencyId?: string; retired?: boolean } & Opts): Promise<UnitAdminList>;
  createUnit(body: CreateUnitInput, options?: WriteOpts): Promise<UnitAdminView>;
  updateUnit(id: string, body: UpdateUnitInput, options?: WriteOpts): Promise<UnitAdminView>;
  /** Sets a unit's service area from a GeoJSON file's contents. */
  importServiceArea(id: string, body: ServiceAreaImportInput, options?: WriteOpts): Promise<UnitAdminView>;
  retireUnit(id: string, body: { reason: string }, options?: WriteOpts): Promise<UnitAdminView>;
  listDistricts(query?: { regionId?: string } & Opts): Promise<DistrictList>;
  /** Imports districts from a GeoJSON FeatureCollection; `dryRun` says what would change. */
  importDistricts(body: DistrictImportInput, options?: WriteOpts): Promise<DistrictImportResult>;
  removeDistrict(districtId: string, options?: WriteOpts): Promise<DistrictRemoved>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;
type Write = <T>(send: () => Promise<T>) => Promise<T>;

const enc = encodeURIComponent;
const signalOf = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** The organisation calls over the client's transport, CSRF and idempotency handled as for every write. */
export function organisationMethods(http: Transport, write: Write, using: Parse): OrganisationClient {
  const send = <S extends z.ZodType>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown, schema: S, opts: WriteOpts = {}) => {
    const idempotencyKey = opts.idempotencyKey ?? newIdempotencyKey();
    return write(() => http.request({ method, path, ...(body === undefined ? {} : { body }), idempotencyKey, parse: using(schema) }));
  };
  return {
    listAdminRegions: (opts = {}) => http.request({ method: 'GET', path: '/api/admin/regions', parse: using(RegionAdminList), ...opts }),
    updateRegion: (regionId, body, opts) => send('PATCH', `/api/admin/regions/${enc(regionId)}`, body, RegionAdminView, opts),
    listAdminAgencies: ({ regionId, signal } = {}) =>
      http.request({ method: 'GET', path: '/api/admin/agencies', query: { regionId }, parse: using(AgencyAdminList), ...signalOf(signal) }),
    createAgency: (body, opts) => send('POST', '/api/admin/agencies', body, AgencyAdminView, opts),
    updateAgency: (agencyId, body, opts) => send('PATCH', `/api/admin/agencies/${enc(agencyId)}`, body, AgencyAdminView, opts),
    listAdminUnits: ({ agencyId, retired, signal } = {}) =>
      http.request({ method: 'GET', path: '/api/admin/units', query: { agencyId, retired: retired === undefined ? undefined : String(retired) }, parse: using(UnitAdminList), ...signalOf(signal) }),
    createUnit: (body, opts) => send('POST', '/api/admin/units', body, UnitAdminView, opts),
    updateUnit: (id, body, opts) => send('PATCH', `/api/admin/units/${enc(id)}`, body, UnitAdminView, opts),
    importServiceArea: (id, body, opts) => send('PUT', `/api/admin/units/${enc(id)}/service-area`, body, UnitAdminView, opts),
    retireUnit: (id, body, opts) => send('POST', `/api/admin/units/${enc(id)}/retire`, body, UnitAdminView, opts),
    listDistricts: ({ regionId, signal } = {}) =>
      http.request({ method: 'GET', path: '/api/admin/districts', query: { regionId }, parse: using(DistrictList), ...signalOf(signal) }),
    importDistricts: (body, opts) => send('POST', '/api/admin/districts/import', body, DistrictImportResult, opts),
    removeDistrict: (districtId, opts) => send('DELETE', `/api/admin/districts/${enc(districtId)}`, undefined, DistrictRemoved, opts),
  };
}
