import { z } from 'zod';
import { Text } from './text.ts';

/**
 * Reports cover one whole calendar month of the region's local time: a window of the reader's
 * choosing could be narrowed, or two subtracted, to find a single call.
 */
/** Simulated calls (issue 13 §5, ADR 0037) are left out of every report unless asked for: `include` adds them, `only` counts them alone. */
export const SIMULATED_IN_REPORTS = ['exclude', 'include', 'only'] as const;

export const ReportMonthQuery = z
  .object({
    month: Text.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a calendar month, YYYY-MM (reports cover whole months)'),
    simulated: z.enum(SIMULATED_IN_REPORTS).optional(),
  })
  .strict();

/**
 * Counts of 1 to 10 are null with `suppressed: true`, and so is any count that would give one
 * away (a total minus the others): aggregates never point at a person.
 */
export const OverrideReport = z.object({
  regionId: z.string(),
  month: z.string(),
  /** Whether simulated calls were left out (the default), added, or counted alone. */
  simulated: z.enum(SIMULATED_IN_REPORTS),
  /** The month's local time zone, and its bounds as instants (from inclusive, to exclusive). */
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  triaged: z.number().int().nullable(),
  overridden: z.number().int().nullable(),
  /** Calls on which a supervisor let a CESSA §30 ground stand without its fact (issue 12 §4); suppressed like any count. */
  groundOverridden: z.number().int().nullable(),
  rows: z.array(z.object({ reasonCode: z.string(), from: z.string(), to: z.string(), count: z.number().int().nullable(), suppressed: z.boolean() })),
});
export type OverrideReport = z.infer<typeof OverrideReport>;

/** GET /api/reports/handoffs: the month (ADR 0020) and, optionally, the reader's own region named. */
export const HandoffReportQuery = z
  .object({
    month: Text.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a calendar month, YYYY-MM (reports cover whole months)'),
    region: Text.min(1).max(100).optional(),
  })
  .strict();

/**
 * Hand-offs of one region and month for the CESSA §40 figures (ADR 0028): by kind, direction
 * (sending and receiving agency kinds) and outcome, with seconds to acceptance. Counts of 1 to 10,
 * and any count that would give one away, are null with `suppressed: true`; the times of a
 * suppressed group are not shown either.
 */
export const HandoffReport = z.object({
  regionId: z.string(),
  month: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  offered: z.number().int().nullable(),
  rows: z.array(
    z.object({
      kind: z.string(),
      fromAgencyKind: z.string(),
      toAgencyKind: z.string(),
      outcome: z.string(),
      count: z.number().int().nullable(),
      suppressed: z.boolean(),
      acceptedSecondsMedian: z.number().int().nullable(),
      acceptedSecondsP90: z.number().int().nullable(),
    }),
  ),
});
export type HandoffReport = z.infer<typeof HandoffReport>;

/** The formats of GET /api/reports/rac: the documented JSON, and attachments with the same numbers. */
export const RAC_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;

/** The RAC report's simulated switch and its deprecated spelling, shared by the report and its drill-down. */
const SIMULATED_SWITCH = {
  simulated: z.enum(SIMULATED_IN_REPORTS).optional(),
  /** Deprecated: `simulated=include` (true) or `simulated=exclude` (false). */
  includeSimulated: z.enum(['true', 'false']).optional().describe('Deprecated: use simulated=include|exclude'),
};
const simulatedAgrees = (q: { simulated?: string | undefined; includeSimulated?: string | undefined }): boolean =>
  q.simulated === undefined || q.includeSimulated === undefined || (q.includeSimulated === 'true') === (q.simulated === 'include');
const SIMULATED_DISAGREE = {
  path: ['includeSimulated'],
  message: 'deprecated spelling of simulated; when both are given they must agree (includeSimulated=true is simulated=include)',
};

/**
 * GET /api/reports/rac (issue 14 §2, §5): the region (the reader's own), a month that has ended,
 * the format, and the console's filters. Simulated calls are left out unless asked, by the same
 * `simulated=exclude|include|only` as every report; `includeSimulated=true|false` is the
 * deprecated spelling of `simulated=include|exclude`, still accepted (both at once must agree).
 */
export const RacReportQuery = z
  .object({
    region: Text.min(1).max(100),
    month: Text.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a calendar month, YYYY-MM (reports cover whole months)'),
    format: z.enum(RAC_FORMATS).default('json'),
    district: Text.min(1).max(100).optional(),
    entryPoint: z.enum(['911', '988', 'direct', 'cares']).optional(),
    ...SIMULATED_SWITCH,
  })
  .strict()
  .refine(simulatedAgrees, SIMULATED_DISAGREE);

/**
 * One table of the RAC report: rows keyed by its dimensions (a last row keyed `all` holds the
 * column totals), values in the order of `measures`: counts first, then minutes and shares. A null
 * value is a suppressed count (1 to 10, or one that would give such a count away) or a statistic
 * of a group too small to show.
 */
