import type { MultiPolygon, Polygon } from 'geojson';
import type { GeoPoint } from '../incident/types.ts';
import type { MaxResponseMinutes, Responder, ResponseType } from '../triage/types.ts';
import type { TravelSource, TravelTimeEstimator } from './travel.ts';

/** What a team carries or can do, beyond the roles on board. */
export interface UnitCapabilities {
  /** Trained and permitted to respond to children and young people. */
  youth: boolean;
  /** Languages spoken on board, as BCP 47 tags (e.g. `en`, `es`). */
  languages: readonly string[];
  naloxone: boolean;
  canTransport: boolean;
}

/** What a call needs from a team; absent fields need nothing. */
export interface CapabilityNeeds {
  youth?: boolean;
  /** Every language listed must be spoken on board. */
  languages?: readonly string[];
  naloxone?: boolean;
  canTransport?: boolean;
}

/** A live fix: where the unit was and when. */
export interface UnitPosition extends GeoPoint {
  at: Date;
}

/**
 * The status machine's value; only `available` can be recommended. Kept open (any string) so
 * this view does not have to move in step with the status machine.
 */
export type DispatchUnitStatus = 'available' | (string & {});

/** A unit as the recommendation sees it: one snapshot of team, status and position. */
export interface DispatchUnit {
  id: string;
  name: string;
  agencyId: string;
  /** A model from the catalogue (`RESPONSE_MODELS`); an unknown model serves no plan. */
  model: string;
  /** Roles on board, by the names of `ROLES`. */
  composition: readonly string[];
  capabilities: UnitCapabilities;
  /** Where the unit may be sent: an incident outside it is not theirs (default: the county). */
  serviceArea: Polygon | MultiPolygon;
  status: DispatchUnitStatus;
  /** The last accepted fix; null when the device has sent none this shift. */
  position: UnitPosition | null;
  /** The base the team starts from, used when there is no live fix. */
  home: (GeoPoint & { label?: string | null }) | null;
  /**
   * Whether an officer on board now holds a current CIT 40-hour course (issue 12 §6), from the
   * training records of the crew on shift; absent or false when none does or nobody is rostered.
   */
  citTrainedOfficer?: boolean;
}

/** The part of a response plan that decides which teams fit. */
export interface PlanForDispatch {
  responseType: ResponseType;
  responders: readonly Responder[];
  /** The RAC's maximum minutes by emergency type; `default` covers the rest. */
  maxResponseMinutes?: MaxResponseMinutes | null;
}

/** The incident as the recommendation needs it. */
export interface IncidentForDispatch {
  location: GeoPoint;
  responsePlan: PlanForDispatch;
  /** Selects the row of `maxResponseMinutes`; `default` when absent or not listed. */
  emergencyType?: string;
  needs?: CapabilityNeeds;
  /**
   * The person's preferred language when it is not English (a BCP 47 tag): a preference, not a
   * requirement (an interpreter line serves otherwise). A team that speaks it and arrives within
   * the maximum ranks before faster teams that do not, with the reason said.
   */
  preferredLanguage?: string | null;
  /** The location is approximate (a town's centre): ETAs are estimates and say so. */
  approximateLocation?: boolean;
}

/** Everything besides the incident and the units: the clock, the router and the region's limits. */
export interface RecommendContext {
  now: Date;
  travel: TravelTimeEstimator;
  /** A fix older than this is stale: still used, but flagged. */
  staleAfterSeconds: number;
  /** The regional maximum response time, used when the plan sets none for this emergency type. */
  regionalMaxMinutes: number;
  /** How many ranked units to return (and how many combinations). */
  limit: number;
  /**
   * When to propose two units meeting on site (issue 12 §5): `when_short` (the default) when no
   * single unit is ranked or the best arrives after the maximum; `always` for every plan of two
   * roles or more; `never` to skip the search.
   */
  combinations?: 'when_short' | 'always' | 'never';
}

/** Why a unit cannot be recommended; stable codes the board branches on. */
export const EXCLUSION_CODES = [
  'model_mismatch',
  'composition_mismatch',
  'outside_service_area',
  'not_available',
  'missing_capability',
  'no_position',
  'no_route',
] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

/** Why the recommendation falls short of the plan; stable codes (ARCHITECTURE.md convention 4). */
export const SHORTFALL_CODES = [
  'none_covering_area',
  'none_available',
  'best_eta_beyond_regional_maximum',
  'no_position',
  /** No unit in the area carries the whole team the plan names (issue 12 §5); combinations may. */
  'no_single_unit_with_composition',
  /** A role the plan needs is on no unit whose service area contains the incident. */
  'role_not_in_area',
  /** A role the plan needs is on units in the area, but none of them can go now. */
  'role_not_available',
] as const;
export type ShortfallCode = (typeof SHORTFALL_CODES)[number];

/** The numbers behind a rank, so a dispatcher can check it. */
export interface RankFigures {
  straightLineKm: number;
  travelSource: TravelSource;
  /** Where the trip was timed from: the live fix or the home base. */
  origin: 'live_position' | 'home_base';
  maxResponseMinutes: number;
  /** Regional maximum minus ETA: negative when the unit would arrive late. */
  minutesToSpare: number;
}

/** One eligible unit, in rank order. */
export interface RankedUnit {
  unitId: string;
  name: string;
  etaMinutes: number;
  /** Travel distance as the estimator measured it (road or detoured great circle). */
  distanceKm: number;
  /** Null when there is no live fix (timed from home base). */
  positionAgeSeconds: number | null;
  stale: boolean;
  reasons: string[];
  figures: RankFigures;
}

/** A unit passed over, and why. */
export interface ExcludedUnit {
  unitId: string;
  code: ExclusionCode;
  reason: string;
}

export interface Shortfall {
  code: ShortfallCode;
  detail: string;
  /** The plan's roles the shortfall is about, for the role codes. */
  roles?: Responder[];
}

/** One unit of a combination: which of the plan's roles it brings, and when it arrives. */
export interface CombinationMember {
  unitId: string;
  name: string;
  roles: Responder[];
  etaMinutes: number;
  distanceKm: number;
  positionAgeSeconds: number | null;
  stale: boolean;
  origin: 'live_position' | 'home_base';
}

/**
 * Two units that together bring the plan's whole team, meeting on site (issue 12 §5): ranked by
 * the later of their two arrivals, since the team is complete only when both are there.
 */
export interface RankedCombination {
  units: [CombinationMember, CombinationMember];
  /** The later of the two arrivals. */
  arrivalMinutes: number;
  mode: 'meet_on_site';
  minutesToSpare: number;
  reasons: string[];
}

/** The §30 ground offered when no crisis team can arrive within the regional maximum. */
export interface PoliceFallback {
  justification: 'crisis_team_unavailable_within_regional_maximum';
  reason: string;
}

/** The answer: ranked units, those passed over nearby, shortfalls, and the police fallback if any. */
export interface Recommendation {
  ranked: RankedUnit[];
  /** The nearest units that were passed over (at most a few per ranked place), nearest first. */
  excluded: ExcludedUnit[];
  shortfalls: Shortfall[];
  policeFallback: PoliceFallback | null;
  /** Pairs of units that together bring the team no single unit does, best first (issue 12 §5). */
  combinations: RankedCombination[];
  /** The maximum response time this recommendation was judged against, and where it came from. */
  maxResponseMinutes: { minutes: number; source: 'plan' | 'region' };
  /** True when timed to an approximate location: every ETA is an estimate to a town's centre or a pin near the place. */
  approximate: boolean;
}
