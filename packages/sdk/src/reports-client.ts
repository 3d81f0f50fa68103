import type { z } from 'zod';
import { Dashboard, RacCalls, RacReport, ReportDistricts } from '@continuum/contracts';
import type { Transport } from './transport.ts';

interface Opts {
  signal?: AbortSignal;
}

/** The console's filters of the monthly RAC report (GET /api/reports/rac). */
export interface RacQueryInput {
  region: string;
  month: string;
  district?: string;
  entryPoint?: string;
  /** Simulated calls: left out (the default), added, or counted alone; the same switch as every report's. */
  simulated?: 'exclude' | 'include' | 'only';
}

/** Aggregate reports (ADR 0040): the monthly RAC report, its downloads, the live dashboard. */
export interface ReportsClient {
  racReport(query: RacQueryInput, options?: Opts): Promise<RacReport>;
  /** The same report as a download (CSV, XLSX or the printable PDF); the browser sends the session cookie. */
  racReportUrl(query: RacQueryInput & { format: 'csv' | 'xlsx' | 'pdf' }): string;
  dashboard(options?: Opts): Promise<Dashboard>;
  /** Supervisors: the calls of their agency behind one count (table, row keys, measure); audited. */
  racCalls(query: RacQueryInput & { table: string; keys: string[]; measure: string }, options?: Opts): Promise<RacCalls>;
  /** The region's districts as GeoJSON, for the report's map. */
  reportDistricts(options?: Opts): Promise<ReportDistricts>;
}

type Parse = <S extends z.ZodType>(schema: S) => (json: unknown) => z.infer<S>;

const defined = (q: object) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

export function reportsMethods(http: Transport, using: Parse): ReportsClient {
  return {
    racReport: (query, opts = {}) =>
      http.request({ method: 'GET', path: `/api/reports/rac?${new URLSearchParams(defined(query)).toString()}`, parse: using(RacReport), ...(opts.signal ? { signal: opts.signal } : {}) }),
    racReportUrl: (query) => http.url('/api/reports/rac', defined(query)),
    racCalls: ({ keys, ...query }, opts = {}) =>
      http.request({ method: 'GET', path: `/api/reports/rac/calls?${new URLSearchParams({ ...defined(query), keys: keys.join('|') }).toString()}`, parse: using(RacCalls), ...(opts.signal ? { signal: opts.signal } : {}) }),
    reportDistricts: (opts = {}) => http.request({ method: 'GET', path: '/api/reports/districts', parse: using(ReportDistricts), ...(opts.signal ? { signal: opts.signal } : {}) }),
    dashboard: (opts = {}) => http.request({ method: 'GET', path: '/api/reports/dashboard', parse: using(Dashboard), ...(opts.signal ? { signal: opts.signal } : {}) }),
  };
}