export const RacTable = z.object({
  id: z.string(),
  title: z.string(),
  dimensions: z.array(z.string()),
  measures: z.array(z.string()),
  rows: z.array(z.object({ keys: z.array(z.string()), values: z.array(z.number().nullable()) })),
  note: z.string().optional(),
});

/** The monthly RAC report: the JSON export for the state's data system (docs/adr/0040). */
export const RacReport = z.object({
  regionId: z.string(),
  /** The region's name, for the report's header. */
  regionName: z.string().nullable(),
  month: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  /** `region`: every call of the region, small cells suppressed; `agency`: a supervisor's own agency's calls, unsuppressed. */
  scope: z.enum(['region', 'agency']),
  agencyId: z.string().nullable(),
  suppressed: z.boolean(),
  /** Whether simulated calls were left out (the default), added, or counted alone: the same name as every report's. */
  simulated: z.enum(SIMULATED_IN_REPORTS),
  /** Deprecated: `simulated !== 'exclude'`. */
  includeSimulated: z.boolean(),
  filters: z.object({ district: z.string().nullable(), entryPoint: z.string().nullable() }),
  calls: z.number().int().nullable(),
  tables: z.array(RacTable),
  /** What the report would show but nothing records yet. */
  missing: z.array(z.string()),
});
export type RacReport = z.infer<typeof RacReport>;

/**
 * GET /api/reports/dashboard (issue 14 §3): the supervisor's live picture of the region today.
 * Counts and ages only: no call, person or address.
 */
export const Dashboard = z.object({
  regionId: z.string(),
  at: z.string(),
  /** Local midnight today (the region's zone). */
  since: z.string(),
  callsToday: z.number().int(),
  byStatus: z.array(z.object({ status: z.string(), count: z.number().int() })),
  /** Open calls waiting in each queue (received, triaged, awaiting dispatch) and the oldest wait in seconds. */
  queues: z.array(z.object({ queue: z.string(), waiting: z.number().int(), oldestWaitSeconds: z.number().int() })),
  /** Open calls with nobody on scene past their maximum response time. */
  breaches: z.object({ count: z.number().int(), longestOverSeconds: z.number().int().nullable() }),
  handoffsWaiting: z.object({ count: z.number().int(), oldestWaitSeconds: z.number().int().nullable() }),
  unitsByStatus: z.array(z.object({ status: z.string(), count: z.number().int() })),
});
export type Dashboard = z.infer<typeof Dashboard>;

/**
 * GET /api/reports/rac/calls (issue 14 §3): the calls behind one cell of the monthly report, for
 * a supervisor's own agency. The report's own parameters, and the cell: its table, its row's keys
 * joined by `|` (`all` for a totals place), and its count measure.
 */
export const RacCallsQuery = z
  .object({
    region: Text.min(1).max(100),
    month: Text.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a calendar month, YYYY-MM (reports cover whole months)'),
    table: Text.min(1).max(60),
    keys: Text.min(1).max(400),
    measure: Text.min(1).max(60),
    district: Text.min(1).max(100).optional(),
    entryPoint: z.enum(['911', '988', 'direct', 'cares']).optional(),
    // The report's own switch, so a cell lists the calls its figure counted.
    ...SIMULATED_SWITCH,
  })
  .strict()
  .refine(simulatedAgrees, SIMULATED_DISAGREE);
export type RacCallsQuery = z.infer<typeof RacCallsQuery>;

/** The most calls one drill-down lists; `total` still counts them all. */
export const RAC_CALLS_LIMIT = 200;

/** The calls behind a cell, oldest first: what opens each, nothing about the person. */
export const RacCalls = z.object({
  regionId: z.string(),
  month: z.string(),
  table: z.string(),
  keys: z.array(z.string()),
  measure: z.string(),
  total: z.number().int(),
  /** More calls than RAC_CALLS_LIMIT: the first ones are listed. */
  truncated: z.boolean(),
  calls: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      receivedAt: z.string(),
      status: z.string(),
      entryPoint: z.string(),
      riskLevel: z.number().int().nullable(),
      responseGiven: z.string(),
      simulated: z.boolean(),
    }),
  ),
});
export type RacCalls = z.infer<typeof RacCalls>;

/**
 * GET /api/reports/districts: the reader's region's police districts, municipalities and beats as
 * GeoJSON features, for the Reports area's map (issue 14 §3). Boundaries and names only.
 */
export const ReportDistricts = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }),
      properties: z.object({ id: z.string(), name: z.string(), kind: z.string(), setting: z.enum(['urban', 'rural']).nullable() }),
    }),
  ),
});
export type ReportDistricts = z.infer<typeof ReportDistricts>;
