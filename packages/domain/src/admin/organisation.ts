import type { FieldIssue } from '../errors.ts';

/** The kinds of organisation in the tenancy tree (DOMAIN.md §2). */
export const AGENCY_KINDS = [
  'state_agency',
  'regional_advisory_committee',
  'psap',
  '988_centre',
  'mcrt_provider',
  'cares_line',
  'medicaid_mobile_crisis_provider',
  'co_response_programme',
  'law_enforcement',
  'ems',
  'fire',
  'crisis_stabilisation_centre',
  'living_room',
  'ccbhc',
  'emergency_department',
  'inpatient_unit',
  'withdrawal_management',
  'followup_provider',
  'outpatient_provider',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Agency kinds that may follow people up for a region (DOMAIN.md §9). */
export const FOLLOWUP_PROVIDER_KINDS: readonly AgencyKind[] = ['followup_provider', 'mcrt_provider', 'ccbhc', 'outpatient_provider'];

/** The risk levels a region's maximum may be set for (the risk matrix's 1-4). */
export const MAXIMUM_LEVELS = ['1', '2', '3', '4'] as const;

/** The RAC's bounds on a maximum: under 5 minutes no team can leave; over a day is no maximum. */
export const MAXIMUM_MINUTES = { min: 5, max: 24 * 60 } as const;

/**
 * The maximum response time of an in-person response that a RAC sets for its region (CESSA §45):
 * a default, and rows by risk level and by emergency type. Null default: the server's setting.
 */
export interface RegionMaxima {
  default: number | null;
  byLevel: Partial<Record<(typeof MAXIMUM_LEVELS)[number], number>>;
  byEmergencyType: Record<string, number>;
}

export const emptyMaxima = (): RegionMaxima => ({ default: null, byLevel: {}, byEmergencyType: {} });

/**
 * The region's maximum for one call: its emergency type's row, else its level's, else the
 * default. The most specific row wins because the RAC sets a type (a youth crisis) deliberately.
 */
export function regionMaximumFor(maxima: RegionMaxima, level: number | null, emergencyType: string | null): number | null {
  const byType = emergencyType !== null ? maxima.byEmergencyType[emergencyType] : undefined;
  const byLevel = level !== null ? maxima.byLevel[String(level) as (typeof MAXIMUM_LEVELS)[number]] : undefined;
  return byType ?? byLevel ?? maxima.default;
}

/** Whether the runtime knows this IANA time zone (America/Chicago); pure: no clock is read. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

/** The problems of a region's settings, each naming the field and the rule. */
export function regionSettingsIssues(input: { timeZone?: string; maxResponseMinutes?: RegionMaxima }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    issues.push({ field: 'timeZone', rule: 'time_zone', message: 'must be an IANA time zone such as America/Chicago' });
  }
  const m = input.maxResponseMinutes;
  if (m) {
    const check = (field: string, minutes: number) => {
      if (!Number.isInteger(minutes) || minutes < MAXIMUM_MINUTES.min || minutes > MAXIMUM_MINUTES.max) {
        issues.push({ field, rule: 'minutes_range', message: `must be a whole number of minutes from ${MAXIMUM_MINUTES.min} to ${MAXIMUM_MINUTES.max}` });
      }
    };
    if (m.default !== null) check('maxResponseMinutes.default', m.default);
    for (const [level, minutes] of Object.entries(m.byLevel)) {
      if (!(MAXIMUM_LEVELS as readonly string[]).includes(level)) {
        issues.push({ field: `maxResponseMinutes.byLevel.${level}`, rule: 'risk_level', message: `a risk level is one of ${MAXIMUM_LEVELS.join(', ')}` });
      } else if (minutes !== undefined) check(`maxResponseMinutes.byLevel.${level}`, minutes);
    }
    for (const [type, minutes] of Object.entries(m.byEmergencyType)) {
      if (!/^[a-z][a-z0-9_]*$/.test(type)) {
        issues.push({ field: `maxResponseMinutes.byEmergencyType.${type}`, rule: 'emergency_type', message: 'an emergency type is lower-case letters, digits and _' });
      } else check(`maxResponseMinutes.byEmergencyType.${type}`, minutes);
    }
  }
  return issues;
}
