import type { Permission, Role } from '@continuum/domain';

/** One area of the console: where it lives, its `g <key>` shortcut, and what it is for. */
export interface Area {
  id: string;
  path: string;
  label: string;
  /** Second key of the `g <key>` shortcut. */
  key: string;
  /** What the area will do, for the empty state until a later issue builds it. */
  purpose?: string;
  /** What to do meanwhile. */
  meanwhile?: string;
  /** Open to everyone signed in but nobody's main work (the facility directory): never a landing page while another is built. */
  secondary?: boolean;
  /** Shown only to people who hold it: the nav offers no page that would only refuse them. */
  permission?: Permission;
  /** Shown only to these roles, beside the permission: the field view is for crews, not desks. */
  roles?: readonly Role[];
}

export const INCIDENTS: Area = { id: 'incidents', path: '/incidents', label: 'Incidents', key: 'i', permission: 'incident.read' };
/** Taking a call: `/intake` is the new-call form, `/intake/<incident id>` the guided interview. */
export const INTAKE: Area = { id: 'intake', path: '/intake', label: 'Intake', key: 'n', permission: 'incident.create' };
/** The audit trail: who saw or changed what, searched and exported by auditors and privacy officers. */
export const AUDIT: Area = { id: 'audit', path: '/audit', label: 'Audit trail', key: 't', permission: 'audit.read' };
/** The dispatch board: the queue by urgency, the map, ranked units, and sending them. */
export const DISPATCH: Area = { id: 'dispatch', path: '/dispatch', label: 'Dispatch board', key: 'd', permission: 'incident.read' };
/** Break-glass openings, live, for the privacy officer's review. */
export const PRIVACY_ALERTS: Area = { id: 'privacy', path: '/privacy', label: 'Privacy alerts', key: 'p', permission: 'privacy.alerts' };
/** For crews on the road: the current assignment, one-tap steps, panic, and an offline outbox. */
export const FIELD: Area = {
  id: 'field', path: '/field', label: 'Field', key: 'f', permission: 'incident.field_update',
  // Dispatchers and supervisors hold the permission to move a unit's steps from the board, but
  // the field view (a unit to ride, PANIC, going off duty) is no desk's work (issue 15 §3).
  roles: ['mcrt_clinician', 'engagement_specialist', 'police_officer', 'ems_crew'],
};
/** Administration for administrators: `/admin/users`, `/admin/tokens`, `/admin/protocols`, … (components/admin/AdminPage.tsx). */
export const ADMIN: Area = { id: 'admin', path: '/admin', label: 'Admin', key: 'a', permission: 'user.manage' };

/** Facilities and their live beds or chairs: a directory for every signed-in reader (no personal data). */
export const FACILITIES: Area = { id: 'facilities', path: '/facilities', label: 'Facilities', key: 'b', secondary: true };
/** CIT and training records of officers and telecommunicators, and who is due a refresher (issue 12 §6). */
export const TRAINING: Area = { id: 'training', path: '/training', label: 'Training', key: 'c', permission: 'training.read' };
/** Follow-up after a crisis: `/follow-up` is the caseload (overdue first), `/follow-up/<id>` an episode. */
export const FOLLOW_UP: Area = { id: 'follow-up', path: '/follow-up', label: 'Follow-up', key: 'u', permission: 'followup.read' };
/** People: `/people/<id>` is one person's record and safety plan; the list is reached from a call. */
export const PEOPLE: Area = { id: 'people', path: '/people', label: 'People', key: 'o', permission: 'person.read' };

/** Reports (issue 14 §3): the RAC's monthly report; `/reports/dashboard` is the supervisors' live dashboard. */
export const REPORTS: Area = { id: 'reports', path: '/reports', label: 'Reports', key: 'r', permission: 'report.read' };
/** Planning (issue 13 §3-4): the region's digital twin, for supervisors and the RAC sizing its teams. */
export const PLANNING: Area = { id: 'planning', path: '/planning', label: 'Planning', key: 'l', permission: 'plan.simulate' };

/** Every area in navigation order; placeholders describe what a later issue will build. */
export const AREAS: readonly Area[] = [
  INCIDENTS,
  INTAKE,
  PEOPLE,
  DISPATCH,
  FIELD,
  FOLLOW_UP,
  FACILITIES,
  TRAINING,
  REPORTS,
  PLANNING,
  PRIVACY_ALERTS,
  AUDIT,
  ADMIN,
];

/** Each role's own work, where it lands after signing in (issue 15 §3). */
export const HOME_OF_ROLE: Record<Role, string> = {
  telecommunicator: INTAKE.id,
  crisis_counsellor: INTAKE.id,
  crisis_dispatcher: DISPATCH.id,
  supervisor: DISPATCH.id,
  mcrt_clinician: FIELD.id,
  engagement_specialist: FIELD.id,
  police_officer: FIELD.id,
  ems_crew: FIELD.id,
  case_manager: FOLLOW_UP.id,
  facility_intake: FACILITIES.id,
  rac_analyst: 'reports',
  auditor: AUDIT.id,
  privacy_officer: PRIVACY_ALERTS.id,
  administrator: ADMIN.id,
};

/**
 * Where a person lands: their role's own work when they may use it, else the first built area of
 * their own work, else the first built area they may use (facility staff land on Facilities),
 * else the first they may use at all.
 */
export const homeArea = (areas: readonly Area[], role?: Role): Area | undefined =>
  (role ? areas.find((a) => a.id === HOME_OF_ROLE[role]) : undefined) ??
  areas.find((a) => !a.purpose && !a.secondary) ?? areas.find((a) => !a.purpose) ?? areas[0];

/** The areas a person with these abilities (and this role) may use, in navigation order. */
export const areasFor = (abilities: readonly Permission[], role?: Role): Area[] =>
  AREAS.filter((a) => (!a.permission || abilities.includes(a.permission)) && (!a.roles || !role || a.roles.includes(role)));

/**
 * The area a hash path belongs to among `areas` (its query string aside), or null when the
 * path names none of them: unknown, or an area the person may not use.
 */
export function findArea(path: string, areas: readonly Area[] = AREAS): Area | null {
  const bare = path.split('?')[0]!;
  return areas.find((a) => bare === a.path || bare.startsWith(`${a.path}/`)) ?? null;
}
