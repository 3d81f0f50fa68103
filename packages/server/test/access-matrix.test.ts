import { ROLES, can, type Permission, type Role } from '@continuum/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, disableAccount } from '../src/index.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Every API route × every role: allowed exactly when the role holds the route's permission.
let t: TestServer;
const sessions = new Map<Role, Session>();
let telecom: Session;
let admin: Session;

const USERNAME: Record<Role, string> = {
  telecommunicator: 'telecom', crisis_counsellor: 'counsellor', crisis_dispatcher: 'dispatcher', mcrt_clinician: 'clinician',
  engagement_specialist: 'peer', police_officer: 'officer', ems_crew: 'ems', case_manager: 'casemanager', facility_intake: 'intake',
  supervisor: 'supervisor', rac_analyst: 'analyst', auditor: 'auditor', privacy_officer: 'privacy', administrator: 'admin',
};

interface Probe {
  method: string;
  /** The OpenAPI path this row covers. */
  path: string;
  /** null: any signed-in user; 'public': no sign-in needed. */
  permission: Permission | null | 'public';
  /** Who is allowed when it is not simply the permission's roles (e.g. a crew and its own unit). */
  allowedFor?: (role: Role) => boolean;
  /** The exact status of an allowed call, where the probe pins it. */
  status?: number;
  /** Builds the concrete request (fresh records where the call changes them). */
  request: () => Promise<{ url: string; body?: unknown }>;
}

const newIncident = async () => ((await (await telecom.post('/api/incidents', buildIncidentInput())).json()) as { id: string }).id;
const newAgreement = async () =>
  ((await (await admin.post('/api/agreements', { name: 'probe', agencyIds: ['champaign-911', 'champaign-ed'], purposes: ['care_coordination'], fieldClasses: ['operational'], startsAt: new Date().toISOString() })).json()) as { id: string }).id;

const newPerson = async () =>
  ((await (await send(sessions.get('mcrt_clinician')!, 'POST', '/api/people', { name: { given: 'Probe', family: 'Person' } })).json()) as { id: string }).id;

// Shifts a day apart in 2031, so that no probe's shift overlaps another's.
let shiftDay = 0;
const nextShift = () => {
  shiftDay += 1;
  const start = Date.UTC(2031, 0, 1) + shiftDay * 86_400_000;
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 8 * 3_600_000).toISOString() };
};
const newShift = async () => {
  const shift = nextShift();
  const res = await send(sessions.get('supervisor')!, 'POST', '/api/units/champaign-mcrt-2/shifts', shift);
  const body = (await res.json()) as { shifts: { id: string; startsAt: string }[] };
  return body.shifts.find((s) => s.startsAt === shift.startsAt)!.id;
};

const newArrival = async () => {
  const res = await send(sessions.get('crisis_dispatcher')!, 'POST', '/api/facilities/rantoul-living-room/arrivals', {});
  const body = (await res.json()) as { arrivals: { id: string }[] };
  return body.arrivals.at(-1)!.id;
};
// A follow-up episode the case manager opened by hand on a closed call: a fresh one per probe.
const newEpisode = async () => {
  const incidentId = await newIncident();
  await telecom.post(`/api/incidents/${incidentId}/transitions`, { action: 'triage', level: 1, protocolVersion: 'il-irlm@2025.09', factors: ['wants_to_talk'] });
  await telecom.post(`/api/incidents/${incidentId}/transitions`, { action: 'close', disposition: 'referred' });
  const res = await send(sessions.get('case_manager')!, 'POST', '/api/followup/episodes', { incidentId, programme: 'program_590_mcrt' });
  return ((await res.json()) as { id: string }).id;
};
const newEpisodeWith = async (path: 'tasks' | 'referrals') => {
  const id = await newEpisode();
  const body = path === 'tasks' ? { title: 'probe', dueAt: new Date(Date.now() + 3_600_000).toISOString() } : { providerName: 'probe', service: 'probe' };
  const res = await send(sessions.get('case_manager')!, 'POST', `/api/followup/episodes/${id}/${path}`, body);
  const view = (await res.json()) as { tasks: { id: string }[]; referrals: { id: string }[] };
  return { id, childId: path === 'tasks' ? view.tasks[0]!.id : view.referrals[0]!.id };
};

