import { DomainError, invalid, type FieldIssue } from '../errors.ts';
import type { GeoPoint } from '../incident/types.ts';
import { includesPolice, sendsCrisisTeam } from '../triage/plan.ts';
import { DESK_RESPONSES } from '../triage/types.ts';
import { responseLabel } from './recommend-models.ts';
import { checkEligibility, ineligibilityCode } from './eligibility.ts';
import { explainRank, fmtMinutes, tallyExclusions } from './recommend-explain.ts';
import { EARTH_RADIUS_KM, greatCircleKm, RAD, type TravelEstimate } from './travel.ts';
import { citPenalty } from './recommend-cit.ts';
import { areaRoleFacts, completingPairs, rankCombinations, roleWords, rolesOf, type AreaRoleFacts, type MemberFacts } from './recommend-combos.ts';
import { areasCovering, indexUnits, isUnitIndex, membersOf, nearestUnits, type AreaEntry, type UnitIndex } from './spatial.ts';
import type {
  DispatchUnit,
  ExcludedUnit,
  ExclusionCode,
  IncidentForDispatch,
  PlanForDispatch,
  PoliceFallback,
  RankedUnit,
  RecommendContext,
  RankedCombination,
  Recommendation,
  Shortfall,
} from './recommend-types.ts';

/** Eligible units timed at once before the nearest-first search takes over. */
const TIME_ALL_UP_TO = 48;
/** Passed-over units listed per ranked place, so the closer team that is busy is explained. */
const EXCLUDED_PER_RANK = 2;
const MIN_EXCLUDED_SHOWN = 10;
/** Units first timed per place kept, in each role group of the combination search. */
const GROUP_BATCH_PER_PLACE = 4;
/** Above any group's size: a unit's position in its group packed below its distance in metres. */
const PACK = 2 ** 20;

/**
 * Times the units of one role group that could be among its best `limit`: ordered by straight
 * line once (a flat pass over the group, cheaper than asking the fleet's tree to skip every unit
 * of other groups), timed nearest first in batches, stopping when the estimator's floor for the
 * next unit is no better than the `limit`-th found, so the answer equals timing the whole group.
 */
async function timeNearestOfGroup(
  index: UnitIndex,
  point: GeoPoint,
  group: ArrayLike<number>,
  ctx: Pick<RecommendContext, 'travel' | 'limit'>,
  penalty: (unit: number) => number,
): Promise<Timed[]> {
  const n = group.length;
  const km = new Float64Array(n);
  // Metres and position packed in one number, so the engine's native numeric sort orders them.
  const packed = new Float64Array(n);
  const { originLat, originLon } = index;
  // greatCircleKm inlined over the typed arrays, the same arithmetic (origin to point): no object per unit.
  const cosPoint = Math.cos(point.lat * RAD);
  for (let i = 0; i < n; i++) {
    const u = group[i]!;
    const lat = originLat[u]!;
    const dLat = (point.lat - lat) * RAD;
    const dLon = (point.lon - originLon[u]!) * RAD;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat * RAD) * cosPoint * Math.sin(dLon / 2) ** 2;
    km[i] = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    packed[i] = Math.floor(km[i]! * 1000) * PACK + i;
  }
  packed.sort();
  const at = (k: number): number => packed[k]! % PACK;
  const timed: Timed[] = [];
  let from = 0;
  for (let k = ctx.limit * GROUP_BATCH_PER_PLACE; ; k *= 4) {
    const to = Math.min(k, n);
    const origins: GeoPoint[] = [];
    for (let j = from; j < to; j++) origins.push({ lat: originLat[group[at(j)]!]!, lon: originLon[group[at(j)]!]! });
    const estimates = await ctx.travel.estimateMany(origins, point);
    for (let j = from; j < to; j++) {
      const i = at(j);
      const u = group[i]!;
      const e = estimates[j - from]!;
      timed.push({ unit: u, estimate: e, straightKm: km[i]!, key: e.minutes + penalty(u) });
    }
    from = to;
    if (from >= n || !ctx.travel.minMinutes) return timed;
    // Less a metre: the order was by whole metres, so a later unit may be up to that much nearer.
    const floor = ctx.travel.minMinutes(Math.max(0, km[at(from - 1)]! - 0.001), point);
    const keys = timed.map((t) => t.key).sort((a, b) => a - b);
    if (keys.length >= ctx.limit && keys[ctx.limit - 1]! <= floor) return timed;
  }
}

