import { ROLE_LABELS } from '../access/roles.ts';
import { includesPolice } from '../triage/plan.ts';
import type { Responder } from '../triage/types.ts';
import { missingCapabilities } from './eligibility.ts';
import { fmtMinutes } from './recommend-explain.ts';
import { MODELS_FOR_RESPONSE, YOUTH_ONLY_MODELS, modelLabel, type ResponseModel } from './recommend-models.ts';
import type { AreaEntry, UnitIndex } from './spatial.ts';
import type { CapabilityNeeds, CombinationMember, PlanForDispatch, RankedCombination, RecommendContext } from './recommend-types.ts';
import type { Timed } from './recommend.ts';

/**
 * Teams assembled from two units (issue 12 §5): where no single unit carries the plan's whole
 * team (clinician + peer + police, EMS + peer), two units meeting on site may. A unit brings a
 * role only when its model is one that role rides in, so a police unit's officer counts and a
 * 911-centre clinician at a desk does not.
 */
const CRISIS_FIELD_MODELS: readonly ResponseModel[] = [
  ...MODELS_FOR_RESPONSE.mcrt,
  ...MODELS_FOR_RESPONSE.co_response,
  ...MODELS_FOR_RESPONSE.ems_co_response,
];

/** The models each role may ride in, for a combination. Crisis counsellors answer the phone: none. */
export const MODELS_FOR_ROLE: Readonly<Record<Responder, readonly ResponseModel[]>> = {
  crisis_counsellor: [],
  mcrt_clinician: CRISIS_FIELD_MODELS,
  engagement_specialist: CRISIS_FIELD_MODELS,
  police_officer: ['law_enforcement', ...MODELS_FOR_RESPONSE.co_response],
  ems_crew: [...MODELS_FOR_RESPONSE.ems, 'law_enforcement_co_response_police_ems_clinician'],
};

/**
 * The plan's roles a unit brings to a combination, as a bit mask over `plan.responders`; 0 when
 * it brings none the plan needs, or it may not join: police on a plan without police (CESSA
 * §30), a youth-only team on an adult call, or a team lacking what the call needs.
 */
export function rolesBrought(unit: UnitIndex['units'][number], plan: PlanForDispatch, needs: CapabilityNeeds | undefined): number {
  if (!includesPolice(plan.responders) && unit.composition.includes('police_officer')) return 0;
  if (!needs?.youth && (YOUTH_ONLY_MODELS as readonly string[]).includes(unit.model)) return 0;
  let mask = 0;
  plan.responders.forEach((role, bit) => {
    if (unit.composition.includes(role) && (MODELS_FOR_ROLE[role] as readonly string[]).includes(unit.model)) mask |= 1 << bit;
  });
  if (mask !== 0 && needs && missingCapabilities(unit, needs).length > 0) return 0;
  return mask;
}

/** The roles of a mask, in the plan's order. */
export const rolesOf = (mask: number, plan: PlanForDispatch): Responder[] => plan.responders.filter((_, bit) => (mask & (1 << bit)) !== 0);

/** A role's label inside a sentence: lower case, except an initialism ("EMS crew"). */
const inSentence = (label: string): string => (label[1] === label[1]?.toLowerCase() ? label[0]!.toLowerCase() + label.slice(1) : label);

export const roleWords = (roles: readonly Responder[]): string => roles.map((r) => inSentence(ROLE_LABELS[r])).join(' + ');

/**
 * Each unit's role mask for a plan and call, worked out once per index snapshot (the index is
 * built once per snapshot of the fleet) and kind of call, like the index itself.
 */
const MASKS = new WeakMap<UnitIndex, Map<string, Uint8Array>>();

export function roleMasks(index: UnitIndex, plan: PlanForDispatch, needs: CapabilityNeeds | undefined): Uint8Array {
  const key = `${plan.responders.join(',')}|${needs ? JSON.stringify(needs) : ''}`;
  let byPlan = MASKS.get(index);
  if (!byPlan) MASKS.set(index, (byPlan = new Map()));
  let masks = byPlan.get(key);
  if (!masks) {
    masks = new Uint8Array(index.units.length);
    for (let u = 0; u < masks.length; u++) masks[u] = rolesBrought(index.units[u]!, plan, needs);
    byPlan.set(key, masks);
  }
  return masks;
}

