import type { AlertCode, AssignmentMode, AssignmentStage, DeviationCode, ExclusionCode, MaximumBasis, ReleaseKind, ShortfallCode, TravelSource, UnitStatus } from '@continuum/domain';

/**
 * How a unit's arrival was timed. One distance per unit is shown (issue 15 §5): the one its time
 * was computed over (by road from the routing server, else the straight line times a detour factor).
 */
export const TRAVEL_SOURCE_LABELS: Record<TravelSource, string> = {
  road_network: 'timed over the road network',
  great_circle: 'timed from the straight line with a detour allowance (no road routing configured)',
  fallback: 'timed from the straight line: the road routing server did not answer',
};

/** Unit statuses in the words said on the radio. */
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  off_duty: 'Off duty',
  available: 'Available',
  dispatched: 'Dispatched',
  en_route: 'En route',
  on_scene: 'On scene',
  transporting: 'Transporting',
  at_destination: 'At destination',
  out_of_service: 'Out of service',
};

/**
 * Marker colours by status: free units green, committed ones blue shades, unavailable grey.
 * Colour is never alone: the roster and the marker's title say the status in words.
 */
export const UNIT_STATUS_COLOURS: Record<UnitStatus, string> = {
  off_duty: '#6b7785',
  available: '#1d6b3a',
  dispatched: '#0b5cad',
  en_route: '#0b5cad',
  on_scene: '#5b2a86',
  transporting: '#7a4b00',
  at_destination: '#7a4b00',
  out_of_service: '#6b7785',
};

/** Incident markers by IRLM level (1 lowest, 4 emergent); untriaged is grey. */
export const RISK_COLOURS: Record<number, string> = { 1: '#3d6f99', 2: '#b7791f', 3: '#c2410c', 4: '#a4161a' };
export const riskColour = (level: number | null): string => (level === null ? '#6b7785' : (RISK_COLOURS[level] ?? '#6b7785'));

export const STAGE_LABELS: Record<AssignmentStage, string> = {
  assigned: 'Assigned, not acknowledged',
  acknowledged: 'Acknowledged',
  en_route: 'En route',
  on_scene: 'On scene',
  transporting: 'Transporting',
  at_destination: 'At destination',
  cleared: 'Cleared',
  released: 'Released',
};

/** Where a call's maximum response time comes from, in words beside its figure (issue 12 §7). */
export const MAXIMUM_BASIS_LABELS: Record<MaximumBasis, string> = {
  plan: 'the response plan’s maximum',
  youth: 'the plan’s youth maximum (under 21)',
  cares_youth: 'the CARES line’s youth maximum',
  region: 'the regional maximum',
  none: 'no crisis-team maximum: a 911 response',
};

export const ALERT_LABELS: Record<AlertCode, string> = {
  panic: 'Panic',
  check_in_overdue: 'Check-in overdue',
  beyond_maximum: 'Beyond maximum',
  unacknowledged: 'Not acknowledged',
  nearing_maximum: 'Nearing maximum',
};

export const SHORTFALL_LABELS: Record<ShortfallCode, string> = {
  none_covering_area: 'No unit covers this area',
  none_available: 'No fitting unit is available',
  best_eta_beyond_regional_maximum: 'The best arrival is past the maximum response time',
  no_position: 'Some units have no position',
  no_single_unit_with_composition: 'No single unit carries the whole team',
  role_not_in_area: 'A role the plan needs serves no unit in this area',
  role_not_available: 'A role the plan needs is on no free unit',
};

/** Why a unit was left out of the ranking, in words (the reason line says the detail). */
export const EXCLUSION_LABELS: Record<ExclusionCode, string> = {
  model_mismatch: 'Not the kind of team the plan sends',
  composition_mismatch: 'Does not carry the plan’s team',
  outside_service_area: 'Outside its service area',
  not_available: 'Not available',
  missing_capability: 'Lacks a needed capability',
  no_position: 'No known position',
  no_route: 'No route to the scene',
};

/** The plan rule an assignment outside the plan broke, in words. */
export const BREAK_LABELS: Record<ExclusionCode | 'police_not_in_plan', string> = { ...EXCLUSION_LABELS, police_not_in_plan: 'Police are not in the plan' };

export const DEVIATION_LABELS: Record<DeviationCode, string> = {
  no_fitting_unit_available: 'No unit that fits the plan is available',
  closest_unit_can_stabilise: 'The closest unit can stabilise until the right one arrives',
  supervisor_direction: 'Supervisor’s direction',
  person_known_to_team: 'The person is known to this team',
  other: 'Other (say why in the note)',
};

export const RELEASE_LABELS: Record<Exclude<ReleaseKind, 'out_of_service'>, string> = {
  reassigned: 'Reassign: the unit is needed elsewhere',
  cancelled: 'Cancel: the unit is no longer needed here',
};

export const MODE_LABELS: Record<Exclude<AssignmentMode, 'single'>, string> = {
  arrive_together: 'Arrive together: the first to arrive waits for the others (staging)',
  meet_on_site: 'Meet on site: each goes in on arrival',
};

/** What CESSA §30 says about sending police when no crisis team can come in time. */
export const CESSA_30_FALLBACK =
  'CESSA §30: police may be sent to a behavioural-health call when no crisis team can arrive within the regional maximum response time. The ground is recorded with the dispatch.';