/** The region's maximum for the plan, its emergency type's where set, else the region's. */
export function maximumFor(plan: PlanForDispatch, emergencyType: string | undefined, regionalMaxMinutes: number): Recommendation['maxResponseMinutes'] {
  const table = plan.maxResponseMinutes;
  const fromPlan = table ? (emergencyType !== undefined ? table[emergencyType] : undefined) ?? table['default'] : undefined;
  return fromPlan !== undefined ? { minutes: fromPlan, source: 'plan' } : { minutes: regionalMaxMinutes, source: 'region' };
}

function validate(incident: IncidentForDispatch, ctx: RecommendContext): void {
  const issues: FieldIssue[] = [];
  const { lat, lon } = incident.location;
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) issues.push({ field: 'location.lat', rule: 'latitude_range', message: 'latitude must be between -90 and 90' });
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) issues.push({ field: 'location.lon', rule: 'longitude_range', message: 'longitude must be between -180 and 180' });
  if (!Number.isInteger(ctx.limit) || ctx.limit < 1) issues.push({ field: 'limit', rule: 'positive_integer', message: 'limit must be a whole number, 1 or more' });
  if (!(ctx.regionalMaxMinutes > 0)) issues.push({ field: 'regionalMaxMinutes', rule: 'positive', message: 'the regional maximum must be more than 0 minutes' });
  if (issues.length > 0) throw invalid(issues);
  if (DESK_RESPONSES.includes(incident.responsePlan.responseType)) {
    throw new DomainError('validation_failed', `A ${incident.responsePlan.responseType} plan sends no unit: there is nothing to recommend`, {}, [
      { field: 'responsePlan.responseType', rule: 'no_field_response', message: `${incident.responsePlan.responseType.replaceAll('_', ' ')} sends no unit` },
    ]);
  }
}

export interface Timed {
  unit: number;
  estimate: TravelEstimate;
  straightKm: number;
  /** What the rank sorts by: the ETA, plus the minutes a unit gives up for lacking a preference (CIT). */
  key: number;
}

/**
 * Times the eligible units that could be fastest. Few: all of them. Many: nearest first by
 * straight line, widening until the estimator's floor for the next unit is no better than the
 * `limit`-th ETA found, so the answer equals timing everyone. An estimator without a floor gets
 * the nearest `TIME_ALL_UP_TO` (roads seldom reverse the order of straight-line distance).
 */
export async function timeCandidates(
  index: UnitIndex,
  point: GeoPoint,
  eligible: readonly number[],
  ctx: Pick<RecommendContext, 'travel' | 'limit'>,
  penalty: (unit: number) => number = () => 0,
): Promise<Timed[]> {
  const timed: Timed[] = [];
  const done = new Set<number>();
  const time = async (units: number[]) => {
    const origins = units.map((u) => ({ lat: index.originLat[u]!, lon: index.originLon[u]! }));
    const estimates = await ctx.travel.estimateMany(origins, point);
    units.forEach((u, i) => {
      done.add(u);
      timed.push({ unit: u, estimate: estimates[i]!, straightKm: greatCircleKm(origins[i]!, point), key: estimates[i]!.minutes + penalty(u) });
    });
  };
  if (eligible.length <= TIME_ALL_UP_TO) {
    await time([...eligible]);
    return timed;
  }
  const mark = new Uint8Array(index.units.length);
  for (const u of eligible) mark[u] = 1;
  for (let k = Math.max(TIME_ALL_UP_TO, ctx.limit * 4); ; k *= 4) {
    const nearest = nearestUnits(index, point, Math.min(k, eligible.length), (u) => mark[u] === 1);
    await time(nearest.filter((u) => !done.has(u)));
    if (nearest.length >= eligible.length || !ctx.travel.minMinutes) return timed;
    const last = nearest[nearest.length - 1]!;
    const floor = ctx.travel.minMinutes(greatCircleKm({ lat: index.originLat[last]!, lon: index.originLon[last]! }, point), point);
    // The floor bounds an untimed unit's ETA, and its key is never below its ETA.
    const etas = timed.map((t) => t.key).sort((a, b) => a - b);
    if (etas.length >= ctx.limit && etas[ctx.limit - 1]! <= floor) return timed;
  }
}

