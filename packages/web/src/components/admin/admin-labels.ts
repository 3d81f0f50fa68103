import { isRole, ROLE_LABELS, type Permission } from '@continuum/domain';

/** What each permission lets a token do, in words: the scopes of the token form and list. */
export const PERMISSION_LABELS: Record<Permission, string> = {
  'incident.read': 'Read incidents',
  'incident.create': 'Take new calls',
  'incident.triage': 'Triage calls',
  'incident.hand_off': 'Hand calls off (988, 911, CARES)',
  'handoff.receive': 'Receive hand-offs from other centres',
  'eido.write': 'Send incidents from a 911 CAD (NENA EIDO)',
  'contact.message': 'Post text and chat messages (a texting platform)',
  'incident.dispatch': 'Dispatch units',
  'incident.field_update': 'Field updates (en route, on scene…)',
  'incident.close': 'Close incidents',
  'incident.cancel': 'Cancel incidents',
  'incident.reopen': 'Reopen incidents',
  'protocol.read': 'Read triage protocols',
  'protocol.manage': 'Publish and pin triage protocols',
  'incident.break_glass': 'Break-glass access',
  'agreement.read': 'Read sharing agreements',
  'agreement.manage': 'Record and end sharing agreements',
  'privacy.alerts': 'Privacy alerts',
  'report.read': 'Aggregate reports',
  'incident.part2.record': 'Record Part 2 (substance use) information',
  'consent.record': 'Record consent',
  'user.manage': 'Manage accounts',
  'organisation.manage': 'Manage regions, agencies, units and districts',
  'token.manage': 'Manage API tokens',
  'audit.read': 'Read the audit trail',
  'feed.subscribe': 'Live updates (feed)',
  'unit.crew': 'Roster unit crews',
  'unit.manage': 'Manage units',
  'facility.capacity': 'Report facility capacity',
  'facility.manage': 'Manage the facility directory',
  'followup.read': 'Read follow-up episodes',
  'followup.manage': 'Work follow-up episodes',
  'person.read': 'Read person records',
  'person.link': 'Link calls to people',
  'person.manage': 'Keep person records and safety plans',
};

/** A role's name in words; an unknown code (a role from a newer server) as it is. */
export const roleLabel = (role: string): string => (isRole(role) ? ROLE_LABELS[role] : role);