// An account of the PSAP, the demo administrator's own agency (ADR 0017: administrators manage their own agency's accounts).
const newPsapUser = async (disabled = false) => {
  const { body } = await createUser(t.server.services, 'system', { username: `p${Math.random().toString(36).slice(2, 10)}`, displayName: 'Probe', password: 'a-long-enough-password', role: 'telecommunicator', agencyId: 'champaign-911' });
  if (disabled) await disableAccount(t.server.services, 'system', body.id, 'probe');
  return body.id;
};

const PROBES: Probe[] = [
  { method: 'GET', path: '/api/meta', permission: 'public', request: async () => ({ url: '/api/meta' }) },
  { method: 'GET', path: '/api/session', permission: null, request: async () => ({ url: '/api/session' }) },
  // Every role holds token.manage; a token needs it as an explicit scope (session.test.ts, accounts.test.ts).
  { method: 'POST', path: '/api/tokens', permission: 'token.manage', status: 201, request: async () => ({ url: '/api/tokens', body: { name: 'probe', expiresInDays: 1 } }) },
  { method: 'GET', path: '/api/tokens', permission: 'token.manage', status: 200, request: async () => ({ url: '/api/tokens' }) },
  { method: 'POST', path: '/api/users', permission: 'user.manage', status: 201, request: async () => ({ url: '/api/users', body: { username: `u${Math.random().toString(36).slice(2, 10)}`, displayName: 'P', password: 'a-long-enough-password', role: 'telecommunicator', agencyId: 'champaign-911' } }) },
  { method: 'POST', path: '/api/users/{id}/disable', permission: 'user.manage', status: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/disable`, body: { reason: 'probe' } }) },
  { method: 'POST', path: '/api/users/{id}/enable', permission: 'user.manage', status: 200, request: async () => ({ url: `/api/users/${await newPsapUser(true)}/enable`, body: {} }) },
  { method: 'POST', path: '/api/users/{id}/unlock', permission: 'user.manage', status: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/unlock`, body: {} }) },
  { method: 'POST', path: '/api/users/{id}/password', permission: 'user.manage', status: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/password`, body: { password: 'another-long-passphrase' } }) },
  { method: 'POST', path: '/api/users/{id}/memberships', permission: 'user.manage', status: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/memberships`, body: { agencyId: 'champaign-911', role: 'supervisor' } }) },
  { method: 'POST', path: '/api/users/{id}/memberships/end', permission: 'user.manage', status: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/memberships/end`, body: { agencyId: 'champaign-911', role: 'telecommunicator' } }) },
  { method: 'GET', path: '/api/users/{id}/identities', permission: 'user.manage', request: async () => ({ url: `/api/users/${admin.userId}/identities` }) },
  { method: 'POST', path: '/api/users/{id}/identities', permission: 'user.manage', request: async () => ({ url: `/api/users/${admin.userId}/identities`, body: { subject: 'probe' } }) },
  { method: 'DELETE', path: '/api/users/{id}/identities/{subject}', permission: 'user.manage', request: async () => ({ url: `/api/users/${admin.userId}/identities/probe`, body: {} }) },
  { method: 'GET', path: '/api/incidents', permission: 'incident.read', request: async () => ({ url: '/api/incidents' }) },
  { method: 'POST', path: '/api/incidents', permission: 'incident.create', request: async () => ({ url: '/api/incidents', body: buildIncidentInput() }) },
  { method: 'GET', path: '/api/incidents/{id}', permission: 'incident.read', request: async () => ({ url: `/api/incidents/${await newIncident()}` }) },
  { method: 'GET', path: '/api/incidents/{id}/events', permission: 'incident.read', request: async () => ({ url: `/api/incidents/${await newIncident()}/events` }) },
  { method: 'POST', path: '/api/incidents/{id}/transitions', permission: 'incident.cancel', request: async () => ({ url: `/api/incidents/${await newIncident()}/transitions`, body: { action: 'cancel', reason: 'probe' } }) },
  { method: 'GET', path: '/api/incidents/{id}/triage', permission: 'incident.triage', request: async () => ({ url: `/api/incidents/${await newIncident()}/triage` }) },
  { method: 'POST', path: '/api/incidents/{id}/triage/answers', permission: 'incident.triage', request: async () => ({ url: `/api/incidents/${await newIncident()}/triage/answers`, body: { questionId: 'immediate_danger', answerKey: 'none' } }) },
  { method: 'POST', path: '/api/incidents/{id}/break-glass', permission: 'incident.break_glass', request: async () => ({ url: `/api/incidents/${await newIncident()}/break-glass`, body: { reason: 'probe of the access matrix' } }) },
  { method: 'GET', path: '/api/protocols', permission: 'protocol.read', request: async () => ({ url: '/api/protocols' }) },
  { method: 'POST', path: '/api/protocols', permission: 'protocol.manage', request: async () => ({ url: '/api/protocols', body: { fileName: 'x.yaml', text: 'id: x' } }) },
  { method: 'PUT', path: '/api/regions/{regionId}/protocol', permission: 'protocol.manage', request: async () => ({ url: '/api/regions/il-ems-6/protocol', body: { protocolId: 'il-irlm', version: '2025.09.0' } }) },
  { method: 'GET', path: '/api/agreements', permission: 'agreement.read', request: async () => ({ url: '/api/agreements' }) },
  { method: 'POST', path: '/api/agreements', permission: 'agreement.manage', request: async () => ({ url: '/api/agreements', body: { name: 'p', agencyIds: ['champaign-911', 'champaign-ed'], purposes: ['reporting'], fieldClasses: ['operational'], startsAt: new Date().toISOString() } }) },
  { method: 'POST', path: '/api/agreements/{id}/end', permission: 'agreement.manage', request: async () => ({ url: `/api/agreements/${await newAgreement()}/end`, body: { reason: 'probe' } }) },
  { method: 'GET', path: '/api/reports/overrides', permission: 'report.read', request: async () => ({ url: `/api/reports/overrides?from=2026-01-01T00:00:00Z&to=${new Date(Date.now() + 86_400_000).toISOString()}` }) },
  { method: 'GET', path: '/api/incidents/{id}/consents', permission: 'consent.record', request: async () => ({ url: `/api/incidents/${await newIncident()}/consents` }) },
  { method: 'POST', path: '/api/incidents/{id}/consents', permission: 'consent.record', request: async () => ({ url: `/api/incidents/${await newIncident()}/consents`, body: { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() } }) },
  { method: 'POST', path: '/api/incidents/{id}/consents/{consentId}/revoke', permission: 'consent.record', request: async () => ({ url: `/api/incidents/${await newIncident()}/consents/7c2f4a51-0d7e-4c55-9f59-8d8a1b6f0000/revoke`, body: { reason: 'probe' } }) },
  { method: 'GET', path: '/api/privacy/alerts', permission: 'privacy.alerts', request: async () => ({ url: '/api/privacy/alerts' }) },
  { method: 'GET', path: '/api/audit', permission: 'audit.read', request: async () => ({ url: '/api/audit?limit=5' }) },
  { method: 'GET', path: '/api/audit/export', permission: 'audit.read', request: async () => ({ url: '/api/audit/export?format=ndjson&action=incident.break_glass' }) },
  { method: 'GET', path: '/api/geo/region', permission: null, request: async () => ({ url: '/api/geo/region' }) },
  { method: 'GET', path: '/api/units', permission: 'incident.read', request: async () => ({ url: '/api/units' }) },
  // The co-response unit belongs to the co-response programme and partners the sheriff and the MCRT: the
  // crews of those agencies and the dispatchers may move it; the EMS crew holds field updates but is not its crew.
  { method: 'POST', path: '/api/units/{id}/status', permission: 'incident.field_update', allowedFor: (role) => role !== 'ems_crew' && can({ role, scopes: null }, 'incident.field_update'), request: async () => ({ url: '/api/units/champaign-co-response-1/status', body: { status: 'out_of_service', reason: 'probe' } }) },
  { method: 'POST', path: '/api/units/{id}/positions', permission: 'incident.field_update', allowedFor: (role) => role !== 'ems_crew' && can({ role, scopes: null }, 'incident.field_update'), request: async () => ({ url: '/api/units/champaign-co-response-1/positions', body: { lat: 40.11, lon: -88.21, at: new Date().toISOString() } }) },
  { method: 'POST', path: '/api/units/{id}/panic', permission: 'incident.field_update', allowedFor: (role) => role !== 'ems_crew' && can({ role, scopes: null }, 'incident.field_update'), request: async () => ({ url: '/api/units/champaign-co-response-1/panic', body: {} }) },
  // Resolving needs an open panic: the probe above raised one on this unit; later roles find none (409).
  { method: 'POST', path: '/api/units/{id}/panic/resolve', permission: 'incident.dispatch', request: async () => ({ url: '/api/units/champaign-co-response-1/panic/resolve', body: { reason: 'probe' } }) },
  { method: 'GET', path: '/api/incidents/{id}/destinations', permission: 'incident.read', request: async () => ({ url: `/api/incidents/${await newIncident()}/destinations` }) },
  { method: 'GET', path: '/api/dispatch/queue', permission: 'incident.read', request: async () => ({ url: '/api/dispatch/queue' }) },
  { method: 'GET', path: '/api/incidents/{id}/recommendation', permission: 'incident.dispatch', request: async () => ({ url: `/api/incidents/${await newIncident()}/recommendation` }) },
  { method: 'GET', path: '/api/incidents/{id}/response', permission: 'incident.read', request: async () => ({ url: `/api/incidents/${await newIncident()}/response` }) },
  // A trail is positions: readers of incidents who may not read locations (administrators) are refused.
  { method: 'GET', path: '/api/incidents/{id}/trail', permission: 'incident.read', allowedFor: (role) => role !== 'administrator' && can({ role, scopes: null }, 'incident.read'), request: async () => ({ url: `/api/incidents/${await newIncident()}/trail` }) },
  { method: 'POST', path: '/api/incidents/{id}/assignments', permission: 'incident.dispatch', request: async () => ({ url: `/api/incidents/${await newIncident()}/assignments`, body: { units: ['champaign-mcrt-1'] } }) },
  // A step for a unit that is not on the call: its crews and the dispatchers get past access to a 404.
  { method: 'POST', path: '/api/incidents/{id}/assignments/{unitId}', permission: 'incident.field_update', allowedFor: (role) => role !== 'ems_crew' && can({ role, scopes: null }, 'incident.field_update'), request: async () => ({ url: `/api/incidents/${await newIncident()}/assignments/champaign-co-response-1`, body: { action: 'acknowledge' } }) },
  { method: 'POST', path: '/api/incidents/{id}/notes', permission: 'incident.field_update', allowedFor: (role) => (['incident.field_update', 'incident.dispatch', 'incident.triage'] as const).some((p) => can({ role, scopes: null }, p)), request: async () => ({ url: `/api/incidents/${await newIncident()}/notes`, body: { kind: 'hazard', text: 'probe' } }) },
  { method: 'GET', path: '/api/field/assignment', permission: 'incident.field_update', request: async () => ({ url: '/api/field/assignment' }) },
  // The unit catalogue. The role gate is what this matrix checks; the agency gate (owner, partner)
  // is in unit-catalogue.test.ts: the PSAP's administrator holds unit.manage but does not reach
  // MCRT units, so it gets a 404 here, as for a unit that does not exist.
  { method: 'GET', path: '/api/units/{id}', permission: 'incident.read', request: async () => ({ url: '/api/units/champaign-mcrt-2' }) },
  { method: 'PUT', path: '/api/units/{id}/crew', permission: 'unit.crew', request: async () => ({ url: '/api/units/champaign-mcrt-2/crew', body: { members: [{ name: 'Probe', role: 'mcrt_clinician' }] } }) },
  { method: 'PUT', path: '/api/units/{id}/capabilities', permission: 'unit.manage', request: async () => ({ url: '/api/units/champaign-mcrt-2/capabilities', body: { youth: true, languages: ['en', 'es'], naloxone: true, canTransport: false } }) },
  { method: 'PUT', path: '/api/units/{id}/service-area', permission: 'unit.manage', request: async () => ({ url: '/api/units/champaign-mcrt-2/service-area', body: { serviceArea: null } }) },
  { method: 'POST', path: '/api/units/{id}/shifts', permission: 'unit.manage', request: async () => ({ url: '/api/units/champaign-mcrt-2/shifts', body: nextShift() }) },
  { method: 'DELETE', path: '/api/units/{id}/shifts/{shiftId}', permission: 'unit.manage', request: async () => ({ url: `/api/units/champaign-mcrt-2/shifts/${await newShift()}`, body: {} }) },
  // Facilities. The directory holds no personal data: any signed-in reader. Capacity and settling
  // arrivals also need membership of the facility's agency (facilities.test.ts): the demo's
  // supervisor holds facility.capacity but is of the MCRT, so the Living Room refuses them too.
  { method: 'GET', path: '/api/facilities', permission: null, request: async () => ({ url: '/api/facilities' }) },
  { method: 'GET', path: '/api/facilities/{id}', permission: null, request: async () => ({ url: '/api/facilities/rantoul-living-room' }) },
  { method: 'GET', path: '/api/facilities/export.hsds', permission: null, request: async () => ({ url: '/api/facilities/export.hsds' }) },
  { method: 'POST', path: '/api/facilities/import.hsds', permission: 'facility.manage', request: async () => ({ url: '/api/facilities/import.hsds?dryRun=true', body: { organizations: [], services: [], locations: [], service_at_locations: [] } }) },
  { method: 'PUT', path: '/api/facilities/{id}/capacity', permission: 'facility.capacity', allowedFor: (role) => role === 'facility_intake', request: async () => ({ url: '/api/facilities/rantoul-living-room/capacity', body: { available: 4 } }) },
  { method: 'POST', path: '/api/facilities/{id}/arrivals', permission: 'incident.field_update', allowedFor: (role) => can({ role, scopes: null }, 'incident.field_update') || can({ role, scopes: null }, 'incident.dispatch'), request: async () => ({ url: '/api/facilities/champaign-stabilisation/arrivals', body: {} }) },
  { method: 'POST', path: '/api/facilities/{id}/arrivals/{arrivalId}/confirm', permission: 'facility.capacity', allowedFor: (role) => role === 'facility_intake', request: async () => ({ url: `/api/facilities/rantoul-living-room/arrivals/${await newArrival()}/confirm`, body: {} }) },
  { method: 'POST', path: '/api/facilities/{id}/arrivals/{arrivalId}/cancel', permission: 'facility.capacity', allowedFor: (role) => role === 'facility_intake', request: async () => ({ url: `/api/facilities/rantoul-living-room/arrivals/${await newArrival()}/cancel`, body: {} }) },
  // People (ADR 0013). Records are held by the MCRT provider; the PSAP, the 988 centre and the
  // follow-up provider reach them under the demo agreements. Consents are recorded by the holding
  // agency only: consent.record roles of other agencies get past the role gate to a 403 of their own.
  { method: 'POST', path: '/api/people', permission: 'person.manage', request: async () => ({ url: '/api/people', body: { name: { given: 'Probe', family: 'Person' } } }) },
  { method: 'GET', path: '/api/people', permission: 'person.read', request: async () => ({ url: '/api/people?q=Whitfield' }) },
  { method: 'GET', path: '/api/people/{id}', permission: 'person.read', request: async () => ({ url: `/api/people/${await newPerson()}` }) },
  { method: 'PUT', path: '/api/people/{id}/safety-plan', permission: 'person.manage', request: async () => ({ url: `/api/people/${await newPerson()}/safety-plan`, body: { warningSigns: ['probe'] } }) },
  { method: 'POST', path: '/api/people/{id}/consents', permission: 'consent.record', allowedFor: (role) => ['mcrt_clinician', 'engagement_specialist', 'supervisor'].includes(role), request: async () => ({ url: `/api/people/${await newPerson()}/consents`, body: { recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() } }) },
  { method: 'POST', path: '/api/people/{id}/consents/{consentId}/revoke', permission: 'consent.record', allowedFor: (role) => ['mcrt_clinician', 'engagement_specialist', 'supervisor'].includes(role), request: async () => ({ url: `/api/people/${await newPerson()}/consents/7c2f4a51-0d7e-4c55-9f59-8d8a1b6f0000/revoke`, body: { reason: 'probe' } }) },
  { method: 'GET', path: '/api/incidents/{id}/person-candidates', permission: 'person.read', request: async () => ({ url: `/api/incidents/${await newIncident()}/person-candidates` }) },
  { method: 'POST', path: '/api/incidents/{id}/person-link', permission: 'person.link', request: async () => ({ url: `/api/incidents/${await newIncident()}/person-link`, body: { personId: await newPerson() } }) },
  { method: 'POST', path: '/api/incidents/{id}/person-link/undo', permission: 'person.link', request: async () => ({ url: `/api/incidents/${await newIncident()}/person-link/undo`, body: { reason: 'probe' } }) },
  // Per-fix refusals (a unit not one's own) are outcomes in the answer, not a 403 of the batch.
  { method: 'POST', path: '/api/positions', permission: 'incident.field_update', request: async () => ({ url: '/api/positions', body: [{ unitId: 'champaign-co-response-1', lat: 40.11, lon: -88.21, at: new Date().toISOString() }] }) },
  // Follow-up (clinical care records): the case manager's agency holds these episodes. Roles that
  // hold followup.read but are of another agency (MCRT clinician, peer, supervisor) get past the
  // role gate to a 404: no agreement gives the crisis-response purpose the follow-up provider's records.
  { method: 'GET', path: '/api/followup/caseload', permission: 'followup.read', request: async () => ({ url: '/api/followup/caseload' }) },
  { method: 'POST', path: '/api/followup/episodes', permission: 'followup.manage', request: async () => ({ url: '/api/followup/episodes', body: { incidentId: await newIncident(), programme: 'program_590_mcrt' } }) },
  { method: 'GET', path: '/api/followup/episodes/{id}', permission: 'followup.read', request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}` }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/attempts', permission: 'followup.manage', request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/attempts`, body: { outcome: 'no_answer' } }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/tasks', permission: 'followup.manage', request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/tasks`, body: { title: 'probe', dueAt: new Date(Date.now() + 3_600_000).toISOString() } }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/tasks/{taskId}/complete', permission: 'followup.manage', request: async () => { const e = await newEpisodeWith('tasks'); return { url: `/api/followup/episodes/${e.id}/tasks/${e.childId}/complete`, body: {} }; } },
  { method: 'POST', path: '/api/followup/episodes/{id}/referrals', permission: 'followup.manage', request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/referrals`, body: { providerName: 'probe', service: 'probe' } }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/referrals/{referralId}/status', permission: 'followup.manage', request: async () => { const e = await newEpisodeWith('referrals'); return { url: `/api/followup/episodes/${e.id}/referrals/${e.childId}/status`, body: { status: 'accepted' } }; } },
  { method: 'POST', path: '/api/followup/episodes/{id}/assign', permission: 'followup.manage', request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/assign`, body: { take: false } }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/close', permission: 'followup.manage', request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/close`, body: { reason: 'declined' } }) },
  { method: 'GET', path: '/api/followup/episodes/{id}/referrals/{referralId}/fhir', permission: 'followup.read', request: async () => { const e = await newEpisodeWith('referrals'); return { url: `/api/followup/episodes/${e.id}/referrals/${e.childId}/fhir` }; } },
];
// Routes whose access is not a role permission: sign-in and sign-out, and identity-provider sign-in.
// DELETE /api/tokens/{id} is gated by ownership and token.manage (accounts.test.ts), not by role.
const NOT_ROLE_GATED = new Set(['POST /api/session', 'DELETE /api/session', 'DELETE /api/tokens/{id}', 'GET /api/auth/oidc/login', 'GET /api/auth/oidc/callback']);

