import { DomainError } from '../errors.ts';
import type { RiskLevel } from '../incident/types.ts';
import type {
  MaxResponseMinutes,
  PlanAlternative,
  PoliceJustification,
  Protocol,
  Responder,
  ResponsePlan,
  ResponseType,
  RiskFactor,
} from './types.ts';

/** One §30 ground that applies, with what established it. */
export interface JustificationGround {
  code: PoliceJustification;
  /** The counted factors that establish it (empty for crisis-team unavailability). */
  factorIds: string[];
  /** The 988 report that the crisis team cannot meet the regional maximum, where that is the ground. */
  reportRef: string | null;
}

/** The response the engine recommends, with its provenance and reasons, so a person can check it. */
export interface RecommendedPlan {
  level: RiskLevel;
  source: 'statewide' | 'regional';
  regionId: string | null;
  responseType: ResponseType;
  responders: Responder[];
  maxResponseMinutes: MaxResponseMinutes | null;
  /** True only when police are among the responders, which needs at least one §30 ground. */
  policeRecommended: boolean;
  justifications: JustificationGround[];
  reasons: string[];
  note: string | null;
}

export interface PlanContext {
  regionId: string | null;
  /** A 988 report that the crisis team cannot meet the RAC's maximum response time. */
  crisisTeamUnavailable: { reportRef: string } | null;
}

const LEVELS_SET_BY_REGIONS: ReadonlySet<RiskLevel> = new Set<RiskLevel>([2, 3]);

/** Whether a set of responders puts police on scene. */
export const includesPolice = (responders: readonly Responder[]): boolean => responders.includes('police_officer');

/** Whether a response sends an in-person crisis team, the only kind 988 can report unavailable. */
export const sendsCrisisTeam = (responders: readonly Responder[]): boolean =>
  responders.includes('mcrt_clinician') || responders.includes('engagement_specialist');

/**
 * A RAC sets its region's maximum for adults; the youth maximum is the state's (the CARES line's
 * 2 hours, DOMAIN.md §7). A regional row without a youth figure keeps the statewide one, so
 * routing a child to CARES is never held to the regional 60 minutes (issue 11 §3).
 */
function keepStatewideYouth(regional: ResponsePlan, statewide: ResponsePlan | undefined): ResponsePlan {
  const youth = statewide?.maxResponseMinutes?.['youth'];
  if (youth === undefined || regional.maxResponseMinutes?.['youth'] !== undefined) return regional;
  return { ...regional, maxResponseMinutes: { ...(regional.maxResponseMinutes ?? {}), youth } };
}

/** The plan for a level in a region: the RAC's override for levels 2 and 3, else the statewide row. */
export function planForLevel(
  protocol: Protocol,
  level: RiskLevel,
  regionId: string | null,
): { plan: ResponsePlan; source: 'statewide' | 'regional' } {
  if (regionId !== null && LEVELS_SET_BY_REGIONS.has(level)) {
    const regional = protocol.regionalOverrides[regionId]?.plans.find((p) => p.level === level);
    if (regional) return { plan: keepStatewideYouth(regional, protocol.plans.find((p) => p.level === level)), source: 'regional' };
  }
  const statewide = protocol.plans.find((p) => p.level === level);
  if (!statewide) {
    throw new DomainError('validation_failed', `The protocol has no response plan for level ${level}`, {}, [
      { field: 'protocol.plans', rule: 'missing_plan', message: `no response plan for level ${level}` },
    ]);
  }
  return { plan: statewide, source: 'statewide' };
}

/** The §30 grounds established by the counted factors, one entry per code. */
export function groundsFromFactors(counted: readonly RiskFactor[]): JustificationGround[] {
  const byCode = new Map<PoliceJustification, string[]>();
  for (const factor of counted) {
    for (const code of factor.justifies) {
      const ids = byCode.get(code) ?? [];
      if (!ids.includes(factor.id)) ids.push(factor.id);
      byCode.set(code, ids);
    }
  }
  return [...byCode].map(([code, factorIds]) => ({ code, factorIds, reportRef: null }));
}