/**
 * Recommends units for an incident's response plan (issue 5 item 3): the eligible units ranked
 * by ETA, each with its reasons and figures; the nearest units passed over and why; shortfalls
 * with codes; and the CESSA §30 police fallback, offered only when no crisis team can arrive
 * within the maximum response time. Pure apart from the travel estimator it is given.
 */
export async function recommendUnits(
  incident: IncidentForDispatch,
  units: readonly DispatchUnit[] | UnitIndex,
  ctx: RecommendContext,
): Promise<Recommendation> {
  validate(incident, ctx);
  const index = isUnitIndex(units) ? units : indexUnits(units);
  const plan = incident.responsePlan;
  const point = incident.location;
  const max = maximumFor(plan, incident.emergencyType, ctx.regionalMaxMinutes);

  const areas = areasCovering(index, point);
  const covering = membersOf(areas);
  const covers = new Uint8Array(index.units.length);
  const eligible: number[] = [];
  /** Why each covering unit that fits the plan's kind of team cannot go. */
  const fitButBlocked: ExclusionCode[] = [];
  let fitting = 0;
  for (const u of covering) {
    covers[u] = 1;
    const code = ineligibilityCode(index.units[u]!, plan, incident.needs, true);
    if (code === null) eligible.push(u);
    else if (code !== 'model_mismatch' && code !== 'composition_mismatch') fitButBlocked.push(code);
    if (code !== 'model_mismatch' && code !== 'composition_mismatch') fitting++;
  }

  const timed = await timeCandidates(index, point, eligible, ctx, (u) => citPenalty(index.units[u]!, plan));
  const noRoute = new Set(timed.filter((t) => !Number.isFinite(t.estimate.minutes) || !Number.isFinite(t.estimate.distanceKm)).map((t) => t.unit));
  const routable = timed.filter((t) => !noRoute.has(t.unit));
  // A team speaking the person's language, arriving within the maximum, goes before faster ones that
  // do not; then the arrival with the CIT preference folded in (key).
  const language = incident.preferredLanguage?.toLowerCase() || null;
  const speaks = (u: number) => (language !== null && speaksLanguage(index.units[u]!, language) ? 1 : 0);
  const preferred = (t: Timed) => (speaks(t.unit) === 1 && t.estimate.minutes <= max.minutes ? 1 : 0);
  routable.sort((a, b) => preferred(b) - preferred(a) || a.key - b.key || a.estimate.minutes - b.estimate.minutes || a.straightKm - b.straightKm || index.units[a.unit]!.id.localeCompare(index.units[b.unit]!.id));
  const firstAheadFor: 'language' | 'cit' = routable[0] && preferred(routable[0]) === 1 ? 'language' : 'cit';
  const eligibleCount = eligible.length - noRoute.size;
  const fastest = Math.min(...routable.map((t) => t.estimate.minutes));
  const ranked = routable.slice(0, ctx.limit).map((t, i) => rankEntry(index, t, i + 1, eligibleCount, routable[0]!.estimate.minutes, max.minutes, incident, ctx, fastest, firstAheadFor));

  const canGo = new Uint8Array(index.units.length);
  for (const u of eligible) if (!noRoute.has(u)) canGo[u] = 1;
  const shown = Math.max(MIN_EXCLUDED_SHOWN, ctx.limit * EXCLUDED_PER_RANK);
  // Nearest first by straight line, so "why not the team down the road?" has an answer.
  const excluded: ExcludedUnit[] = nearestUnits(index, point, shown, (u) => canGo[u] === 0).map((u) => {
    const unit = index.units[u]!;
    const why = noRoute.has(u) ? { code: 'no_route' as const, reason: `No route from ${unit.name} to the incident` } : checkEligibility(unit, plan, incident.needs, covers[u] === 1)!;
    return { unitId: unit.id, ...why };
  });
  const best = ranked[0];
  const mode = ctx.combinations ?? 'when_short';
  const short = !best || best.etaMinutes > max.minutes;
  const search = plan.responders.length >= 2 && (mode === 'always' || (mode === 'when_short' && short));
  const roles = search || ranked.length === 0 ? roleFacts(index, areas, plan, incident.needs) : null;
  const combinations = search && roles ? await searchCombinations(index, point, roles, plan, max.minutes, ctx, ranked.length === 0) : [];
  const shortfalls = findShortfalls(index, plan, covering.length, fitting, fitButBlocked, ranked, max.minutes, roles, combinations);
  return { ranked, excluded, shortfalls, policeFallback: policeFallbackFor(plan, ranked, combinations, max.minutes), combinations, maxResponseMinutes: max, approximate: incident.approximateLocation === true };
}

