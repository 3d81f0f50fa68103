/*
 * Audit actions and record types in words (issue 15 §7): the trail is read by auditors and
 * privacy officers, not by the developers who named the routes. The code itself stays in the
 * row's tooltip and in the filter, where an auditor may want to type it.
 */

/** The thing an action is about, by the action's first part. */
const SUBJECTS: Record<string, string> = {
  admin_grant: 'Regional administration grant', agency: 'Agency', agreement: 'Sharing agreement', audit: 'Audit trail',
  consent: 'Part 2 consent', dispatch: 'Dispatch queue', district: 'Police districts', eido: 'CAD (NENA EIDO)', facility: 'Facility',
  feed: 'Live feed', field: 'Field view', followup: 'Follow-up', geo: 'Map', handoff: 'Hand-off', incident: 'Call', onboarding: 'Onboarding files',
  person: 'Person', planning: 'Planning', privacy: 'Privacy', protocol: 'Triage protocol', region: 'Region', report: 'Report', retention: 'Retention',
  session: 'Sign-in', token: 'API token', unit: 'Unit', user: 'Account',
};

/** Whole actions whose words are not "subject: verb". */
const ACTIONS: Record<string, string> = {
  'session.create': 'Signed in',
  'session.revoke': 'Signed out',
  'privacy.alerts': 'Watched privacy alerts live',
  'privacy.alerts.read': 'Read privacy alerts',
  'incident.break_glass': 'Call: emergency access (break-glass)',
  'incident.triage.read': 'Call: read the triage',
  'incident.triage_by_vendor_code': 'Call: triage by vendor code',
  'incident.eido_export': 'Call: sent to CAD (NENA EIDO)',
  'feed.subscribe': 'Opened the live feed',
  'audit.search': 'Searched the audit trail',
  'audit.export': 'Exported the audit trail',
  'retention.prune': 'Pruned by retention',
  'geo.geocode': 'Looked up an address',
  'geo.region': 'Read the region’s map',
  'planning.scenario': 'Planning: read the region’s scenario',
  'planning.run': 'Planning: simulated the region',
  'user.identity.link': 'Account: linked a sign-in identity',
  'user.identity.read': 'Account: read sign-in identities',
  'user.identity.unlink': 'Account: unlinked a sign-in identity',
  'user.membership.add': 'Account: added to an agency',
  'user.membership.end': 'Account: membership ended',
  'report.rac': 'Report: read the monthly RAC report',
  'report.rac.calls': 'Report: listed the calls behind a figure',
  'report.districts': 'Report: read the district map',
};

/** Verbs shared by many subjects. */
const VERBS: Record<string, string> = {
  create: 'created', read: 'read', list: 'listed', update: 'changed', search: 'searched', export: 'exported', import: 'imported',
  close: 'closed', open: 'opened', assign: 'assigned', revoke: 'revoked', end: 'ended', remove: 'removed', detail: 'read',
  transition: 'status changed', queue: 'read the queue', status: 'status changed', link: 'linked', unlink: 'link undone',
  disable: 'disabled', enable: 'enabled', unlock: 'unlocked', password_reset: 'password reset', pin: 'pinned', publish: 'published',
  answer: 'answered a question', note: 'note added', history: 'read its history', trail: 'read its trail', response: 'read its response',
  recommendation: 'read the recommended units', destinations: 'read destinations', assignment: 'unit step recorded',
  panic: 'PANIC', panic_resolve: 'panic resolved', position: 'position', positions: 'positions', accept: 'accepted', decline: 'declined',
  offer: 'offered', caseload: 'read the caseload', attempt: 'contact attempt', task: 'task added', task_complete: 'task done',
  referral: 'referral added', referral_status: 'referral status changed', referral_export: 'referral exported',
  safety_plan: 'safety plan changed', candidates: 'read possible matches', consent_record: 'consent recorded', consent_revoke: 'consent revoked',
  capacity: 'beds or chairs reported', arrival_announce: 'arrival announced', crew: 'crew changed', capabilities: 'capabilities changed',
  service_area: 'service area changed', service_area_import: 'service area imported', shift_add: 'shift added', shift_remove: 'shift removed',
  retire: 'retired', admin_list: 'listed (admin)', handoffs: 'hand-offs', overrides: 'overrides', subscribe: 'subscribed',
  subscriptions: 'listed subscriptions', unsubscribe: 'unsubscribed', links: 'read CAD links', record: 'recorded',
};

const words = (code: string) => code.replaceAll('_', ' ');

/** An audit action in words: "Call: closed", "Signed in", "Read privacy alerts". */
export function auditActionLabel(action: string): string {
  const whole = ACTIONS[action];
  if (whole) return whole;
  const [subject, ...rest] = action.split('.');
  const noun = SUBJECTS[subject!];
  if (!noun) return words(action).replaceAll('.', ': ');
  const verb = rest.length ? rest.map((r) => VERBS[r] ?? words(r)).join(' ') : '';
  return verb ? `${noun}: ${verb}` : noun;
}

const RECORDS: Record<string, string> = {
  incident: 'Call', followup_episode: 'Follow-up episode', person: 'Person', unit: 'Unit', user: 'Account', agency: 'Agency', region: 'Region',
  facility: 'Facility', handoff: 'Hand-off', agreement: 'Sharing agreement', token: 'API token', protocol: 'Triage protocol', district: 'Police district',
  consent: 'Part 2 consent', session: 'Session', report: 'Report', audit: 'Audit trail', part2_record: 'Part 2 record', referral: 'Referral',
};

/** A record type in words ("Follow-up episode"), never its table's name. */
export const recordTypeLabel = (type: string): string => RECORDS[type] ?? words(type).replace(/^./, (c) => c.toUpperCase());

/** Every action the server audits, for tests to check each has words (kept beside the table). */
export const KNOWN_SUBJECTS = Object.keys(SUBJECTS);
