import { FACILITY_KINDS, RESPONDERS, RESPONSE_MODELS, WEEKDAYS } from '@continuum/domain';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { countyByFips } from './counties.ts';
import { DEFAULTS } from './defaults.ts';

/**
 * The scenario file (packages/sim/scenarios/README.md): the region, its demand, its teams and
 * facilities, and the distributions of the work. Strict, so a misspelt key is refused rather than
 * silently replaced by a default; every problem is reported with its path and rule before the
 * simulation starts. Defaults and their sources are in defaults.ts.
 */

const fips = z.string().regex(/^17\d{3}$/, 'an Illinois county FIPS code, five digits starting with 17').refine((f) => countyByFips(f) !== undefined, {
  message: 'no Illinois county has this FIPS code',
  params: { rule: 'known_county' },
});
const id = z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9_.-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');
const rate = z.number().nonnegative();
const share = z.number().min(0).max(1);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM (24-hour)');

/** A duration drawn per job; `cv` is the standard deviation over the mean (lognormal only). */
export const Distribution = z.strictObject({
  distribution: z.enum(['fixed', 'exponential', 'lognormal', 'uniform']),
  mean: z.number().positive(),
  cv: z.number().nonnegative().default(0.5),
  /** For `uniform`: the range is [min, max] and `mean` must be their midpoint. */
  min: z.number().nonnegative().optional(),
  max: z.number().nonnegative().optional(),
});
export type Distribution = z.output<typeof Distribution>;

const Shift = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).min(1).default([...WEEKDAYS]),
  start: hhmm,
  /** At or before `start`: the shift runs past midnight. */
  end: hhmm,
});
const Shifts = z.union([z.literal('always'), z.array(Shift).min(1)]);

const Hours = z.union([z.literal('always'), z.strictObject({ opens: hhmm, closes: hhmm })]);

const Place = z.strictObject({ county: fips, lat: z.number().min(36.9).max(42.6).optional(), lon: z.number().min(-91.6).max(-87.0).optional() });

const Team = z.strictObject({
  id,
  name: z.string().min(1).max(200).optional(),
  model: z.enum(RESPONSE_MODELS),
  composition: z.array(z.enum(RESPONDERS)).min(1),
  base: Place,
  /** Counties the team may be sent to; default the base's county. */
  serviceCounties: z.array(fips).min(1).optional(),
  /** Identical teams on the same base and shifts. */
  count: z.number().int().min(1).max(1000).default(1),
  shifts: Shifts.default('always'),
  youth: z.boolean().default(false),
  canTransport: z.boolean().default(true),
});

/** Teams laid out per county by population, for a state-wide scenario. */
const CountyTeams = z.strictObject({
  idPrefix: id,
  model: z.enum(RESPONSE_MODELS),
  composition: z.array(z.enum(RESPONDERS)).min(1),
  /** One team per this many residents, rounded, at least `min`. */
  perPopulation: z.number().int().positive(),
  min: z.number().int().nonnegative().default(1),
  shifts: Shifts.default('always'),
  youth: z.boolean().default(false),
  /** Default: every county of the scenario's regions. */
  counties: z.array(fips).min(1).optional(),
});

const Facility = z.strictObject({
  id,
  name: z.string().min(1).max(200).optional(),
  kind: z.enum(FACILITY_KINDS),
  at: Place,
  capacity: z.number().int().min(1).max(10_000),
  hours: Hours.default('always'),
  stayHours: Distribution.optional(),
  turnaroundMinutes: Distribution.optional(),
});

const CountyFacilities = z.strictObject({
  idPrefix: id,
  kind: z.enum(FACILITY_KINDS),
  /** Places per 100,000 residents, rounded up, at least `min`. */
  capacityPer100k: z.number().positive(),
  min: z.number().int().min(1).default(1),
  hours: Hours.default('always'),
  counties: z.array(fips).min(1).optional(),
});