/** Which of the plan's roles ride units in the area, which on units free now, and the free units grouped by the roles they bring. */
type RoleFacts = AreaRoleFacts | { inArea: number; free: number; groups: Map<number, ArrayLike<number>> };

/** The role facts of the areas containing the incident: one area's are read as cached; overlapping areas' are joined. */
function roleFacts(index: UnitIndex, areas: readonly AreaEntry[], plan: PlanForDispatch, needs: IncidentForDispatch['needs']): RoleFacts {
  const each = areas.map((a) => areaRoleFacts(index, a, plan, needs));
  if (each.length === 1) return each[0]!;
  const facts = { inArea: 0, free: 0, groups: new Map<number, number[]>() };
  for (const f of each) {
    facts.inArea |= f.inArea;
    facts.free |= f.free;
    for (const [mask, units] of f.groups) {
      const g = facts.groups.get(mask);
      if (g) g.push(...units);
      else facts.groups.set(mask, [...units]);
    }
  }
  // Each unit has one service area, so no unit is in two areas' groups.
  for (const g of facts.groups.values()) g.sort((a, b) => a - b);
  return facts;
}

/**
 * Two units meeting on site (issue 12 §5). Bounded however many units there are: the free units
 * are grouped by the roles they bring, only groups that some other group completes are timed,
 * each group keeps its best `limit` by arrival (nearest first, with the same early stop as the
 * single ranking), and only those are paired.
 */
async function searchCombinations(
  index: UnitIndex,
  point: GeoPoint,
  roles: RoleFacts,
  plan: PlanForDispatch,
  maxMinutes: number,
  ctx: RecommendContext,
  noSingle: boolean,
): Promise<RankedCombination[]> {
  const pairs = completingPairs([...roles.groups.keys()], plan.responders.length);
  const wanted = new Set(pairs.flat());
  const best = new Map<number, MemberFacts[]>();
  for (const mask of wanted) {
    const timed = await timeNearestOfGroup(index, point, roles.groups.get(mask)!, ctx, (u) => citPenalty(index.units[u]!, plan));
    const fine = timed.filter((t) => Number.isFinite(t.estimate.minutes) && Number.isFinite(t.estimate.distanceKm));
    fine.sort((a, b) => a.key - b.key || a.straightKm - b.straightKm);
    best.set(mask, fine.slice(0, ctx.limit).map((t) => ({ timed: t, mask, ...positionFacts(index, t.unit, ctx) })));
  }
  return rankCombinations(index, best, plan, maxMinutes, ctx, noSingle);
}

