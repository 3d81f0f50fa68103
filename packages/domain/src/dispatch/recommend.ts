import { DomainError, invalid, type FieldIssue } from '../errors.ts';
import type { GeoPoint } from '../incident/types.ts';
import { includesPolice, sendsCrisisTeam } from '../triage/plan.ts';
import { responseLabel } from './recommend-models.ts';
import { checkEligibility, ineligibilityCode } from './eligibility.ts';
import { explainRank, fmtMinutes, tallyExclusions } from './recommend-explain.ts';
import { greatCircleKm, type TravelEstimate } from './travel.ts';
import { indexUnits, isUnitIndex, nearestUnits, unitsCovering, type UnitIndex } from './spatial.ts';
import type {
  DispatchUnit,
  ExcludedUnit,
  ExclusionCode,
  IncidentForDispatch,
  PlanForDispatch,
  PoliceFallback,
  RankedUnit,
  RecommendContext,
  Recommendation,
  Shortfall,
} from './recommend-types.ts';

/** Eligible units timed at once before the nearest-first search takes over. */
const TIME_ALL_UP_TO = 48;
/** Passed-over units listed per ranked place, so the closer team that is busy is explained. */
const EXCLUDED_PER_RANK = 2;
const MIN_EXCLUDED_SHOWN = 10;

/** The maximum response time for this incident: the plan's row for its emergency type, else the region's. */
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
  if (incident.responsePlan.responseType === 'phone_988') {
    throw new DomainError('validation_failed', 'A phone_988 plan sends no unit: there is nothing to recommend', {}, [
      { field: 'responsePlan.responseType', rule: 'no_field_response', message: 'phone support alone sends no unit' },
    ]);
  }
}

interface Timed {
  unit: number;
  estimate: TravelEstimate;
  straightKm: number;
}

/**
 * Times the eligible units that could be fastest. Few: all of them. Many: nearest first by
 * straight line, widening until the estimator's floor for the next unit is no better than the
 * `limit`-th ETA found, so the answer equals timing everyone. An estimator without a floor gets
 * the nearest `TIME_ALL_UP_TO` (roads seldom reverse the order of straight-line distance).
 */
