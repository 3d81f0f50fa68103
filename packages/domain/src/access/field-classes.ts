import type { Role } from './roles.ts';

/**
 * Every field of a person, incident, episode or note has one class; presenters drop the classes
 * a role may not read (DOMAIN.md §9). Police and EMS need safety facts, never clinical ones.
 */
export const FIELD_CLASSES = [
  'operational',
  'location_safety',
  'identity',
  'demographics',
  'clinical',
  'substance_use_part2',
] as const;
export type FieldClass = (typeof FIELD_CLASSES)[number];

const CARE_TEAM: FieldClass[] = ['operational', 'location_safety', 'identity', 'demographics', 'clinical'];

/**
 * What each role may read of an individual record. Part 2 data is absent everywhere here:
 * it needs a recorded consent, which is decided per record, not per role.
 */
export const READABLE_CLASSES: Record<Role, readonly FieldClass[]> = {
  telecommunicator: CARE_TEAM,
  crisis_counsellor: CARE_TEAM,
  crisis_dispatcher: CARE_TEAM,
  mcrt_clinician: CARE_TEAM,
  engagement_specialist: CARE_TEAM,
  case_manager: CARE_TEAM,
  supervisor: CARE_TEAM,
  police_officer: ['operational', 'location_safety'],
  ems_crew: ['operational', 'location_safety'],
  facility_intake: [],
  rac_analyst: [],
  auditor: [],
  privacy_officer: [],
  administrator: ['operational'],
};

export const mayReadClass = (role: Role, fieldClass: FieldClass): boolean =>
  READABLE_CLASSES[role].includes(fieldClass);
