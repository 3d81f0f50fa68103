import type { GeoPoint } from '../incident/types.ts';
import type { TravelTimeEstimator } from '../dispatch/travel.ts';
import { facilityExclusions, type FacilitySituation } from './eligibility.ts';
import { FACILITY_KIND_LABELS, type CapacityUnit, type FacilityKind, type FacilityProfile } from './facility.ts';

/**
 * Where a person may go, least restrictive first (CESSA §25: on-site care when it works; the
 * setting the person chooses; the least restrictive place that can help). Staying put and going
 * home come before any facility, and an ED or an inpatient unit come last.
 */
export const DESTINATION_ORDER = [
  'stay',
  'home',
  'chosen_place',
  'respite',
  'living_room',
  'ccbhc',
  'crisis_stabilisation_centre',
  'withdrawal_management',
  'emergency_department',
  'inpatient_unit',
] as const satisfies readonly ('stay' | 'home' | 'chosen_place' | FacilityKind)[];
export type DestinationOption = (typeof DESTINATION_ORDER)[number];

/** The person and where they are, as the crew judges them now. */
export interface DestinationSituation extends FacilitySituation {
  location: GeoPoint;
  /** The crew's judgement that the person can stay safely where they are once stabilised. */
  safeToStay: boolean;
  /** A medical need (injury, overdose) that only an emergency department can meet. */
  needsMedicalCare: boolean;
  home: (GeoPoint & { label: string }) | null;
  chosenPlace: (Partial<GeoPoint> & { label: string }) | null;
}

/** A facility as the recommendation needs it: its rules and its live figure. */
export interface FacilityCandidate {
  id: string;
  name: string;
  location: GeoPoint;
  profile: FacilityProfile;
  capacityUnit: CapacityUnit;
  /** Reported available minus announced arrivals; null when never reported. */
  availableNow: number | null;
  stale: boolean;
  ageSeconds: number | null;
}

export interface RankedDestination {
  option: DestinationOption;
  facilityId: string | null;
  name: string;
  etaMinutes: number | null;
  distanceKm: number | null;
  availableNow: number | null;
  capacityUnit: CapacityUnit | null;
  stale: boolean;
  reasons: string[];
}

export const DESTINATION_EXCLUSION_CODES = ['not_safe_to_stay', 'needs_medical_care', 'no_home_known', 'no_place_chosen', 'full', 'criteria'] as const;
export type DestinationExclusionCode = (typeof DESTINATION_EXCLUSION_CODES)[number];

export interface ExcludedDestination {
  option: DestinationOption;
  facilityId: string | null;
  name: string;
  code: DestinationExclusionCode;
  /** The facility's own rule, when its criteria exclude the person. */
  rule: string | null;
  reason: string;
  /** The reason without the person's own facts, for readers who may not see them. */
  generalReason: string;
}

/** The answer: never an empty list without a word; `noEligibleDestination` says why when nothing fits. */
export interface DestinationRecommendation {
  ranked: RankedDestination[];
  excluded: ExcludedDestination[];
  noEligibleDestination: { reason: string } | null;
}

const rank = (o: DestinationOption): number => DESTINATION_ORDER.indexOf(o);
const mins = (n: number): string => `${Math.round(n)} min`;

/**
 * Ranks the destinations for a person (issue 6 §3): staying where they are, home and a place they
 * chose first, then the facilities whose criteria admit them and that have room, least
 * restrictive first and nearest first within a kind; every excluded one with its reason. A
 * medical need sends the person to an emergency department whatever else is eligible.
 */