/** Which of the plan's roles ride units of one service area, which on units free now, and the free units grouped by the roles they bring. */
export interface AreaRoleFacts {
  inArea: number;
  free: number;
  /** Free, located units that bring part of the team (never all of it), by role mask, in index order. */
  groups: Map<number, Int32Array>;
}

const AREA_FACTS = new WeakMap<UnitIndex, Map<string, Map<AreaEntry, AreaRoleFacts>>>();

/**
 * The role facts of one service area for a kind of call, worked out once per index snapshot: the
 * snapshot fixes each unit's status and origin, so a call in the area only reads them (the
 * combination search used to regroup every covering unit on every call).
 */
export function areaRoleFacts(index: UnitIndex, area: AreaEntry, plan: PlanForDispatch, needs: CapabilityNeeds | undefined): AreaRoleFacts {
  const key = `${plan.responders.join(',')}|${needs ? JSON.stringify(needs) : ''}`;
  let byPlan = AREA_FACTS.get(index);
  if (!byPlan) AREA_FACTS.set(index, (byPlan = new Map()));
  let byArea = byPlan.get(key);
  if (!byArea) byPlan.set(key, (byArea = new Map()));
  const cached = byArea.get(area);
  if (cached) return cached;
  const masks = roleMasks(index, plan, needs);
  const full = (1 << plan.responders.length) - 1;
  const facts: AreaRoleFacts = { inArea: 0, free: 0, groups: new Map() };
  const lists = new Map<number, number[]>();
  for (const u of area.members) {
    const mask = masks[u]!;
    if (mask === 0) continue;
    facts.inArea |= mask;
    if (index.units[u]!.status !== 'available' || Number.isNaN(index.originLat[u]!)) continue;
    facts.free |= mask;
    if (mask === full) continue;
    const g = lists.get(mask);
    if (g) g.push(u);
    else lists.set(mask, [u]);
  }
  for (const [mask, units] of lists) facts.groups.set(mask, Int32Array.from(units));
  byArea.set(area, facts);
  return facts;
}