/** How old a unit's fix is, whether it is stale, and where its trip is timed from. */
function positionFacts(index: UnitIndex, u: number, ctx: RecommendContext): { positionAgeSeconds: number | null; stale: boolean; origin: 'live_position' | 'home_base' } {
  const unit = index.units[u]!;
  const isLive = index.live[u] === 1 && unit.position !== null;
  // A fix a little ahead of the server's clock (device drift) is as fresh as can be, not negative.
  const age = isLive ? Math.max(0, (ctx.now.getTime() - unit.position!.at.getTime()) / 1000) : null;
  return { positionAgeSeconds: age, stale: age === null || age > ctx.staleAfterSeconds, origin: isLive ? 'live_position' : 'home_base' };
}

function rankEntry(index: UnitIndex, t: Timed, rank: number, eligibleCount: number, firstEta: number, maxMinutes: number, incident: IncidentForDispatch, ctx: RecommendContext, fastestEta: number, firstAheadFor: 'language' | 'cit'): RankedUnit {
  const unit = index.units[t.unit]!;
  const { positionAgeSeconds: age, stale, origin } = positionFacts(index, t.unit, ctx);
  const eta = t.estimate.minutes;
  const reasons = explainRank(
    { unit, rank, eligibleCount, etaMinutes: eta, distanceKm: t.estimate.distanceKm, source: t.estimate.source, positionAgeSeconds: age, stale, staleAfterSeconds: ctx.staleAfterSeconds, maxMinutes, behindFirstMinutes: eta - firstEta, firstAheadFor },
    incident.responsePlan,
    incident.needs,
  );
  const language = incident.preferredLanguage?.toLowerCase();
  if (rank === 1 && eta > fastestEta) {
    reasons[0] = `First of ${eligibleCount} eligible units because it speaks the person's language: ETA ${fmtMinutes(eta)}, ${t.estimate.distanceKm.toFixed(1)} km, ${fmtMinutes(eta - fastestEta)} slower than the fastest`;
  }
  if (language) {
    reasons.push(
      speaksLanguage(unit, language)
        ? `Speaks ${language}, the person's preferred language${eta <= maxMinutes ? '' : ' (but arrives after the maximum, so ranked by ETA)'}`
        : `Does not speak ${language}, the person's preferred language: use an interpreter line`,
    );
  }
  if (incident.approximateLocation) reasons.push('ETA to an approximate location (a town\'s centre or a pin near the place): an estimate');
  return {
    unitId: unit.id,
    name: unit.name,
    etaMinutes: round(eta, 1),
    distanceKm: round(t.estimate.distanceKm, 2),
    positionAgeSeconds: age === null ? null : Math.round(age),
    stale,
    reasons,
    figures: {
      straightLineKm: round(t.straightKm, 2),
      travelSource: t.estimate.source,
      origin,
      maxResponseMinutes: maxMinutes,
      minutesToSpare: round(maxMinutes - eta, 1),
    },
  };
}

const speaksLanguage = (unit: DispatchUnit, tag: string): boolean => unit.capabilities.languages.some((l) => l.toLowerCase() === tag || l.toLowerCase().split('-')[0] === tag);

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

