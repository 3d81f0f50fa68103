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