/** The pairs of role groups that together bring the whole team (each group brings something the other lacks). */
export function completingPairs(masks: readonly number[], roleCount: number): [number, number][] {
  const full = (1 << roleCount) - 1;
  const pairs: [number, number][] = [];
  const sorted = [...masks].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if ((a | b) === full && (a & ~b) !== 0 && (b & ~a) !== 0) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** What a member of a combination is, as the board shows it. */
export interface MemberFacts {
  timed: Timed;
  mask: number;
  positionAgeSeconds: number | null;
  stale: boolean;
  origin: 'live_position' | 'home_base';
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Pairs the best `perGroup` timed units of each group with those of each completing group and
 * keeps the best `limit` pairs, ordered by the later arrival, then the sooner one, then by ids.
 * Bounded: at most (groups² / 2) × perGroup² pairs, whatever the number of units.
 */
export function rankCombinations(
  index: UnitIndex,
  best: ReadonlyMap<number, readonly MemberFacts[]>,
  plan: PlanForDispatch,
  maxMinutes: number,
  ctx: Pick<RecommendContext, 'limit'>,
  noSingle: boolean,
): RankedCombination[] {
  const pairs: { a: MemberFacts; b: MemberFacts; arrival: number; key: number; sooner: number }[] = [];
  for (const [ma, mb] of completingPairs([...best.keys()], plan.responders.length)) {
    for (const a of best.get(ma)!) {
      for (const b of best.get(mb)!) {
        const arrival = Math.max(a.timed.estimate.minutes, b.timed.estimate.minutes);
        // A pair without a CIT-trained officer gives up the preference's minutes on the pair's
        // arrival (never on the arrival shown), so pairs that all lack one keep arrival order.
        const key = arrival + (a.timed.key - a.timed.estimate.minutes) + (b.timed.key - b.timed.estimate.minutes);
        pairs.push({ a, b, arrival, key, sooner: Math.min(a.timed.estimate.minutes, b.timed.estimate.minutes) });
      }
    }
  }
  const id = (m: MemberFacts) => index.units[m.timed.unit]!.id;
  pairs.sort((x, y) => x.key - y.key || x.arrival - y.arrival || x.sooner - y.sooner || `${id(x.a)} ${id(x.b)}`.localeCompare(`${id(y.a)} ${id(y.b)}`));
  return pairs.slice(0, ctx.limit).map((p, i) => {
    // The unit that arrives first is listed first: it waits for the other on site.
    const [first, second] = p.a.timed.estimate.minutes <= p.b.timed.estimate.minutes ? [p.a, p.b] : [p.b, p.a];
    const members: [CombinationMember, CombinationMember] = [member(index, first, plan), member(index, second, plan)];
    return {
      units: members,
      arrivalMinutes: round(p.arrival, 1),
      mode: 'meet_on_site',
      minutesToSpare: round(maxMinutes - p.arrival, 1),
      reasons: explainCombination(index, members, first, second, plan, maxMinutes, i + 1, pairs.length, noSingle),
    };
  });
}

function member(index: UnitIndex, m: MemberFacts, plan: PlanForDispatch): CombinationMember {
  const unit = index.units[m.timed.unit]!;
  return {
    unitId: unit.id,
    name: unit.name,
    roles: rolesOf(m.mask, plan),
    etaMinutes: round(m.timed.estimate.minutes, 1),
    distanceKm: round(m.timed.estimate.distanceKm, 2),
    positionAgeSeconds: m.positionAgeSeconds === null ? null : Math.round(m.positionAgeSeconds),
    stale: m.stale,
    origin: m.origin,
  };
}

function explainCombination(
  index: UnitIndex,
  members: readonly CombinationMember[],
  first: MemberFacts,
  second: MemberFacts,
  plan: PlanForDispatch,
  maxMinutes: number,
  rank: number,
  of: number,
  noSingle: boolean,
): string[] {
  const [a, b] = members as [CombinationMember, CombinationMember];
  const unitA = index.units[first.timed.unit]!;
  const unitB = index.units[second.timed.unit]!;
  const wait = b.etaMinutes - a.etaMinutes;
  const reasons = [
    `${rank === 1 ? 'Best' : `Rank ${rank}`} of ${of} pairing${of === 1 ? '' : 's'}: the whole team is on scene in ${fmtMinutes(b.etaMinutes)}, when the later unit (${b.name}) arrives`,
    `Together they bring ${roleWords(plan.responders)}: ${a.name}, a ${modelLabel(unitA.model)} team, brings ${roleWords(a.roles)}; ${b.name}, a ${modelLabel(unitB.model)} team, brings ${roleWords(b.roles)}`,
    noSingle ? 'No single available unit in the area carries the whole team: the two meet on site' : 'The two meet on site, sooner than any single unit that carries the whole team',
    wait > 0 ? `${a.name} arrives first (ETA ${fmtMinutes(a.etaMinutes)}) and waits ${fmtMinutes(wait)} for ${b.name}` : 'Both arrive together',
  ];
  for (const [m, u] of [[a, unitA], [b, unitB]] as const) {
    if (plan.responders.includes('police_officer') && u.composition.includes('police_officer')) {
      reasons.push(u.citTrainedOfficer ? `${m.name}: a CIT-trained officer (40-hour course) on board, preferred when police respond` : `${m.name}: no CIT-trained officer on board; one is preferred when police respond`);
    }
    if (m.origin === 'home_base') reasons.push(`${m.name} has no live position: timed from its home base, so its ETA is a guess`);
    else if (m.stale) reasons.push(`${m.name}'s position is stale: the unit may have moved`);
  }
  const spare = maxMinutes - b.etaMinutes;
  reasons.push(spare >= 0 ? `Arrives ${fmtMinutes(spare)} inside the maximum response time of ${fmtMinutes(maxMinutes)}` : `Arrives ${fmtMinutes(-spare)} after the maximum response time of ${fmtMinutes(maxMinutes)}`);
  return reasons;
}
