import { FACILITY_KIND_LABELS, type FacilityProfile } from './facility.ts';
import { describeHours, isOpenAt } from './hours.ts';

/** The person and the moment a destination is judged for. */
export interface FacilitySituation {
  /** Unknown ages are not held against anyone: only a known age can exclude. */
  age?: number | null;
  voluntary: boolean;
  broughtByPolice: boolean;
  intoxicated: boolean;
  medicallyCleared: boolean;
  insured: boolean;
  at: Date;
}

export const FACILITY_EXCLUSION_CODES = [
  'closed',
  'under_min_age',
  'over_max_age',
  'voluntary_only',
  'no_police_drop_off',
  'medical_clearance_required',
  'intoxication_not_accepted',
  'insurance_required',
] as const;
export type FacilityExclusionCode = (typeof FACILITY_EXCLUSION_CODES)[number];

/** Why a facility cannot take this person now: a stable code and a sentence for the crew. */
export interface FacilityExclusion {
  code: FacilityExclusionCode;
  reason: string;
  /** The reason without the person's own facts (their age), for readers who may not see them. */
  generalReason: string;
}

const ageRange = (min: number | null, max: number | null): string => {
  if (min !== null && max !== null) return `people aged ${min} to ${max}`;
  if (min !== null) return min === 18 ? 'adults 18 and over' : `people aged ${min} and over`;
  return `people up to the age of ${max}`;
};

/** Every rule of the facility the person or the moment breaks, in the order a crew checks them. */
export function facilityExclusions(facility: FacilityProfile, situation: FacilitySituation, timeZone = 'America/Chicago'): FacilityExclusion[] {
  const c = facility.criteria;
  const label = FACILITY_KIND_LABELS[facility.kind];
  const out: FacilityExclusion[] = [];
  const add = (code: FacilityExclusionCode, reason: string) => out.push({ code, reason, generalReason: reason });
  if (!isOpenAt(facility.hours, situation.at, timeZone)) add('closed', `${facility.name} is closed now (open ${describeHours(facility.hours)})`);
  const age = situation.age ?? null;
  const ages = `${label} takes ${ageRange(c.minAge, c.maxAge)}`;
  if (age !== null && c.minAge !== null && age < c.minAge) out.push({ code: 'under_min_age', reason: `${ages}; the person is ${age}`, generalReason: `${ages}; the person is younger` });
  if (age !== null && c.maxAge !== null && age > c.maxAge) out.push({ code: 'over_max_age', reason: `${ages}; the person is ${age}`, generalReason: `${ages}; the person is older` });
  if (c.voluntaryOnly && !situation.voluntary) add('voluntary_only', `${label} takes only people who come voluntarily`);
  if (!c.acceptsPoliceDropOff && situation.broughtByPolice) add('no_police_drop_off', `${label} does not take police drop-offs`);
  if (c.medicalClearanceRequired && !situation.medicallyCleared) add('medical_clearance_required', `${label} needs medical clearance first`);
  if (!c.intoxicationAccepted && situation.intoxicated) add('intoxication_not_accepted', `${label} does not take people who are intoxicated`);
  if (c.insuranceRequired && !situation.insured) add('insurance_required', `${label} requires insurance; the person has none`);
  return out;
}

/** Null when the facility may take the person now, else the first rule that excludes them. */
export function facilityEligibility(facility: FacilityProfile, situation: FacilitySituation, timeZone = 'America/Chicago'): FacilityExclusion | null {
  return facilityExclusions(facility, situation, timeZone)[0] ?? null;
}
