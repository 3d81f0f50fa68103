import { z } from 'zod';
import { ErrorBody } from './common.ts';
import { Text } from './text.ts';

/**
 * Planning (issue 13 §3-4): the region's digital twin run on its own plans, and the planner's
 * changes run beside it on the same seed. Every figure is of simulated calls: no person's call
 * is read, so the answer carries nothing a field class guards.
 */

/** A run's days are bounded so that one request cannot hold a worker for long (about a second a simulated year). */
export const PLANNING_LIMITS = { maxDays: 365, defaultDays: 30, maxAdded: 10, maxMoves: 10 } as const;
export const PLANNING_SHIFTS = ['day', 'night', 'always'] as const;

const ListOf = (item: RegExp, rule: string, max: number) =>
  Text.max(2000)
    .refine((s) => s.split(',').every((x) => item.test(x)), { message: rule })
    .refine((s) => s.split(',').length <= max, { message: `at most ${max} items` });

/** GET /api/planning/run: the baseline, and the scenario with the changes given, on one seed. */
export const PlanningRunQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(PLANNING_LIMITS.maxDays).default(PLANNING_LIMITS.defaultDays),
    seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
    /** Teams to add: `shift@place`, comma-separated (`day@county.17019,night@facility.living-room`). */
    add: ListOf(/^(day|night|always)@[a-z0-9][a-z0-9_.-]{0,120}$/, 'write shift@place, the shift day, night or always', PLANNING_LIMITS.maxAdded).optional(),
    /** Bases to move: `team@place`, comma-separated. */
    move: ListOf(/^[a-z0-9][a-z0-9_.-]{0,100}@[a-z0-9][a-z0-9_.-]{0,120}$/, 'write team@place', PLANNING_LIMITS.maxMoves).optional(),
    /** The RAC's maximum in minutes for level 2 and level 3 calls. */
    max2: z.coerce.number().int().min(5).max(1440).optional(),
    max3: z.coerce.number().int().min(5).max(1440).optional(),
    /** `always`: the Living Room open around the clock. */
    livingRoom: z.enum(['always']).optional(),
    /** An attachment instead of the stream of progress and result. */
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();
export type PlanningRunQuery = z.input<typeof PlanningRunQuery>;

const Shifts = z.union([z.literal('always'), z.array(z.object({ days: z.array(z.string()), start: z.string(), end: z.string() }))]);

/** GET /api/planning/scenario: the region's scenario as the planner edits it. */
export const PlanningScenario = z.object({
  regionId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  seed: z.number().int(),
  limits: z.object({ maxDays: z.number().int(), defaultDays: z.number().int(), maxAdded: z.number().int() }),
  teams: z.array(z.object({ id: z.string(), name: z.string(), model: z.string(), count: z.number().int(), youth: z.boolean(), shifts: Shifts, base: z.string() })),
  facilities: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), capacity: z.number().int(), hours: z.union([z.literal('always'), z.object({ opens: z.string(), closes: z.string() })]) })),
  places: z.array(z.object({ id: z.string(), label: z.string() })),
  /** The RAC's maximum by level where the scenario sets one; null: the plans' own. */
  maximumMinutes: z.object({ '2': z.number().int().nullable(), '3': z.number().int().nullable() }),
});
export type PlanningScenario = z.infer<typeof PlanningScenario>;

const n = z.number().nullable();
const ResponseFigures = z.object({
  calls: z.number().int(),
  responded: z.number().int(),
  p50: n,
  p90: n,
  p95: n,
  withinMax: n,
  crisisTeamShare: n,
  alternativeTeamShare: n,
  policeFallbackShare: n,
  noTeamShare: n,
  meanQueueWait: n,
  queuedShare: n,
  misses: z.number().int(),
});
export type ResponseFigures = z.infer<typeof ResponseFigures>;

/** One run's figures (packages/sim's SimResult). */
export const SimFigures = z.object({
  scenario: z.string(),
  seed: z.number().int(),
  days: z.number().int(),
  population: z.number().int(),
  events: z.number().int(),
  contacts: z.object({
    total: z.number().int(),
    byEntry: z.record(z.string(), z.number().int()),
    byLevel: z.record(z.string(), z.number().int()),
    walkInsFacility: z.number().int(),
    walkInsEd: z.number().int(),
    channels988: z.record(z.string(), z.number().int()),
  }),
  handoffs: z.object({ from911to988: z.number().int(), from988to911: z.number().int() }),
  servedBy: z.record(z.string(), z.number().int()),
  levels: z.array(ResponseFigures.extend({ level: z.number().int() })),
  counties: z.array(ResponseFigures.extend({ fips: z.string(), name: z.string(), population: z.number().int(), levels23: ResponseFigures })),
  regions: z.array(z.object({
    id: z.string(),
    name: z.string(),
    teams: z.number().int(),
    utilisationByHour: z.array(z.number()),
    missesByHour: z.array(z.number().int()),
    onDutyTeamsByHour: z.array(z.number()),
    followup: z.object({ caseManagers: z.number().int(), episodesOpened: z.number().int(), meanOpen: z.number(), openPerCaseManager: n, openedPerCaseManagerPerMonth: n }),
  })),
  teams: z.object({ jobs: z.number().int(), meanBusyMinutes: n, meanBusyTeams: z.number() }),
  facilities: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), capacity: z.number().int(), admissions: z.number().int(), turnAways: z.number().int(), meanOccupancy: z.number(), occupancyShare: z.number(), peak: z.number().int(), meanStayHours: n })),
  noPlace: z.number().int(),
});
export type SimFigures = z.infer<typeof SimFigures>;

/** The baseline and, when changes were asked for, the changed scenario on the same seed. */
export const PlanningRun = z.object({
  regionId: z.string(),
  days: z.number().int(),
  seed: z.number().int(),
  /** The changes in words, in the order given. */
  changes: z.array(z.string()),
  baseline: SimFigures,
  changed: SimFigures.nullable(),
});
export type PlanningRun = z.infer<typeof PlanningRun>;

/** A line of the run's stream (`application/x-ndjson`): progress, then the result or an error. */
export const PlanningStreamLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), stage: z.enum(['baseline', 'changed']), done: z.number() }),
  z.object({ type: z.literal('result'), run: PlanningRun }),
  z.object({ type: z.literal('error'), error: ErrorBody.shape.error }),
]);
export type PlanningStreamLine = z.infer<typeof PlanningStreamLine>;
