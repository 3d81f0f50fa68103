/** The people who use Continuum (DOMAIN.md §3), plus the privacy officer who watches break-glass use. */
export const ROLES = [
  'telecommunicator',
  'crisis_counsellor',
  'crisis_dispatcher',
  'mcrt_clinician',
  'engagement_specialist',
  'police_officer',
  'ems_crew',
  'case_manager',
  'facility_intake',
  'supervisor',
  'rac_analyst',
  'auditor',
  'privacy_officer',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export const ROLE_LABELS: Record<Role, string> = {
  telecommunicator: 'Telecommunicator (911)',
  crisis_counsellor: '988 crisis counsellor',
  crisis_dispatcher: 'Crisis dispatcher',
  mcrt_clinician: 'Mobile crisis clinician',
  engagement_specialist: 'Engagement specialist (peer)',
  police_officer: 'Police officer',
  ems_crew: 'EMS crew',
  case_manager: 'Follow-up case manager',
  facility_intake: 'Facility intake staff',
  supervisor: 'Supervisor',
  rac_analyst: 'RAC analyst',
  auditor: 'Auditor',
  privacy_officer: 'Privacy officer',
  administrator: 'Administrator',
};