beforeAll(async () => {
  t = await startTestServer();
  for (const role of ROLES) sessions.set(role, await signIn(t.url, USERNAME[role]));
  telecom = sessions.get('telecommunicator')!;
  admin = sessions.get('administrator')!;
});
afterAll(() => t.close());

async function send(s: Session | null, method: string, url: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() };
  if (s) Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrf });
  return fetch(`${t.url}${url}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

describe('the access matrix', () => {
  it('covers every route of the API', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = new Set([...PROBES.map((p) => `${p.method} ${p.path}`), ...NOT_ROLE_GATED]);
    expect(documented.filter((op) => !covered.has(op))).toEqual([]);
  });

  it.each(PROBES.map((p) => [`${p.method} ${p.path}`, p] as const))('%s: 401 without a session, then allow or deny per role', async (_name, probe) => {
    const anon = await probe.request();
    const anonymous = await send(null, probe.method, anon.url, anon.body);
    expect(anonymous.status).toBe(probe.permission === 'public' ? 200 : 401);
    for (const role of ROLES) {
      const req = await probe.request();
      const res = await send(sessions.get(role)!, probe.method, req.url, req.body);
      const allowed = probe.permission === 'public' || probe.permission === null || (probe.allowedFor ? probe.allowedFor(role) : can({ role, scopes: null }, probe.permission));
      const what = `${role} ${probe.method} ${req.url} → ${res.status}`;
      if (allowed && probe.status !== undefined) expect(res.status, what).toBe(probe.status);
      else if (allowed) expect([401, 403], what).not.toContain(res.status);
      else expect(res.status, what).toBe(403);
    }
  });

  it('every denial above was audited', async () => {
    const denied = await t.server.services.store.read.audit.search({ outcome: 'denied', limit: 1000 });
    expect(denied.length).toBeGreaterThan(50);
    expect(denied.every((r) => r.address !== null)).toBe(true);
  });
});

describe('redaction by field class, per role', () => {
  const CLINICAL = ['summary', 'triageFactors', 'decidingFactors'];
  const IDENTITY = ['callerName', 'personName'];
  it.each(ROLES.filter((r) => can({ role: r, scopes: null }, 'incident.read')))('%s', async (role) => {
    const id = await newIncident();
    const res = await sessions.get(role)!.get(`/api/incidents/${id}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as Record<string, unknown> & { redacted: string[] };
    const careTeam = !['police_officer', 'ems_crew', 'administrator'].includes(role);
    for (const f of ['summary', ...IDENTITY]) expect(f in view, `${role} ${f}`).toBe(careTeam);
    expect('location' in view).toBe(role !== 'administrator');
    expect('callbackNumber' in view).toBe(role !== 'administrator');
    expect(view.redacted.includes('clinical')).toBe(!careTeam);
    for (const f of CLINICAL) if (!careTeam) expect(view).not.toHaveProperty(f);
  });
});