function findShortfalls(
  index: UnitIndex,
  plan: PlanForDispatch,
  coveringCount: number,
  fitting: number,
  fitButBlocked: readonly ExclusionCode[],
  ranked: readonly RankedUnit[],
  maxMinutes: number,
  roles: RoleFacts | null,
  combinations: readonly RankedCombination[],
): Shortfall[] {
  const shortfalls: Shortfall[] = [];
  const kind = responseLabel(plan.responseType);
  if (fitting === 0) {
    // Units in the area bring part of the team: what is missing is a unit carrying all of it,
    // not coverage (issue 12 §5: this was once mislabelled none_covering_area).
    if (roles && roles.inArea !== 0 && plan.responders.length >= 2) {
      const paired = combinations.length > 0 ? `; ${combinations.length} pairing(s) of two units meeting on site are proposed` : '; no two free units together bring it either';
      shortfalls.push({ code: 'no_single_unit_with_composition', detail: `No unit in the area carries the whole team the ${kind} plan needs (${roleWords(plan.responders)})${paired}` });
    } else {
      const others = coveringCount > 0 ? `; ${coveringCount} unit(s) of other kinds do` : '';
      shortfalls.push({ code: 'none_covering_area', detail: `No ${kind} unit's service area contains the incident (of ${index.units.length} units)${others}` });
    }
  } else if (ranked.length === 0) {
    shortfalls.push({ code: 'none_available', detail: `${fitting} ${kind} unit(s) cover the area but none can go: ${tallyExclusions(fitButBlocked)}` });
  }
  if (fitting === 0 && combinations.length === 0 && roles && roles.inArea !== 0) {
    const full = (1 << plan.responders.length) - 1;
    const absent = rolesOf(full & ~roles.inArea, plan);
    const busy = rolesOf(roles.inArea & ~roles.free, plan);
    if (absent.length > 0) shortfalls.push({ code: 'role_not_in_area', roles: absent, detail: `No unit whose service area contains the incident brings ${roleWords(absent)}` });
    if (busy.length > 0) shortfalls.push({ code: 'role_not_available', roles: busy, detail: `Units in the area bring ${roleWords(busy)}, but none of them is free now` });
  }
  const best = ranked[0];
  const bestPair = combinations[0];
  if (best && best.etaMinutes > maxMinutes) {
    shortfalls.push({ code: 'best_eta_beyond_regional_maximum', detail: `The best ETA is ${fmtMinutes(best.etaMinutes)} (${best.name}), beyond the maximum response time of ${fmtMinutes(maxMinutes)}` });
  } else if (!best && bestPair && bestPair.arrivalMinutes > maxMinutes) {
    const names = bestPair.units.map((u) => u.name).join(' and ');
    shortfalls.push({ code: 'best_eta_beyond_regional_maximum', detail: `The best pairing (${names}) is complete on scene in ${fmtMinutes(bestPair.arrivalMinutes)}, beyond the maximum response time of ${fmtMinutes(maxMinutes)}` });
  }
  const unlocated = fitButBlocked.filter((code) => code === 'no_position').length;
  if (unlocated > 0) {
    shortfalls.push({ code: 'no_position', detail: `${unlocated} available unit(s) that fit could not be located: no live position and no home base` });
  } else if (best && best.figures.origin === 'home_base') {
    shortfalls.push({ code: 'no_position', detail: `${best.name}, ranked first, has no live position: its ETA is timed from its home base` });
  }
  return shortfalls;
}

/**
 * CESSA §30: police may go to a behavioural-health call in place of a crisis team only when the
 * crisis team cannot arrive within the regional maximum. Offered for plans that send a crisis
 * team without police, never otherwise, and only under that one code.
 */
function policeFallbackFor(plan: PlanForDispatch, ranked: readonly RankedUnit[], combinations: readonly RankedCombination[], maxMinutes: number): PoliceFallback | null {
  if (!sendsCrisisTeam(plan.responders) || includesPolice(plan.responders)) return null;
  // A crisis team assembled from two units meeting on site is a crisis team too.
  const single = ranked[0] ? { name: ranked[0].name, minutes: ranked[0].etaMinutes } : null;
  const pair = combinations[0] ? { name: combinations[0].units.map((u) => u.name).join(' with '), minutes: combinations[0].arrivalMinutes } : null;
  const best = single && pair ? (pair.minutes < single.minutes ? pair : single) : single ?? pair;
  if (best && best.minutes <= maxMinutes) return null;
  const why = best
    ? `the fastest crisis team, ${best.name}, needs ${fmtMinutes(best.minutes)}, beyond the maximum of ${fmtMinutes(maxMinutes)}`
    : 'no crisis team is available for this incident';
  return {
    justification: 'crisis_team_unavailable_within_regional_maximum',
    reason: `Police may be sent under CESSA §30 only because ${why}; record this ground with 988's report`,
  };
}