async function timeCandidates(index: UnitIndex, point: GeoPoint, eligible: number[], ctx: RecommendContext): Promise<Timed[]> {
  const timed: Timed[] = [];
  const done = new Set<number>();
  const time = async (units: number[]) => {
    const origins = units.map((u) => ({ lat: index.originLat[u]!, lon: index.originLon[u]! }));
    const estimates = await ctx.travel.estimateMany(origins, point);
    units.forEach((u, i) => {
      done.add(u);
      timed.push({ unit: u, estimate: estimates[i]!, straightKm: greatCircleKm(origins[i]!, point) });
    });
  };
  if (eligible.length <= TIME_ALL_UP_TO) {
    await time(eligible);
    return timed;
  }
  const mark = new Uint8Array(index.units.length);
  for (const u of eligible) mark[u] = 1;
  for (let k = Math.max(TIME_ALL_UP_TO, ctx.limit * 4); ; k *= 4) {
    const nearest = nearestUnits(index, point, Math.min(k, eligible.length), (u) => mark[u] === 1);
    await time(nearest.filter((u) => !done.has(u)));
    if (nearest.length >= eligible.length || !ctx.travel.minMinutes) return timed;
    const last = nearest[nearest.length - 1]!;
    const floor = ctx.travel.minMinutes(greatCircleKm({ lat: index.originLat[last]!, lon: index.originLon[last]! }, point));
    const etas = timed.map((t) => t.estimate.minutes).sort((a, b) => a - b);
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

  const covering = unitsCovering(index, point);
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

  const timed = await timeCandidates(index, point, eligible, ctx);
  const noRoute = new Set(timed.filter((t) => !Number.isFinite(t.estimate.minutes) || !Number.isFinite(t.estimate.distanceKm)).map((t) => t.unit));
  const routable = timed.filter((t) => !noRoute.has(t.unit));
  // A team speaking the person's language, arriving within the maximum, goes before faster ones that do not.
  const language = incident.preferredLanguage?.toLowerCase() || null;
  const speaks = (u: number) => (language !== null && speaksLanguage(index.units[u]!, language) ? 1 : 0);
  const preferred = (t: Timed) => (speaks(t.unit) === 1 && t.estimate.minutes <= max.minutes ? 1 : 0);
  routable.sort((a, b) => preferred(b) - preferred(a) || a.estimate.minutes - b.estimate.minutes || a.straightKm - b.straightKm || index.units[a.unit]!.id.localeCompare(index.units[b.unit]!.id));
  const eligibleCount = eligible.length - noRoute.size;
  const fastest = Math.min(...routable.map((t) => t.estimate.minutes));
  const ranked = routable.slice(0, ctx.limit).map((t, i) => rankEntry(index, t, i + 1, eligibleCount, routable[0]!.estimate.minutes, max.minutes, incident, ctx, fastest));

  const canGo = new Uint8Array(index.units.length);
  for (const u of eligible) if (!noRoute.has(u)) canGo[u] = 1;
  const shown = Math.max(MIN_EXCLUDED_SHOWN, ctx.limit * EXCLUDED_PER_RANK);
  // Nearest first by straight line, so "why not the team down the road?" has an answer.
  const excluded: ExcludedUnit[] = nearestUnits(index, point, shown, (u) => canGo[u] === 0).map((u) => {
    const unit = index.units[u]!;
    const why = noRoute.has(u) ? { code: 'no_route' as const, reason: `No route from ${unit.name} to the incident` } : checkEligibility(unit, plan, incident.needs, covers[u] === 1)!;
    return { unitId: unit.id, ...why };
  });
  const shortfalls = findShortfalls(index, plan, covering.length, fitting, fitButBlocked, ranked, max.minutes);
  return { ranked, excluded, shortfalls, policeFallback: policeFallbackFor(plan, ranked, max.minutes), maxResponseMinutes: max, approximate: incident.approximateLocation === true };
}

function rankEntry(index: UnitIndex, t: Timed, rank: number, eligibleCount: number, firstEta: number, maxMinutes: number, incident: IncidentForDispatch, ctx: RecommendContext, fastestEta: number): RankedUnit {
  const unit = index.units[t.unit]!;
  const isLive = index.live[t.unit] === 1 && unit.position !== null;
  // A fix a little ahead of the server's clock (device drift) is as fresh as can be, not negative.
  const age = isLive ? Math.max(0, (ctx.now.getTime() - unit.position!.at.getTime()) / 1000) : null;
  const stale = age === null || age > ctx.staleAfterSeconds;
  const eta = t.estimate.minutes;
  const reasons = explainRank(
    { unit, rank, eligibleCount, etaMinutes: eta, distanceKm: t.estimate.distanceKm, source: t.estimate.source, positionAgeSeconds: age, stale, staleAfterSeconds: ctx.staleAfterSeconds, maxMinutes, behindFirstMinutes: eta - firstEta },
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
      origin: isLive ? 'live_position' : 'home_base',
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
): Shortfall[] {
  const shortfalls: Shortfall[] = [];
  if (fitting === 0) {
    const others = coveringCount > 0 ? `; ${coveringCount} unit(s) of other kinds do` : '';
    shortfalls.push({ code: 'none_covering_area', detail: `No ${responseLabel(plan.responseType)} unit's service area contains the incident (of ${index.units.length} units)${others}` });
  } else if (ranked.length === 0) {
    shortfalls.push({ code: 'none_available', detail: `${fitting} ${responseLabel(plan.responseType)} unit(s) cover the area but none can go: ${tallyExclusions(fitButBlocked)}` });
  }
  const best = ranked[0];
  if (best && best.etaMinutes > maxMinutes) {
    shortfalls.push({ code: 'best_eta_beyond_regional_maximum', detail: `The best ETA is ${fmtMinutes(best.etaMinutes)} (${best.name}), beyond the maximum response time of ${fmtMinutes(maxMinutes)}` });
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
function policeFallbackFor(plan: PlanForDispatch, ranked: readonly RankedUnit[], maxMinutes: number): PoliceFallback | null {
  if (!sendsCrisisTeam(plan.responders) || includesPolice(plan.responders)) return null;
  const best = ranked[0];
  if (best && best.etaMinutes <= maxMinutes) return null;
  const why = best
    ? `the fastest crisis team, ${best.name}, needs ${fmtMinutes(best.etaMinutes)}, beyond the maximum of ${fmtMinutes(maxMinutes)}`
    : 'no crisis team is available for this incident';
  return {
    justification: 'crisis_team_unavailable_within_regional_maximum',
    reason: `Police may be sent under CESSA §30 only because ${why}; record this ground with 988's report`,
  };
}