export async function recommendDestinations(situation: DestinationSituation, facilities: readonly FacilityCandidate[], travel: TravelTimeEstimator): Promise<DestinationRecommendation> {
  const ranked: RankedDestination[] = [];
  const excluded: ExcludedDestination[] = [];
  const person = (o: DestinationOption, name: string, reasons: string[], eta: { minutes: number; distanceKm: number } | null = null) =>
    ranked.push({ option: o, facilityId: null, name, etaMinutes: eta ? round1(eta.minutes) : null, distanceKm: eta ? round1(eta.distanceKm) : null, availableNow: null, capacityUnit: null, stale: false, reasons });
  const exclude = (o: DestinationOption, name: string, code: DestinationExclusionCode, reason: string, facilityId: string | null = null, rule: string | null = null, generalReason = reason) =>
    excluded.push({ option: o, facilityId, name, code, rule, reason, generalReason });
  const medical = situation.needsMedicalCare;

  if (medical) exclude('stay', 'Stay where they are', 'needs_medical_care', 'The person needs medical care an emergency department gives');
  else if (!situation.safeToStay) exclude('stay', 'Stay where they are', 'not_safe_to_stay', 'The crew judges it is not safe for the person to stay here');
  else person('stay', 'Stay where they are', ['Stabilised on site: no transport needed (CESSA §25, on-site care)']);

  const places: { option: 'home' | 'chosen_place'; place: DestinationSituation['home'] | DestinationSituation['chosenPlace']; missing: DestinationExclusionCode; why: string }[] = [
    { option: 'home', place: situation.home, missing: 'no_home_known', why: 'No home address is known for the person' },
    { option: 'chosen_place', place: situation.chosenPlace, missing: 'no_place_chosen', why: 'The person has not named a place they would rather go' },
  ];
  for (const { option, place, missing, why } of places) {
    if (!place) exclude(option, option === 'home' ? 'Home' : 'A place they choose', missing, why);
    else if (medical) exclude(option, place.label, 'needs_medical_care', 'The person needs medical care first');
    else {
      const at = place.lat !== undefined && place.lon !== undefined ? (await travel.estimateMany([situation.location], { lat: place.lat, lon: place.lon }))[0]! : null;
      person(option, place.label, [option === 'home' ? 'Home: the least restrictive setting after staying put' : 'The place the person chose (CESSA §25)', ...(at ? [`${mins(at.minutes)} away`] : [])], at);
    }
  }

  const fits: FacilityCandidate[] = [];
  for (const f of facilities) {
    const label = FACILITY_KIND_LABELS[f.profile.kind];
    const rule = facilityExclusions(f.profile, situation)[0];
    if (medical && f.profile.kind !== 'emergency_department') exclude(f.profile.kind, f.name, 'needs_medical_care', `${label} is not for a medical emergency: the person needs an emergency department`, f.id);
    else if (rule) exclude(f.profile.kind, f.name, 'criteria', rule.reason, f.id, rule.code, rule.generalReason);
    else if (f.availableNow !== null && f.availableNow <= 0 && !f.stale) exclude(f.profile.kind, f.name, 'full', `${f.name} has no ${f.capacityUnit} free now`, f.id);
    else fits.push(f);
  }
  // The estimator times many origins to one point: facility → person, which roads make as long
  // as the trip there, in one request to a router instead of one per facility.
  const etas = fits.length ? await travel.estimateMany(fits.map((f) => f.location), situation.location) : [];
  fits.forEach((f, i) => {
    const eta = etas[i]!;
    const reasons = [`${FACILITY_KIND_LABELS[f.profile.kind]}: admits this person`, `${mins(eta.minutes)} away (${round1(eta.distanceKm)} km)`];
    if (f.availableNow === null) reasons.push(`No ${f.capacityUnit} figure reported: phone before you go`);
    else if (f.stale) reasons.push(`${f.availableNow} ${f.capacityUnit} free, but the figure is ${Math.round((f.ageSeconds ?? 0) / 60)} min old: phone first`);
    else reasons.push(`${f.availableNow} ${f.capacityUnit} free now`);
    ranked.push({ option: f.profile.kind, facilityId: f.id, name: f.name, etaMinutes: round1(eta.minutes), distanceKm: round1(eta.distanceKm), availableNow: f.availableNow, capacityUnit: f.capacityUnit, stale: f.stale || f.availableNow === null, reasons });
  });

  ranked.sort((a, b) => rank(a.option) - rank(b.option) || (a.etaMinutes ?? 0) - (b.etaMinutes ?? 0) || a.name.localeCompare(b.name));
  excluded.sort((a, b) => rank(a.option) - rank(b.option) || a.name.localeCompare(b.name));
  const noEligibleDestination = ranked.length === 0
    ? { reason: `No eligible destination: ${[...new Set(excluded.map((e) => e.code))].map((c) => EXCLUSION_WORDS[c]).join('; ')}. Call the crisis stabilisation centre or an ED to arrange an exception` }
    : null;
  return { ranked, excluded, noEligibleDestination };
}

const EXCLUSION_WORDS: Record<DestinationExclusionCode, string> = {
  not_safe_to_stay: 'not safe to stay',
  needs_medical_care: 'a medical need only an ED meets',
  no_home_known: 'no home known',
  no_place_chosen: 'no place chosen',
  full: 'facilities full',
  criteria: "facilities' criteria exclude the person",
};

const round1 = (n: number): number => Math.round(n * 10) / 10;
