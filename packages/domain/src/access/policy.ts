import { ROLES, type Role } from './roles.ts';

/** Who is asking: resolved from a session or an API token before any data is touched. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string;
  regionId: string;
  via: 'session' | 'token';
  /** For API tokens: the permissions the token was limited to; null means the role's own. */
  scopes: Permission[] | null;
}

export const PERMISSIONS = [
  'incident.read',
  'incident.create',
  'incident.triage',
  'incident.hand_off',
  'handoff.receive',
  'incident.dispatch',
  'incident.field_update',
  'incident.close',
  'incident.cancel',
  'incident.reopen',
  'incident.override_ground',
  'protocol.read',
  'protocol.manage',
  'incident.break_glass',
  'agreement.read',
  'agreement.manage',
  'privacy.alerts',
  'report.read',
  'plan.simulate',
  'incident.part2.record',
  'consent.record',
  'user.manage',
  'organisation.manage',
  'token.manage',
  'audit.read',
  'feed.subscribe',
  'unit.crew',
  'unit.manage',
  'facility.capacity',
  'facility.manage',
  'followup.read',
  'followup.manage',
  'person.read',
  'person.link',
  'person.manage',
  'eido.write',
  'training.read',
  'training.manage',
  'contact.message',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const INTAKE: Role[] = ['telecommunicator', 'crisis_counsellor', 'crisis_dispatcher', 'supervisor'];
const FIELD: Role[] = ['mcrt_clinician', 'engagement_specialist', 'police_officer', 'ems_crew', 'crisis_dispatcher', 'supervisor'];
const PERSON_CARE_TEAM: Role[] = ['telecommunicator', 'crisis_counsellor', 'crisis_dispatcher', 'mcrt_clinician', 'engagement_specialist', 'case_manager', 'supervisor'];
const READERS: Role[] = [...new Set([...INTAKE, ...FIELD, 'case_manager' as const, 'administrator' as const])];

/** The permission table: declarative, so the access-matrix test can walk it. */
export const ROLE_PERMISSIONS: Record<Permission, readonly Role[]> = {
  'incident.read': READERS,
  'incident.create': INTAKE,
  'incident.triage': INTAKE,
  'incident.hand_off': INTAKE,
  // The receiving centre's call-takers see its inbox of hand-offs and accept or decline them.
  'handoff.receive': INTAKE,
  'incident.dispatch': ['crisis_dispatcher', 'supervisor'],
  'incident.field_update': FIELD,
  'incident.close': [...new Set([...INTAKE, ...FIELD])].filter((r) => r !== 'police_officer' && r !== 'ems_crew'),
  'incident.cancel': INTAKE,
  'incident.reopen': ['crisis_dispatcher', 'supervisor'],
  // Letting a CESSA §30 ground stand without the fact it needs, in writing: counted for the RAC (issue 12 §4).
  'incident.override_ground': ['supervisor'],
  'protocol.read': [...INTAKE, 'administrator', 'rac_analyst'],
  // Publishing a protocol version and pinning it for a region changes how calls are triaged.
  'protocol.manage': ['administrator', 'supervisor'],
  // Opening a record no agreement covers, with a written reason; the privacy officer is alerted.
  'incident.break_glass': ['supervisor'],
  'agreement.read': ['administrator', 'privacy_officer', 'auditor', 'supervisor'],
  'agreement.manage': ['administrator'],
  'privacy.alerts': ['privacy_officer', 'auditor'],
  // Part 2 information is recorded, and consent to disclose it taken, by the treating programme's care team.
  'incident.part2.record': ['mcrt_clinician', 'engagement_specialist', 'crisis_counsellor', 'case_manager', 'supervisor'],
  'consent.record': ['mcrt_clinician', 'engagement_specialist', 'crisis_counsellor', 'case_manager', 'supervisor'],
  // Aggregates only, with small cells suppressed: the RAC's view of its region.
  'report.read': ['supervisor', 'rac_analyst'],
  // Planning (issue 13 §3-4): the region's digital twin, run on its own plans. Simulated figures
  // only, no call of anyone's: the RAC sizing its teams and the supervisor who staffs them.
  'plan.simulate': ['supervisor', 'rac_analyst'],
  'user.manage': ['administrator'],
  // Regions' settings, agencies, units' identity and police districts (ADR 0025): within the
  // administrator's own agency, or a region a regional administration grant covers.
  'organisation.manage': ['administrator'],
  // Everyone may make, list and revoke their own API tokens from a session. A token may do so only
  // when this scope was given to it explicitly (services/account-tokens.ts): a token never mints a
  // wider or longer-lived one (credentials.ts, tokenRequestIssues).
  'token.manage': ROLES,
  'audit.read': ['auditor', 'privacy_officer'],
  // Privacy officers and auditors listen for break-glass alerts; their reach holds no incident.
  // Facility intake staff hear of their own facility's figures and arrivals (no incident reach).
  'feed.subscribe': [...READERS, 'privacy_officer', 'auditor', 'facility_intake'],
  // Rostering who rides a unit is shift-change work at the dispatch desk; only within the
  // unit's own or partner agencies (services/unit-catalogue-access.ts).
  'unit.crew': ['crisis_dispatcher', 'supervisor'],
  // What a unit can do, where it may go and when it is staffed change what dispatch recommends:
  // the owning agency's supervisors and administrators decide that.
  'unit.manage': ['administrator', 'supervisor'],
  // A facility's beds or chairs, and confirming arrivals, are reported by its own staff: only
  // members of the facility's agency (services/facilities-access.ts).
  'facility.capacity': ['facility_intake', 'supervisor'],
  // The directory itself (kinds, criteria, hours; the HSDS import) is the administrator's.
  'facility.manage': ['administrator'],
  // Follow-up episodes are clinical care records (DOMAIN.md §9): the care team that follows the
  // person up reads and writes them. The 590 MCRT's clinician and peer do their own follow-up,
  // the case manager does it for the follow-up provider, the supervisor oversees both. Dispatchers
  // are left out: sending a team needs none of it; police, EMS and analysts never read it.
  'followup.read': ['case_manager', 'mcrt_clinician', 'engagement_specialist', 'supervisor'],
  'followup.manage': ['case_manager', 'mcrt_clinician', 'engagement_specialist', 'supervisor'],
  // A person record is identity, demographics and a clinical safety plan: only roles that read all
  // three classes (the care team, READABLE_CLASSES) see it. Police, EMS, facility intake, analysts,
  // auditors and administrators never do; an auditor sees who read it in the audit trail instead.
  'person.read': PERSON_CARE_TEAM,
  // The call-taker knows who is on the line: telecommunicators may confirm a link at intake, or
  // start a record from the call, without holding the right to edit safety plans.
  'person.link': PERSON_CARE_TEAM,
  // Safety plans and records are kept by those who work with the person over time.
  'person.manage': PERSON_CARE_TEAM.filter((r) => r !== 'telecommunicator'),
  // A 911 CAD sends incidents (NENA EIDO) and subscribes to their updates through an API token of
  // an intake account; only a token given this scope explicitly holds it (credentials.ts, mayExchangeEido).
  'eido.write': INTAKE,
  // CIT and training records (issue 12 §6) are staff records: supervisors keep them and see who is
  // due a refresher; administrators keep them too when onboarding a county. Records are limited
  // to agencies in the reader's reach (services/training).
  'training.read': ['supervisor', 'administrator'],
  'training.manage': ['supervisor', 'administrator'],
  // A text or chat contact's messages: typed by intake staff, or posted by a texting platform's token.
  'contact.message': INTAKE,
};

/** Whether a principal holds a permission, through its role and, for tokens, its scopes. */
export function can(principal: Pick<Principal, 'role' | 'scopes'>, permission: Permission): boolean {
  if (!ROLE_PERMISSIONS[permission].includes(principal.role)) return false;
  return principal.scopes === null || principal.scopes.includes(permission);
}

/** Every permission a principal holds: sent to consoles so they never re-derive the rules. */
export const abilities = (principal: Pick<Principal, 'role' | 'scopes'>): Permission[] =>
  PERMISSIONS.filter((p) => can(principal, p));

/** The permission each incident action needs: consoles show only the actions a person may take. */
export const ACTION_PERMISSION = {
  answer: 'incident.triage',
  undo_answer: 'incident.triage',
  triage: 'incident.triage',
  triage_by_vendor_code: 'incident.triage',
  override_response: 'incident.triage',
  report_crisis_team_unavailable: 'incident.triage',
  mark_safety_flag: 'incident.triage',
  correct_location: 'incident.triage',
  record_substance_use: 'incident.part2.record',
  escalate_to_911: 'incident.hand_off',
  route_to_cares: 'incident.hand_off',
  transfer_to_988: 'incident.hand_off',
  queue_for_dispatch: 'incident.hand_off',
  dispatch: 'incident.dispatch',
  mark_en_route: 'incident.field_update',
  mark_on_scene: 'incident.field_update',
  start_transport: 'incident.field_update',
  close: 'incident.close',
  cancel: 'incident.cancel',
  reopen: 'incident.reopen',
} as const satisfies Record<import('../incident/transitions.ts').IncidentAction, Permission>;