/** Recommends the response for a level, applying the regional override and the §30 police rule. */
export function recommendPlan(
  protocol: Protocol,
  level: RiskLevel,
  counted: readonly RiskFactor[],
  context: PlanContext,
): RecommendedPlan {
  const { plan, source } = planForLevel(protocol, level, context.regionId);
  const justifications = groundsFromFactors(counted);
  const reasons = [
    source === 'regional'
      ? `Level ${level} plan set by the regional advisory committee of ${context.regionId}`
      : `Level ${level} statewide plan`,
  ];
  let chosen: PlanAlternative = factorResponse(plan, level, counted, reasons);

  if (context.crisisTeamUnavailable && sendsCrisisTeam(chosen.responders)) {
    justifications.push({
      code: 'crisis_team_unavailable_within_regional_maximum',
      factorIds: [],
      reportRef: context.crisisTeamUnavailable.reportRef,
    });
    if (plan.whenCrisisTeamUnavailable) {
      chosen = plan.whenCrisisTeamUnavailable;
      reasons.push(`988 reported the crisis team cannot meet the regional maximum (${context.crisisTeamUnavailable.reportRef})`);
    }
  }

  // CESSA §30: police go to a behavioural-health call only on a stated ground. The engine enforces
  // it even for a protocol that forgot `withoutPolice`, by dropping police from the responders.
  if (includesPolice(chosen.responders) && justifications.length === 0) {
    chosen = plan.withoutPolice ?? stripPolice(chosen);
    reasons.push('No CESSA §30 ground (suspected crime, threat of physical injury) applies: police are not recommended');
  }
  // A region that wants a clinician with police at level 4 gets one whenever police go (issue 12 §3).
  const level4 = level === 4 && context.regionId !== null ? protocol.regionalOverrides[context.regionId]?.level4WithPolice : undefined;
  if (level4 && includesPolice(chosen.responders)) {
    chosen = { ...level4, responders: [...new Set([...level4.responders, ...chosen.responders.filter((r) => r === 'ems_crew')])] };
    reasons.push(`The regional advisory committee of ${context.regionId} sends a clinician with police at level 4`);
  }
  chosen = withFactorAdditions(chosen, counted, reasons);
  const policeRecommended = includesPolice(chosen.responders);
  if (policeRecommended) {
    reasons.push(`Police recommended on §30 grounds: ${justifications.map((j) => j.code).join(', ')}`);
  }

  const regional = source === 'regional' || level4 !== undefined;
  return {
    level,
    source: regional ? 'regional' : 'statewide',
    regionId: regional ? context.regionId : null,
    responseType: chosen.responseType,
    responders: [...chosen.responders],
    maxResponseMinutes: plan.maxResponseMinutes ?? null,
    policeRecommended,
    justifications,
    reasons,
    note: chosen.note ?? plan.note ?? null,
  };
}

/**
 * The response a deciding factor calls for in place of its level's plan (an overdose: EMS with a
 * peer; a welfare concern: a welfare check). Level 4 keeps its 911 plan: an emergency is not
 * re-routed by a factor below it.
 */
function factorResponse(plan: PlanAlternative, level: RiskLevel, counted: readonly RiskFactor[], reasons: string[]): PlanAlternative {
  if (level === 4) return plan;
  const deciding = counted.find((f) => f.level === level && f.response);
  if (!deciding?.response) return plan;
  reasons.push(`${deciding.wording}: ${deciding.response.responseType.replaceAll('_', ' ')} in place of the level ${level} plan`);
  return deciding.response;
}

/**
 * What counted factors add to the response: responders (EMS for a medical concern, never police)
 * and a change of type (a crisis team becomes one meeting EMS on site, or one that speaks the
 * person's language). Each says why.
 */
function withFactorAdditions(chosen: PlanAlternative, counted: readonly RiskFactor[], reasons: string[]): PlanAlternative {
  let next = chosen;
  for (const factor of counted) {
    const adds = (factor.adds ?? []).filter((r) => r !== 'police_officer' && !next.responders.includes(r));
    const upgraded = factor.upgrades?.[next.responseType];
    if (adds.length === 0 && !upgraded) continue;
    next = { ...next, responseType: upgraded ?? next.responseType, responders: [...next.responders, ...adds] };
    reasons.push(`${factor.wording}: ${[...(upgraded ? [upgraded.replaceAll('_', ' ')] : []), ...adds.map((r) => `${r.replaceAll('_', ' ')} added`)].join(', ')}`);
  }
  return next;
}

const WITHOUT_POLICE: Partial<Record<ResponseType, ResponseType>> = { police_ems: 'ems', co_response: 'mcrt', police_clinician: 'ems' };

function stripPolice(alternative: PlanAlternative): PlanAlternative {
  return {
    responseType: WITHOUT_POLICE[alternative.responseType] ?? alternative.responseType,
    responders: alternative.responders.filter((r) => r !== 'police_officer'),
  };
}
