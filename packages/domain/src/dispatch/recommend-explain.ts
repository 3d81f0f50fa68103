import { ROLE_LABELS, isRole } from '../access/roles.ts';
import { modelLabel, responseLabel } from './recommend-models.ts';
import type { TravelSource } from './travel.ts';
import { CIT_PREFERENCE_MINUTES } from './recommend-cit.ts';
import type { CapabilityNeeds, DispatchUnit, ExclusionCode, PlanForDispatch } from './recommend-types.ts';

/** Minutes as a dispatcher reads them: one decimal below ten, whole above. */
export const fmtMinutes = (m: number): string => `${m < 10 ? m.toFixed(1) : Math.round(m)} min`;

const fmtAge = (seconds: number): string =>
  seconds < 120 ? `${Math.round(seconds)} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;

const SOURCE_WORDS: Record<TravelSource, string> = {
  great_circle: 'estimated from straight-line distance',
  road_network: 'routed on the road network',
  fallback: 'estimated from straight-line distance because the router did not answer',
};

/** What a rank rests on, one fact per line. */
export interface RankFacts {
  unit: DispatchUnit;
  rank: number;
  eligibleCount: number;
  etaMinutes: number;
  distanceKm: number;
  source: TravelSource;
  positionAgeSeconds: number | null;
  stale: boolean;
  staleAfterSeconds: number;
  maxMinutes: number;
  behindFirstMinutes: number;
  /** Why a slower unit ranks first: it speaks the person's language, or its officer is CIT-trained. */
  firstAheadFor?: 'language' | 'cit';
}

/** The reasons shown beside a ranked unit (ARCHITECTURE.md convention 4). */
export function explainRank(f: RankFacts, plan: PlanForDispatch, needs: CapabilityNeeds | undefined): string[] {
  const crew = plan.responders.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(' + ');
  const reasons = [
    f.rank === 1
      ? `Fastest of ${f.eligibleCount} eligible unit${f.eligibleCount === 1 ? '' : 's'}: ETA ${fmtMinutes(f.etaMinutes)}, ${f.distanceKm.toFixed(1)} km`
      : f.behindFirstMinutes >= 0
        ? `Rank ${f.rank} of ${f.eligibleCount}: ETA ${fmtMinutes(f.etaMinutes)}, ${f.distanceKm.toFixed(1)} km, ${fmtMinutes(f.behindFirstMinutes)} behind the first`
        : `Rank ${f.rank} of ${f.eligibleCount}: ETA ${fmtMinutes(f.etaMinutes)}, ${f.distanceKm.toFixed(1)} km, ${fmtMinutes(-f.behindFirstMinutes)} ${f.firstAheadFor === 'language' ? "faster than the first, which speaks the person's language" : 'sooner than the first, which has a CIT-trained officer'}`,
    `Travel time ${SOURCE_WORDS[f.source]}`,
    `A ${modelLabel(f.unit.model)} team with ${crew} on board, as the ${responseLabel(plan.responseType)} plan needs; the incident is in its service area`,
  ];
  if (plan.responders.includes('police_officer') && f.unit.composition.includes('police_officer')) {
    reasons.push(
      f.unit.citTrainedOfficer
        ? 'A CIT-trained officer (40-hour course) is on board: preferred when police respond'
        : `No CIT-trained officer on board: a unit with one is preferred when police respond (by up to ${CIT_PREFERENCE_MINUTES} min)`,
    );
  }
  const met = neededWords(needs);
  if (met.length > 0) reasons.push(`Has what the call needs: ${met.join(', ')}`);
  if (f.positionAgeSeconds === null) {
    const label = f.unit.home?.label ? ` (${f.unit.home.label})` : '';
    reasons.push(`No live position: timed from its home base${label}, so the ETA is a guess`);
  } else if (f.stale) {
    reasons.push(`Position is ${fmtAge(f.positionAgeSeconds)} old (stale after ${fmtAge(f.staleAfterSeconds)}): the unit may have moved`);
  } else {
    reasons.push(`Live position ${fmtAge(f.positionAgeSeconds)} old`);
  }
  const spare = f.maxMinutes - f.etaMinutes;
  reasons.push(
    spare >= 0
      ? `Arrives ${fmtMinutes(spare)} inside the maximum response time of ${fmtMinutes(f.maxMinutes)}`
      : `Arrives ${fmtMinutes(-spare)} after the maximum response time of ${fmtMinutes(f.maxMinutes)}`,
  );
  return reasons;
}

function neededWords(needs: CapabilityNeeds | undefined): string[] {
  if (!needs) return [];
  const words: string[] = [];
  if (needs.youth) words.push('youth response');
  if (needs.naloxone) words.push('naloxone');
  if (needs.canTransport) words.push('transport');
  for (const lang of needs.languages ?? []) words.push(`language ${lang}`);
  return words;
}

/** "8 not available, 2 missing capability": why the units that fit the plan cannot go. */
export function tallyExclusions(codes: readonly ExclusionCode[]): string {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${n} ${code.replace(/_/g, ' ')}`).join(', ');
}