const Region = z.strictObject({
  /** The region whose RAC plans apply (a key of the protocol's regionalOverrides), or any id for the statewide plans. */
  id,
  name: z.string().min(1).max(200).optional(),
  counties: z.array(fips).min(1),
  caseManagers: z.number().int().nonnegative().default(DEFAULTS.caseManagersPerRegion),
  /**
   * The RAC's maximum response time in minutes for level 2 and level 3 calls, replacing the
   * plans' own where set: what the planner's "change a maximum" tries before the RAC revises it.
   */
  maximumMinutes: z.strictObject({ '2': z.number().int().min(5).max(1440).optional(), '3': z.number().int().min(5).max(1440).optional() }).optional(),
});

const ENTRY = ['911', '988', 'cares'] as const;
const weights = (n: number) => z.array(rate).length(n).refine((w) => w.some((x) => x > 0), { message: 'at least one weight must be more than 0', params: { rule: 'positive_total' } });
const AnswerWeights = z.record(z.string().min(1).max(100), z.record(z.string().min(1).max(100), rate));

const Demand = z.strictObject({
  /** `poisson`: random arrivals; `deterministic`: evenly spaced, the exact expected count (validation). */
  arrivals: z.enum(['poisson', 'deterministic']).default('poisson'),
  /**
   * `crisis_now`: calls are scaled so that the protocol's in-person share (levels 2-3) equals
   * Crisis Now's mobile share of its in-person episodes; `contacts`: the contact rates are used as given.
   */
  calibration: z.enum(['crisis_now', 'contacts']).default('crisis_now'),
  crisisNow: z
    .strictObject({
      episodesPer100kPerMonth: rate.default(DEFAULTS.crisisNow.episodesPer100kPerMonth),
      split: z
        .strictObject({ mobile: share, facility: share, ed: share })
        .default(DEFAULTS.crisisNow.split)
        .refine((s) => Math.abs(s.mobile + s.facility + s.ed - 1) < 1e-9, { message: 'mobile, facility and ed must add up to 1', params: { rule: 'sums_to_one' } }),
      mobileToFacility: share.default(DEFAULTS.crisisNow.mobileToFacility),
    })
    .default(DEFAULTS.crisisNow),
  contactsPer100kPerMonth: z.strictObject({ '911': rate, '988': rate, cares: rate }).default(DEFAULTS.contactsPer100kPerMonth),
  /** Share of calls by entry point under `crisis_now` calibration. */
  entryMix: z.strictObject({ '911': rate, '988': rate, cares: rate }).default(DEFAULTS.entryMix),
  /** 988 contacts by channel. */
  channelMix: z.strictObject({ voice: rate, text: rate, chat: rate }).default(DEFAULTS.channelMix),
  hourProfile: weights(24).default([...DEFAULTS.hourProfile]),
  /** Monday first. */
  dayProfile: weights(7).default([...DEFAULTS.dayProfile]),
  /** `county`: spread over the county's area; `point`: every call at its centroid (queueing validation). */
  spread: z.enum(['county', 'point']).default('county'),
});

const Response = z.strictObject({
  onSceneMinutes: Distribution.default(DEFAULTS.onSceneMinutes),
  /** Police response time when police go (level 4, or the §30 fallback). */
  policeMinutes: Distribution.default(DEFAULTS.policeMinutes),
  /** `rule`: CESSA §30, police only when no crisis team can arrive within the maximum; `never`: calls wait for a team (validation). */
  fallback: z.enum(['rule', 'never']).default('rule'),
  youthShareOfCares: share.default(1),
});

const Followup = z.strictObject({
  /** Share of crisis-team responses that open a follow-up episode. */
  share: share.default(DEFAULTS.followupShare),
});

export const ScenarioFile = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(4000).optional(),
  /** The protocol file, relative to the repository's protocols/ folder. */
  protocol: z.string().regex(/^[a-z0-9][a-z0-9_./-]*\.ya?ml$/).default(DEFAULTS.protocol),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  days: z.number().int().min(1).max(3660).default(365),
  regions: z.array(Region).min(1),
  demand: Demand.default(Demand.parse({})),
  /** Answer weights per question of the protocol (the person's situation); missing questions use the defaults. */
  situation: AnswerWeights.default({}),
  /** Per entry point: weights that replace those of `situation` for that entry point. */
  situationByEntry: z.partialRecord(z.enum(ENTRY), AnswerWeights).default({}),
  response: Response.default(Response.parse({})),
  teams: z.array(Team).default([]),
  countyTeams: z.array(CountyTeams).default([]),
  facilities: z.array(Facility).default([]),
  countyFacilities: z.array(CountyFacilities).default([]),
  followup: Followup.default(Followup.parse({})),
});
export type ScenarioFile = z.output<typeof ScenarioFile>;
export type ScenarioTeam = z.output<typeof Team>;
export type ScenarioFacility = z.output<typeof Facility>;
export type Shifts = z.output<typeof Shifts>;
export type Hours = z.output<typeof Hours>;
export type EntryPoint = (typeof ENTRY)[number];
export const ENTRY_POINTS: readonly EntryPoint[] = ENTRY;

