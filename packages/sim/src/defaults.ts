/**
 * The figures a scenario starts from when it does not set its own, each with its source
 * (../shared/DOMAIN.md §7 quotes them). Figures marked ASSUMPTION have no published source the
 * project could read: replace them with the region's own CAD and provider data.
 */

const DAYS_PER_MONTH = 365.25 / 12;
/** Illinois, 102 counties, 1 July 2012 (US Census Bureau, as in data/illinois-counties.ts). */
export const ILLINOIS_POPULATION = 12_875_255;

export const SOURCES = {
  crisisNow:
    'Crisis Now planning default: about 230 crisis episodes needing an in-person response per 100,000 people a month, split 32% mobile team, 54% crisis facility, 14% ED; 30% of mobile responses go on to a facility (DOMAIN.md §7).',
  illinois988: 'Illinois 988: about 15,000 contacts a month (record 15,475 in May 2024) (DOMAIN.md §7).',
  illinoisEms: 'Illinois EMS: 228,998 responses meeting mental-health criteria, October 2021 to September 2022 (IDHS item 147405, DOMAIN.md §8).',
  share911: 'Behavioural-health calls are about 2-4% of 911 calls (Denver 2.8%, Urbana 3.2%) (DOMAIN.md §7).',
  dropOff: 'Crisis stabilisation centre: police drop-off turnaround about 10 minutes (DOMAIN.md §7).',
} as const;

export const DEFAULTS = {
  protocol: 'il-irlm/il-irlm-2025.09.yaml',
  crisisNow: { episodesPer100kPerMonth: 230, split: { mobile: 0.32, facility: 0.54, ed: 0.14 }, mobileToFacility: 0.3 },
  /**
   * Contacts a month per 100,000 residents by entry point, for `calibration: contacts`:
   * 988 = 15,000 / 12.875 M; 911 = the EMS mental-health responses (228,998 a year) / 12.875 M,
   * which sits inside the 2-4% of 911 calls; CARES: ASSUMPTION (5 per 100,000).
   */
  contactsPer100kPerMonth: {
    '911': Math.round(((228_998 / 12 / ILLINOIS_POPULATION) * 100_000) * 10) / 10,
    '988': Math.round(((15_000 / ILLINOIS_POPULATION) * 100_000) * 10) / 10,
    cares: 5,
  },
  /** The shares of those rates (911 : 988 : CARES), used to split calibrated calls. */
  entryMix: { '911': 148.2, '988': 116.5, cares: 5 },
  /** ASSUMPTION: voice dominates 988 contacts; text and chat are a minority. */
  channelMix: { voice: 0.85, text: 0.1, chat: 0.05 },
  /** ASSUMPTION: behavioural-health calls peak in the afternoon and evening, fewest before dawn. */
  hourProfile: [0.9, 0.75, 0.65, 0.55, 0.5, 0.5, 0.6, 0.75, 0.9, 1.0, 1.1, 1.15, 1.2, 1.25, 1.3, 1.35, 1.35, 1.35, 1.3, 1.25, 1.2, 1.1, 1.05, 0.95],
  /** ASSUMPTION: nearly flat over the week, a little more at the weekend. */
  dayProfile: [1, 1, 1, 1, 1.05, 1.05, 1],
  /** ASSUMPTION: about an hour on scene (assessment, safety plan), long-tailed. */
  onSceneMinutes: { distribution: 'lognormal' as const, mean: 60, cv: 0.5 },
  /** ASSUMPTION: police arrive in about 15 minutes. */
  policeMinutes: { distribution: 'lognormal' as const, mean: 15, cv: 0.5 },
  followupShare: 0.8,
  caseManagersPerRegion: 4,
  /** Hours a person stays, by kind of facility. ASSUMPTION except the 23-hour observation of a stabilisation centre. */
  stayHours: {
    crisis_stabilisation_centre: { distribution: 'lognormal' as const, mean: 23, cv: 0.5 },
    living_room: { distribution: 'lognormal' as const, mean: 6, cv: 0.5 },
    ccbhc: { distribution: 'lognormal' as const, mean: 3, cv: 0.5 },
    emergency_department: { distribution: 'lognormal' as const, mean: 8, cv: 0.7 },
    inpatient_unit: { distribution: 'lognormal' as const, mean: 7 * 24, cv: 0.6 },
    withdrawal_management: { distribution: 'lognormal' as const, mean: 4 * 24, cv: 0.5 },
    respite: { distribution: 'lognormal' as const, mean: 3 * 24, cv: 0.5 },
  },
  /** Minutes a team spends handing a person over: 10 at a stabilisation centre (DOMAIN.md §7); ASSUMPTION elsewhere. */
  turnaroundMinutes: {
    crisis_stabilisation_centre: { distribution: 'lognormal' as const, mean: 10, cv: 0.5 },
    living_room: { distribution: 'lognormal' as const, mean: 10, cv: 0.5 },
    ccbhc: { distribution: 'lognormal' as const, mean: 15, cv: 0.5 },
    emergency_department: { distribution: 'lognormal' as const, mean: 60, cv: 0.6 },
    inpatient_unit: { distribution: 'lognormal' as const, mean: 30, cv: 0.5 },
    withdrawal_management: { distribution: 'lognormal' as const, mean: 15, cv: 0.5 },
    respite: { distribution: 'lognormal' as const, mean: 15, cv: 0.5 },
  },
  /**
   * ASSUMPTION: how callers answer the protocol's questions, tuned so the level mix of 911 and
   * 988 behavioural-health contacts is roughly a third each at levels 1 and 2, a fifth at 3 and
   * a tenth at 4. The levels themselves always come from the protocol engine.
   */
  situation: {
    immediate_danger: { weapon: 0.02, violence: 0.025, suicide_attempt: 0.025, medical: 0.03, crime: 0.01, unsure: 0.08, none: 0.81 },
    danger_check: { weapon_with_intent: 0.05, threat_now: 0.05, recent_threats: 0.2, none: 0.7 },
    suicidal_thoughts: { plan_and_means: 0.02, plan_no_means: 0.08, thoughts_no_plan: 0.2, no: 0.6, unknown: 0.1 },
    threats: { yes_no_weapon: 0.05, no: 0.95 },
    psychosis: { agitated: 0.04, calm: 0.08, no: 0.88 },
    substances: { at_risk: 0.06, not_at_risk: 0.12, no: 0.82 },
    self_care: { endangered: 0.03, yes: 0.97 },
    context: { diagnosis: 0.2, emergency: 0.1, both: 0.05, neither: 0.65 },
    need: { in_person: 0.3, welfare_check: 0.1, talk: 0.3, support: 0.25, resources: 0.05 },
  } as Record<string, Record<string, number>>,
} as const;

/** Minutes in an average month, for turning monthly rates into rates per minute. */
export const MINUTES_PER_MONTH = DAYS_PER_MONTH * 1440;