/** One refusal: where in the file, which rule, in words. */
export interface ScenarioProblem {
  path: string;
  rule: string;
  message: string;
}

export type ScenarioParse = { ok: true; scenario: ScenarioFile } | { ok: false; problems: ScenarioProblem[] };

const RULES: Record<string, string> = {
  unrecognized_keys: 'unknown_field',
  too_small: 'min',
  too_big: 'max',
  invalid_type: 'type',
  invalid_value: 'enum',
  invalid_format: 'format',
  invalid_union: 'one_of',
};

function problemsOf(error: z.ZodError): ScenarioProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), rule: 'unknown_field', message: `unknown field "${key}"` }));
    }
    const custom = issue.code === 'custom' ? (issue.params as { rule?: string } | undefined)?.rule : undefined;
    const rule = custom ?? (issue.code === 'too_small' && (issue as { minimum?: unknown }).minimum === 0 ? 'non_negative' : (RULES[issue.code] ?? issue.code));
    return [{ path: path.join('.'), rule, message: issue.message }];
  });
}

/** Cross-field rules zod cannot state locally: unique ids, a county in one region only. */
function crossProblems(s: ScenarioFile): ScenarioProblem[] {
  const out: ScenarioProblem[] = [];
  const seen = new Map<string, string>();
  s.regions.forEach((r, i) =>
    r.counties.forEach((c, j) => {
      const other = seen.get(c);
      if (other !== undefined) out.push({ path: `regions.${i}.counties.${j}`, rule: 'one_region_per_county', message: `county ${c} is already in region ${other}` });
      seen.set(c, r.id);
    }),
  );
  const ids = new Set<string>();
  for (const [list, name] of [[s.teams, 'teams'], [s.facilities, 'facilities']] as const) {
    list.forEach((x, i) => {
      if (ids.has(x.id)) out.push({ path: `${name}.${i}.id`, rule: 'unique', message: `id "${x.id}" is used twice` });
      ids.add(x.id);
    });
  }
  s.facilities.forEach((f, i) => {
    if (!seen.has(f.at.county)) out.push({ path: `facilities.${i}.at.county`, rule: 'in_scenario', message: `county ${f.at.county} is in none of the scenario's regions` });
  });
  s.teams.forEach((t, i) => {
    if (!seen.has(t.base.county)) out.push({ path: `teams.${i}.base.county`, rule: 'in_scenario', message: `county ${t.base.county} is in none of the scenario's regions` });
  });
  return out;
}

/** Validates a scenario object: the scenario with its defaults filled in, or every problem. */
export function validateScenario(value: unknown): ScenarioParse {
  const parsed = ScenarioFile.safeParse(value);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const problems = crossProblems(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, scenario: parsed.data };
}

/** Parses a scenario file's text (YAML or JSON). */
export function parseScenario(text: string): ScenarioParse {
  if (text.length > 2_000_000) return { ok: false, problems: [{ path: '', rule: 'max_size', message: 'the file is larger than 2 MB' }] };
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, problems: doc.errors.map((e) => ({ path: '', rule: 'syntax', message: e.message.split('\n')[0] ?? e.message })) };
  return validateScenario(doc.toJS({ maxAliasCount: 50 }));
}

/** The problems as lines for a terminal: `path: rule: message`. */
export const describeProblems = (problems: readonly ScenarioProblem[]): string =>
  problems.map((p) => `${p.path || '(file)'}: ${p.rule}: ${p.message}`).join('\n');
