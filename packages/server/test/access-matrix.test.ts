import { readFile } from 'node:fs/promises';
import { READABLE_CLASSES, ROLES, can, type Permission, type Role } from '@continuum/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, disableAccount } from '../src/index.ts';
import { buildIncidentInput, freePort, signIn, startTestServer, type Session, type TestServer } from './harness.ts';
import { startTestIssuer, type TestIssuer } from './oidc-issuer.ts';
import { districtFile, newDistrict, newPsapUnit, regionalAdmin } from './admin-fixtures.ts';
import { cadEido } from './eido-fixtures.ts';

// Every API operation × every role, and anonymous: each call answers exactly the status the design
// gives it. An allowed call is set up to succeed (fresh records in the state it needs), so a 404,
// a 409 or a 500 where success was due fails the matrix; every denial writes exactly one audit row.
let t: TestServer;
let idp: TestIssuer;
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
  /**
   * The status of an allowed call (200, 201, 204, 302). Every row names it: a row without one fails
   * the matrix (a new route joins with the status it answers).
   */
  ok?: number;
  /**
   * Roles past the role gate that the record's agency or region still refuses, and how: 404 where
   * the answer must not confirm the record exists (another agency's unit or episode, a facility
   * of another region), 403 where the caller may know it does.
   */
  outOfReach?: (role: Role) => 403 | 404 | undefined;
  /** Every call is a refusal the route answers with a redirect (a browser's sign-in) and audits as denied. */
  refusedByRedirect?: true;
  /**
   * Builds the concrete request (fresh records where the call changes them) for a role, or for
   * nobody (null). `as` makes the call with another session than the role's shared one (a call
   * that ends its session); `null` there makes it anonymous.
   */
  request: (role: Role | null) => Promise<{ url: string; body?: unknown; as?: Session | null }>;
}

const newIncident = async () => idOf(must(telecom.post('/api/incidents', buildIncidentInput()), 201, 'create an incident'));
/** An incident with one answer recorded, for the undo probe. */
const answeredIncident = async () => {
  const id = await newIncident();
  await must(telecom.post(`/api/incidents/${id}/triage/answers`, { questionId: 'immediate_danger', answerKey: 'none' }), 200, 'answer a question');
  return id;
};
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
/** A set-up call that must succeed: a probe built on a failed set-up would test nothing. */
async function must(res: Promise<Response>, status: number, what: string): Promise<Response> {
  const r = await res;
  if (r.status !== status) throw new Error(`set-up ${what} answered ${r.status}, not ${status}: ${await r.text()}`);
  return r;
}
const as = (role: Role) => sessions.get(role)!;
const idOf = async (res: Promise<Response>) => ((await (await res).json()) as { id: string }).id;

/** A call closed with a disposition: follow-up opens on it. */
const closedIncident = async () => {
  const incidentId = await newIncident();
  await must(telecom.post(`/api/incidents/${incidentId}/transitions`, { action: 'triage', level: 1, protocolVersion: 'il-irlm@2025.09', factors: ['wants_to_talk'] }), 200, 'triage');
  await must(telecom.post(`/api/incidents/${incidentId}/transitions`, { action: 'close', disposition: 'referred' }), 200, 'close');
  return incidentId;
};
// A follow-up episode the case manager opened by hand on a closed call: a fresh one per probe.
const newEpisode = async () =>
  idOf(must(send(as('case_manager'), 'POST', '/api/followup/episodes', { incidentId: await closedIncident(), programme: 'program_590_mcrt' }), 201, 'open an episode'));
const newEpisodeWith = async (path: 'tasks' | 'referrals') => {
  const id = await newEpisode();
  const body = path === 'tasks' ? { title: 'probe', dueAt: new Date(Date.now() + 3_600_000).toISOString() } : { providerName: 'probe', service: 'probe' };
  const res = await must(send(as('case_manager'), 'POST', `/api/followup/episodes/${id}/${path}`, body), 200, `add ${path}`);
  const view = (await res.json()) as { tasks: { id: string }[]; referrals: { id: string }[] };
  return { id, childId: path === 'tasks' ? view.tasks[0]!.id : view.referrals[0]!.id };
};

/** A youth call (under 21 on Medicaid): the CARES line takes it as a warm transfer. */
const youthIncident = async () => {
  const id = await idOf(must(telecom.post('/api/incidents', buildIncidentInput({ person: { name: 'Probe Youth', age: 15, medicaid: true } })), 201, 'create a youth call'));
  await must(telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' }), 200, 'triage the youth call');
  return id;
};
/** A call the 911 centre offers to the crisis hub (the MCRT provider): its dispatcher and supervisor receive it. */
const newHandoff = async () =>
  idOf(must(telecom.post('/api/handoffs', { incidentId: await newIncident(), toAgencyId: 'champaign-mcrt', kind: 'warm_transfer' }), 201, 'offer a hand-off'));
// The hand-off is the sender's (911) and the receiver's (the hub) business only: the 988 centre's
// counsellor gets 404, as does the sender for accepting or declining its own offer.
/** A text to 911: the 911 centre's own contact. */
const newTextContact = async () => idOf(must(telecom.post('/api/incidents', buildIncidentInput({ channel: 'text' })), 201, 'take a text contact'));
const NOT_PARTY = (role: Role) => (role === 'crisis_counsellor' ? 404 : undefined);
const NOT_RECEIVER = (role: Role) => (role === 'crisis_counsellor' || role === 'telecommunicator' ? 404 : undefined);

/** A level 2 call triaged by MPDS code and queued: the region's plan recommends a crisis team. */
const queuedIncident = async () => {
  const id = await newIncident();
  for (const body of [{ action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' }, { action: 'queue_for_dispatch' }]) {
    await must(telecom.post(`/api/incidents/${id}/transitions`, body), 200, body.action);
  }
  return id;
};
/** A call holding 42 CFR Part 2 information, recorded by the MCRT's clinician. */
const part2Incident = async () => {
  const id = await newIncident();
  await must(as('mcrt_clinician').post(`/api/incidents/${id}/transitions`, { action: 'record_substance_use', note: 'probe' }), 200, 'record substance use');
  return id;
};
const CONSENT = () => ({ recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });

/** Frees a unit for the next probe: off the call it is on, out of panic, available. */
async function freeUnit(unitId: string): Promise<void> {
  const dispatcher = as('crisis_dispatcher');
  const row = await t.server.services.store.read.unitStatus.get(unitId);
  if (row?.currentIncidentId) {
    await must(send(dispatcher, 'POST', `/api/incidents/${row.currentIncidentId}/assignments/${unitId}`, { action: 'release', kind: 'cancelled', reason: 'probe done' }), 200, 'release');
  }
  const panic = await send(dispatcher, 'POST', `/api/units/${unitId}/panic/resolve`, { reason: 'probe done' });
  // 409: there was no open panic to resolve.
  if (![200, 409].includes(panic.status)) throw new Error(`set-up resolve panic answered ${panic.status}`);
  if ((await t.server.services.store.read.unitStatus.get(unitId))?.status !== 'available') {
    await must(send(dispatcher, 'POST', `/api/units/${unitId}/status`, { status: 'available' }), 200, 'make available');
  }
}
/** A call with the co-response unit on it (outside the plan: justified under CESSA §30). */
const withCoResponse = async () => {
  await freeUnit('champaign-co-response-1');
  const id = await queuedIncident();
  const justification = { code: 'no_fitting_unit_available', cessa30: 'crisis_team_unavailable_within_regional_maximum', note: 'probe' };
  // The §30 ground needs its fact (issue 12 §4): 988's report, recorded first.
  await must(send(as('crisis_dispatcher'), 'POST', `/api/incidents/${id}/transitions`, { action: 'report_crisis_team_unavailable', reportedBy: '988 probe' }), 200, 'report');
  await must(send(as('crisis_dispatcher'), 'POST', `/api/incidents/${id}/assignments`, { units: ['champaign-co-response-1'], justification }), 200, 'assign');
  return id;
};

let protocolVersion = 0;
let shippedProtocol = '';
/** A valid protocol file under a version no one has published. */
const newProtocolFile = () => {
  protocolVersion += 1;
  return { fileName: `il-irlm-2030.${protocolVersion}.yaml`, text: shippedProtocol.replace(/^version: 2025\.09\.0$/m, `version: 2030.1.${protocolVersion}`) };
};

const FIELD_CREW = (role: Role) => role !== 'ems_crew' && can({ role, scopes: null }, 'incident.field_update');
// The MCRT's roles that hold followup.* (clinician, peer, supervisor) reach no episode of the
// follow-up provider: no agreement gives the crisis-response purpose its records (404).
const OTHER_AGENCY_FOLLOWUP = (role: Role) => (role === 'case_manager' ? undefined : 404);

// An account of the PSAP, the demo administrator's own agency (ADR 0017: administrators manage their own agency's accounts).
const newPsapUser = async (disabled = false) => {
  const { body } = await createUser(t.server.services, 'system', { username: `p${Math.random().toString(36).slice(2, 10)}`, displayName: 'Probe', password: 'a-long-enough-password', role: 'telecommunicator', agencyId: 'champaign-911' });
  if (disabled) await disableAccount(t.server.services, 'system', body.id, 'probe');
  return body.id;
};

const PROBES: Probe[] = [
  { method: 'GET', path: '/api/meta', permission: 'public', ok: 200, request: async () => ({ url: '/api/meta' }) },
  // Sign-in is open to anyone (with the role's own credentials); sign-out ends a session of its own.
  { method: 'POST', path: '/api/session', permission: 'public', ok: 200, request: async (role) => ({ url: '/api/session', body: { username: USERNAME[role ?? 'telecommunicator'], password: 'continuum-demo' } }) },
  { method: 'DELETE', path: '/api/session', permission: null, ok: 204, request: async (role) => ({ url: '/api/session', as: role ? await signIn(t.url, USERNAME[role]) : null }) },
  { method: 'GET', path: '/api/session', permission: null, ok: 200, request: async () => ({ url: '/api/session' }) },
  // Identity-provider sign-in is public: the login redirects to the provider; a callback with no
  // sign-in under way is sent back to the sign-in page (302), and audits its own refusal.
  { method: 'GET', path: '/api/auth/oidc/login', permission: 'public', ok: 302, request: async () => ({ url: '/api/auth/oidc/login' }) },
  { method: 'GET', path: '/api/auth/oidc/callback', permission: 'public', ok: 302, refusedByRedirect: true, request: async () => ({ url: '/api/auth/oidc/callback?code=probe&state=probe' }) },
  // Every role holds token.manage; a token needs it as an explicit scope (session.test.ts, accounts.test.ts).
  { method: 'POST', path: '/api/tokens', permission: 'token.manage', ok: 201, request: async () => ({ url: '/api/tokens', body: { name: 'probe', expiresInDays: 1 } }) },
  { method: 'GET', path: '/api/tokens', permission: 'token.manage', ok: 200, request: async () => ({ url: '/api/tokens' }) },
  // Each role revokes a token of its own (another user's token is session.test.ts's concern).
  { method: 'DELETE', path: '/api/tokens/{id}', permission: null, ok: 204, request: async (role) => ({ url: `/api/tokens/${await idOf(must(as(role ?? 'telecommunicator').post('/api/tokens', { name: 'probe', expiresInDays: 1 }), 201, 'mint a token'))}` }) },
  { method: 'GET', path: '/api/users', permission: 'user.manage', ok: 200, request: async () => ({ url: '/api/users?q=a' }) },
  { method: 'POST', path: '/api/users', permission: 'user.manage', ok: 201, request: async () => ({ url: '/api/users', body: { username: `u${Math.random().toString(36).slice(2, 10)}`, displayName: 'P', password: 'a-long-enough-password', role: 'telecommunicator', agencyId: 'champaign-911' } }) },
  { method: 'POST', path: '/api/users/{id}/disable', permission: 'user.manage', ok: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/disable`, body: { reason: 'probe' } }) },
  { method: 'POST', path: '/api/users/{id}/enable', permission: 'user.manage', ok: 200, request: async () => ({ url: `/api/users/${await newPsapUser(true)}/enable`, body: {} }) },
  { method: 'POST', path: '/api/users/{id}/unlock', permission: 'user.manage', ok: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/unlock`, body: {} }) },
  { method: 'POST', path: '/api/users/{id}/password', permission: 'user.manage', ok: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/password`, body: { password: 'another-long-passphrase' } }) },
  { method: 'POST', path: '/api/users/{id}/memberships', permission: 'user.manage', ok: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/memberships`, body: { agencyId: 'champaign-911', role: 'supervisor' } }) },
  { method: 'POST', path: '/api/users/{id}/memberships/end', permission: 'user.manage', ok: 200, request: async () => ({ url: `/api/users/${await newPsapUser()}/memberships/end`, body: { agencyId: 'champaign-911', role: 'telecommunicator' } }) },
  { method: 'GET', path: '/api/users/{id}/identities', permission: 'user.manage', ok: 200, request: async () => ({ url: `/api/users/${admin.userId}/identities` }) },
  { method: 'POST', path: '/api/users/{id}/identities', permission: 'user.manage', ok: 201, request: async () => ({ url: `/api/users/${admin.userId}/identities`, body: { subject: `probe-${crypto.randomUUID()}` } }) },
  { method: 'DELETE', path: '/api/users/{id}/identities/{subject}', permission: 'user.manage', ok: 204, request: async () => {
    const subject = `probe-${crypto.randomUUID()}`;
    await must(admin.post(`/api/users/${admin.userId}/identities`, { subject }), 201, 'link an identity');
    return { url: `/api/users/${admin.userId}/identities/${subject}` };
  } },
  // Administration (ADR 0025): region-wide changes need a regional grant, so the administrator's
  // probe of those goes as the regional administrator (admin-fixtures.ts); their own agency's
  // record and units are the demo administrator's own.
  { method: 'GET', path: '/api/admin/regions', permission: 'organisation.manage', ok: 200, request: async () => ({ url: '/api/admin/regions' }) },
  { method: 'GET', path: '/api/admin/regions/{regionId}', permission: 'organisation.manage', ok: 200, request: async () => ({ url: '/api/admin/regions/il-ems-6' }) },
  { method: 'PATCH', path: '/api/admin/regions/{regionId}', permission: 'organisation.manage', ok: 200, request: async (role) => ({ url: '/api/admin/regions/il-ems-6', body: { timeZone: 'America/Chicago' }, ...(role === 'administrator' ? { as: await regionalAdmin(t) } : {}) }) },
  { method: 'GET', path: '/api/admin/agencies', permission: 'organisation.manage', ok: 200, request: async () => ({ url: '/api/admin/agencies' }) },
  { method: 'POST', path: '/api/admin/agencies', permission: 'organisation.manage', ok: 201, request: async (role) => ({
    url: '/api/admin/agencies', body: { id: `probe-agency-${crypto.randomUUID().slice(0, 8)}`, regionId: 'il-ems-6', kind: 'fire', name: 'Probe Fire' }, ...(role === 'administrator' ? { as: await regionalAdmin(t) } : {}),
  }) },
  { method: 'PATCH', path: '/api/admin/agencies/{agencyId}', permission: 'organisation.manage', ok: 200, request: async () => ({ url: '/api/admin/agencies/champaign-911', body: { contact: { phone: '217 555 0100' } } }) },
  { method: 'GET', path: '/api/admin/units', permission: 'organisation.manage', ok: 200, request: async () => ({ url: '/api/admin/units' }) },
  { method: 'POST', path: '/api/admin/units', permission: 'organisation.manage', ok: 201, request: async () => ({
    url: '/api/admin/units', body: { id: `probe-${crypto.randomUUID().slice(0, 8)}`, agencyId: 'champaign-911', name: 'Probe', model: 'psap_co_response', composition: ['mcrt_clinician'], home: { lat: 40.11, lon: -88.24 } },
  }) },
  { method: 'PATCH', path: '/api/admin/units/{id}', permission: 'organisation.manage', ok: 200, request: async () => ({ url: `/api/admin/units/${await newPsapUnit(t.server.services)}`, body: { name: 'Renamed probe' } }) },
  { method: 'PUT', path: '/api/admin/units/{id}/service-area', permission: 'organisation.manage', ok: 200, request: async () => ({
    url: `/api/admin/units/${await newPsapUnit(t.server.services)}/service-area`, body: { geojson: { type: 'Polygon', coordinates: [[[-88.3, 40], [-88.1, 40], [-88.1, 40.2], [-88.3, 40]]] } },
  }) },
  { method: 'POST', path: '/api/admin/units/{id}/retire', permission: 'organisation.manage', ok: 200, request: async () => ({ url: `/api/admin/units/${await newPsapUnit(t.server.services)}/retire`, body: { reason: 'probe' } }) },
  { method: 'GET', path: '/api/admin/districts', permission: 'organisation.manage', ok: 200, request: async () => ({ url: '/api/admin/districts' }) },
  { method: 'POST', path: '/api/admin/districts/import', permission: 'organisation.manage', ok: 200, request: async (role) => ({ url: '/api/admin/districts/import', body: districtFile(), ...(role === 'administrator' ? { as: await regionalAdmin(t) } : {}) }) },
  { method: 'DELETE', path: '/api/admin/districts/{districtId}', permission: 'organisation.manage', ok: 200, request: async (role) => ({ url: `/api/admin/districts/${await newDistrict(t.server.services)}`, ...(role === 'administrator' ? { as: await regionalAdmin(t) } : {}) }) },
  { method: 'GET', path: '/api/incidents', permission: 'incident.read', ok: 200, request: async () => ({ url: `/api/incidents?q=diaz&status=received,triaged&level=1,2,3&from=2026-01-01T00:00:00Z&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}` }) },
  { method: 'POST', path: '/api/incidents', permission: 'incident.create', ok: 201, request: async () => ({ url: '/api/incidents', body: buildIncidentInput() }) },
  { method: 'GET', path: '/api/incidents/{id}', permission: 'incident.read', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}` }) },
  { method: 'GET', path: '/api/incidents/{id}/events', permission: 'incident.read', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/events` }) },
  { method: 'GET', path: '/api/incidents/{id}/eido', permission: 'incident.read', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/eido` }) },
  // EIDO is a CAD's machine-to-machine exchange: only an API token given eido.write explicitly may
  // use it (mayExchangeEido), so every signed-in person is refused; eido.test.ts makes the token calls.
  { method: 'POST', path: '/api/eido', permission: 'eido.write', allowedFor: () => false, ok: 201, request: async () => ({ url: '/api/eido', body: cadEido() }) },
  { method: 'POST', path: '/api/eido/subscriptions', permission: 'eido.write', allowedFor: () => false, ok: 201, request: async () => ({ url: '/api/eido/subscriptions', body: { url: 'http://127.0.0.1:9/eido' } }) },
  { method: 'GET', path: '/api/eido/subscriptions', permission: 'eido.write', allowedFor: () => false, ok: 200, request: async () => ({ url: '/api/eido/subscriptions' }) },
  { method: 'DELETE', path: '/api/eido/subscriptions/{id}', permission: 'eido.write', allowedFor: () => false, ok: 200, request: async () => ({ url: `/api/eido/subscriptions/${crypto.randomUUID()}` }) },
  { method: 'GET', path: '/api/geo/geocode', permission: 'incident.create', ok: 200, request: async () => ({ url: '/api/geo/geocode?q=204%20S%20Race%20St' }) },
  { method: 'GET', path: '/api/admin/cad-links', permission: 'user.manage', ok: 200, request: async () => ({ url: '/api/admin/cad-links' }) },
  { method: 'POST', path: '/api/incidents/{id}/transitions', permission: 'incident.cancel', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/transitions`, body: { action: 'cancel', reason: 'probe' } }) },
  // Correcting the place after intake (issue 11 §4) is a call-taker's action: incident.triage.
  { method: 'POST', path: '/api/incidents/{id}/transitions', permission: 'incident.triage', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/transitions`, body: { action: 'correct_location', location: { address: '14 E Main St, Urbana', lat: 40.1117, lon: -88.2073 } } }) },
  { method: 'GET', path: '/api/incidents/{id}/triage', permission: 'incident.triage', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/triage` }) },
  { method: 'POST', path: '/api/incidents/{id}/triage/answers', permission: 'incident.triage', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/triage/answers`, body: { questionId: 'immediate_danger', answerKey: 'none' } }) },
  { method: 'POST', path: '/api/incidents/{id}/triage/answers/undo', permission: 'incident.triage', ok: 200, request: async () => ({ url: `/api/incidents/${await answeredIncident()}/triage/answers/undo`, body: { questionId: 'immediate_danger' } }) },
  { method: 'POST', path: '/api/incidents/{id}/break-glass', permission: 'incident.break_glass', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/break-glass`, body: { reason: 'probe of the access matrix' } }) },
  { method: 'GET', path: '/api/protocols', permission: 'protocol.read', ok: 200, request: async () => ({ url: '/api/protocols' }) },
  { method: 'POST', path: '/api/protocols', permission: 'protocol.manage', ok: 201, request: async () => ({ url: '/api/protocols', body: newProtocolFile() }) },
  { method: 'PUT', path: '/api/regions/{regionId}/protocol', permission: 'protocol.manage', ok: 200, request: async () => ({ url: '/api/regions/il-ems-6/protocol', body: { protocolId: 'il-irlm', version: '2025.09.0' } }) },
  { method: 'GET', path: '/api/agreements', permission: 'agreement.read', ok: 200, request: async () => ({ url: '/api/agreements' }) },
  { method: 'POST', path: '/api/agreements', permission: 'agreement.manage', ok: 201, request: async () => ({ url: '/api/agreements', body: { name: 'p', agencyIds: ['champaign-911', 'champaign-ed'], purposes: ['reporting'], fieldClasses: ['operational'], startsAt: new Date().toISOString() } }) },
  { method: 'POST', path: '/api/agreements/{id}/end', permission: 'agreement.manage', ok: 200, request: async () => ({ url: `/api/agreements/${await newAgreement()}/end`, body: { reason: 'probe' } }) },
  { method: 'GET', path: '/api/reports/overrides', permission: 'report.read', ok: 200, request: async () => ({ url: '/api/reports/overrides?month=2026-01' }) },
  { method: 'GET', path: '/api/reports/handoffs', permission: 'report.read', ok: 200, request: async () => ({ url: '/api/reports/handoffs?month=2026-01' }) },
  { method: 'GET', path: '/api/reports/rac', permission: 'report.read', ok: 200, request: async () => ({ url: '/api/reports/rac?region=il-ems-6&month=2026-01' }) },
  // The calls behind a figure: supervisors only (analysts read aggregates; 403, ADR 0045).
  { method: 'GET', path: '/api/reports/rac/calls', permission: 'report.read', allowedFor: (role) => role === 'supervisor', ok: 200, request: async () => ({ url: '/api/reports/rac/calls?region=il-ems-6&month=2026-01&table=volume&keys=all|all&measure=calls' }) },
  { method: 'GET', path: '/api/reports/districts', permission: 'report.read', ok: 200, request: async () => ({ url: '/api/reports/districts' }) },
  { method: 'GET', path: '/api/reports/dashboard', permission: 'report.read', allowedFor: (role) => role === 'supervisor', ok: 200, request: async () => ({ url: '/api/reports/dashboard' }) },
  // Planning (issue 13 §3-4): the region's digital twin, simulated calls only; a one-day run keeps the matrix quick.
  { method: 'GET', path: '/api/planning/scenario', permission: 'plan.simulate', ok: 200, request: async () => ({ url: '/api/planning/scenario' }) },
  { method: 'GET', path: '/api/planning/run', permission: 'plan.simulate', ok: 200, request: async () => ({ url: '/api/planning/run?days=1&add=day@county.17019' }) },
  // Part 2 consents are recorded by the programme holding the information (the MCRT): the 988
  // counsellor and the follow-up case manager hold consent.record but not this record's consents.
  { method: 'GET', path: '/api/incidents/{id}/consents', permission: 'consent.record', ok: 200, outOfReach: (role) => (['crisis_counsellor', 'case_manager'].includes(role) ? 403 : undefined), request: async () => ({ url: `/api/incidents/${await part2Incident()}/consents` }) },
  { method: 'POST', path: '/api/incidents/{id}/consents', permission: 'consent.record', ok: 201, outOfReach: (role) => (['crisis_counsellor', 'case_manager'].includes(role) ? 403 : undefined), request: async () => ({ url: `/api/incidents/${await part2Incident()}/consents`, body: CONSENT() }) },
  { method: 'POST', path: '/api/incidents/{id}/consents/{consentId}/revoke', permission: 'consent.record', ok: 200, outOfReach: (role) => (['crisis_counsellor', 'case_manager'].includes(role) ? 403 : undefined), request: async () => {
    const id = await part2Incident();
    const consentId = await idOf(must(as('mcrt_clinician').post(`/api/incidents/${id}/consents`, CONSENT()), 201, 'record a consent'));
    return { url: `/api/incidents/${id}/consents/${consentId}/revoke`, body: { reason: 'probe' } };
  } },
  { method: 'GET', path: '/api/privacy/alerts', permission: 'privacy.alerts', ok: 200, request: async () => ({ url: '/api/privacy/alerts' }) },
  { method: 'GET', path: '/api/audit', permission: 'audit.read', ok: 200, request: async () => ({ url: '/api/audit?limit=5' }) },
  { method: 'GET', path: '/api/audit/export', permission: 'audit.read', ok: 200, request: async () => ({ url: '/api/audit/export?format=ndjson&action=incident.break_glass' }) },
  { method: 'GET', path: '/api/geo/region', permission: null, ok: 200, request: async () => ({ url: '/api/geo/region' }) },
  { method: 'GET', path: '/api/units', permission: 'incident.read', ok: 200, request: async () => ({ url: '/api/units' }) },
  // The co-response unit belongs to the co-response programme and partners the sheriff and the MCRT: the
  // crews of those agencies and the dispatchers may move it; the EMS crew holds field updates but is not its crew.
  { method: 'POST', path: '/api/units/{id}/status', permission: 'incident.field_update', allowedFor: FIELD_CREW, ok: 200, request: async () => {
    await freeUnit('champaign-co-response-1');
    return { url: '/api/units/champaign-co-response-1/status', body: { status: 'out_of_service', reason: 'probe' } };
  } },
  { method: 'POST', path: '/api/units/{id}/positions', permission: 'incident.field_update', allowedFor: FIELD_CREW, ok: 201, request: async () => ({ url: '/api/units/champaign-co-response-1/positions', body: { lat: 40.11, lon: -88.21, at: new Date().toISOString() } }) },
  { method: 'POST', path: '/api/units/{id}/panic', permission: 'incident.field_update', allowedFor: FIELD_CREW, ok: 200, request: async () => ({ url: '/api/units/champaign-co-response-1/panic', body: {} }) },
  // Resolving needs an open panic: each probe raises one first.
  { method: 'POST', path: '/api/units/{id}/panic/resolve', permission: 'incident.dispatch', ok: 200, request: async () => {
    await must(send(as('crisis_dispatcher'), 'POST', '/api/units/champaign-co-response-1/panic', {}), 200, 'raise a panic');
    return { url: '/api/units/champaign-co-response-1/panic/resolve', body: { reason: 'probe' } };
  } },
  { method: 'GET', path: '/api/incidents/{id}/destinations', permission: 'incident.read', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/destinations` }) },
  { method: 'GET', path: '/api/dispatch/queue', permission: 'incident.read', ok: 200, request: async () => ({ url: '/api/dispatch/queue' }) },
  { method: 'GET', path: '/api/incidents/{id}/recommendation', permission: 'incident.dispatch', ok: 200, request: async () => ({ url: `/api/incidents/${await queuedIncident()}/recommendation` }) },
  { method: 'GET', path: '/api/incidents/{id}/response', permission: 'incident.read', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/response` }) },
  // A trail is positions: readers of incidents who may not read locations (administrators) are refused.
  // A text contact's transcript is clinical: readers whose role reads clinical, in the call's own agency.
  { method: 'POST', path: '/api/incidents/{id}/messages', permission: 'contact.message', ok: 201, request: async () => ({ url: `/api/incidents/${await newTextContact()}/messages`, body: { direction: 'inbound', body: 'probe' } }) },
  { method: 'GET', path: '/api/incidents/{id}/messages', permission: 'incident.read', allowedFor: (role) => can({ role, scopes: null }, 'incident.read') && READABLE_CLASSES[role].includes('clinical'), ok: 200, request: async () => ({ url: `/api/incidents/${await newTextContact()}/messages` }) },
  { method: 'GET', path: '/api/incidents/{id}/trail', permission: 'incident.read', allowedFor: (role) => role !== 'administrator' && can({ role, scopes: null }, 'incident.read'), ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/trail` }) },
  { method: 'POST', path: '/api/incidents/{id}/assignments', permission: 'incident.dispatch', ok: 200, request: async () => {
    await freeUnit('champaign-mcrt-3');
    return { url: `/api/incidents/${await queuedIncident()}/assignments`, body: { units: ['champaign-mcrt-3'] } };
  } },
  // The co-response unit's crews and the dispatchers take its steps on a call it is on.
  { method: 'POST', path: '/api/incidents/{id}/assignments/{unitId}', permission: 'incident.field_update', allowedFor: FIELD_CREW, ok: 200, request: async () => ({ url: `/api/incidents/${await withCoResponse()}/assignments/champaign-co-response-1`, body: { action: 'acknowledge' } }) },
  { method: 'POST', path: '/api/incidents/{id}/notes', permission: 'incident.field_update', allowedFor: (role) => (['incident.field_update', 'incident.dispatch', 'incident.triage'] as const).some((p) => can({ role, scopes: null }, p)), ok: 200, request: async () => ({ url: `/api/incidents/${await queuedIncident()}/notes`, body: { kind: 'hazard', text: 'probe' } }) },
  { method: 'GET', path: '/api/field/assignment', permission: 'incident.field_update', ok: 200, request: async () => ({ url: '/api/field/assignment' }) },
  // The unit catalogue. The role gate is what this matrix checks; the agency gate (owner, partner)
  // is in unit-catalogue.test.ts: the PSAP's administrator holds unit.manage but does not reach
  // MCRT units, so it gets a 404 here, as for a unit that does not exist.
  // CIT and training records (issue 12 §6): supervisors and administrators, for their own agency and those shared with them.
  { method: 'GET', path: '/api/training-records', permission: 'training.read', ok: 200, request: async () => ({ url: '/api/training-records' }) },
  { method: 'GET', path: '/api/training-records/refreshers', permission: 'training.read', ok: 200, request: async () => ({ url: '/api/training-records/refreshers' }) },
  { method: 'POST', path: '/api/training-records', permission: 'training.manage', ok: 201, request: async () => ({ url: '/api/training-records', body: { personName: 'Probe Officer', personRole: 'police_officer', course: 'cit_40_hour', completedOn: '2025-01-06', hours: 40 } }) },
  { method: 'GET', path: '/api/units/{id}', permission: 'incident.read', ok: 200, outOfReach: (role) => (role === 'administrator' ? 404 : undefined), request: async () => ({ url: '/api/units/champaign-mcrt-2' }) },
  { method: 'PUT', path: '/api/units/{id}/crew', permission: 'unit.crew', ok: 200, request: async () => ({ url: '/api/units/champaign-mcrt-2/crew', body: { members: [{ name: 'Probe', role: 'mcrt_clinician' }] } }) },
  { method: 'PUT', path: '/api/units/{id}/capabilities', permission: 'unit.manage', ok: 200, outOfReach: (role) => (role === 'administrator' ? 404 : undefined), request: async () => ({ url: '/api/units/champaign-mcrt-2/capabilities', body: { youth: true, languages: ['en', 'es'], naloxone: true, canTransport: false } }) },
  { method: 'PUT', path: '/api/units/{id}/service-area', permission: 'unit.manage', ok: 200, outOfReach: (role) => (role === 'administrator' ? 404 : undefined), request: async () => ({ url: '/api/units/champaign-mcrt-2/service-area', body: { serviceArea: null } }) },
  { method: 'POST', path: '/api/units/{id}/shifts', permission: 'unit.manage', ok: 200, outOfReach: (role) => (role === 'administrator' ? 404 : undefined), request: async () => ({ url: '/api/units/champaign-mcrt-2/shifts', body: nextShift() }) },
  { method: 'DELETE', path: '/api/units/{id}/shifts/{shiftId}', permission: 'unit.manage', ok: 200, outOfReach: (role) => (role === 'administrator' ? 404 : undefined), request: async () => ({ url: `/api/units/champaign-mcrt-2/shifts/${await newShift()}`, body: {} }) },
  // Facilities. The directory holds no personal data: any signed-in reader of the facility's
  // region (the state's auditor and privacy officer are of another region: 404). Capacity and
  // settling arrivals also need membership of the facility's agency (facilities.test.ts): the demo's
  // supervisor holds facility.capacity but is of the MCRT, so the Living Room refuses them too.
  { method: 'GET', path: '/api/facilities', permission: null, ok: 200, request: async () => ({ url: '/api/facilities' }) },
  { method: 'GET', path: '/api/facilities/{id}', permission: null, ok: 200, outOfReach: (role) => (['auditor', 'privacy_officer'].includes(role) ? 404 : undefined), request: async () => ({ url: '/api/facilities/rantoul-living-room' }) },
  { method: 'GET', path: '/api/facilities/export.hsds', permission: null, ok: 200, request: async () => ({ url: '/api/facilities/export.hsds' }) },
  { method: 'POST', path: '/api/facilities/import.hsds', permission: 'facility.manage', ok: 200, request: async () => ({ url: '/api/facilities/import.hsds?dryRun=true', body: { organizations: [], services: [], locations: [], service_at_locations: [] } }) },
  { method: 'GET', path: '/api/onboarding/{kind}', permission: 'user.manage', ok: 200, request: async () => ({ url: '/api/onboarding/users?format=csv' }) },
  { method: 'POST', path: '/api/onboarding/{kind}', permission: 'user.manage', ok: 200, request: async () => ({ url: '/api/onboarding/users?dryRun=true', body: [{ username: 'probe.onboarded', displayName: 'Probe Onboarded', memberships: ['champaign-911:telecommunicator'] }] }) },
  { method: 'PUT', path: '/api/facilities/{id}/capacity', permission: 'facility.capacity', allowedFor: (role) => role === 'facility_intake', ok: 200, request: async () => ({ url: '/api/facilities/rantoul-living-room/capacity', body: { available: 4 } }) },
  { method: 'POST', path: '/api/facilities/{id}/arrivals', permission: 'incident.field_update', allowedFor: (role) => can({ role, scopes: null }, 'incident.field_update') || can({ role, scopes: null }, 'incident.dispatch'), ok: 201, request: async () => ({ url: '/api/facilities/champaign-stabilisation/arrivals', body: {} }) },
  { method: 'POST', path: '/api/facilities/{id}/arrivals/{arrivalId}/confirm', permission: 'facility.capacity', allowedFor: (role) => role === 'facility_intake', ok: 200, request: async () => ({ url: `/api/facilities/rantoul-living-room/arrivals/${await newArrival()}/confirm`, body: {} }) },
  { method: 'POST', path: '/api/facilities/{id}/arrivals/{arrivalId}/cancel', permission: 'facility.capacity', allowedFor: (role) => role === 'facility_intake', ok: 200, request: async () => ({ url: `/api/facilities/rantoul-living-room/arrivals/${await newArrival()}/cancel`, body: {} }) },
  // People (ADR 0013). Records are held by the MCRT provider; the PSAP, the 988 centre and the
  // follow-up provider reach them under the demo agreements. Consents are recorded by the holding
  // agency only: consent.record roles of other agencies are refused (allowedFor).
  { method: 'POST', path: '/api/people', permission: 'person.manage', ok: 201, request: async () => ({ url: '/api/people', body: { name: { given: 'Probe', family: 'Person' } } }) },
  { method: 'GET', path: '/api/people', permission: 'person.read', ok: 200, request: async () => ({ url: '/api/people?q=Whitfield' }) },
  { method: 'GET', path: '/api/people/{id}', permission: 'person.read', ok: 200, request: async () => ({ url: `/api/people/${await newPerson()}` }) },
  { method: 'PUT', path: '/api/people/{id}/safety-plan', permission: 'person.manage', ok: 200, request: async () => ({ url: `/api/people/${await newPerson()}/safety-plan`, body: { warningSigns: ['probe'] } }) },
  { method: 'POST', path: '/api/people/{id}/consents', permission: 'consent.record', allowedFor: (role) => ['mcrt_clinician', 'engagement_specialist', 'supervisor'].includes(role), ok: 201, request: async () => ({ url: `/api/people/${await newPerson()}/consents`, body: CONSENT() }) },
  { method: 'POST', path: '/api/people/{id}/consents/{consentId}/revoke', permission: 'consent.record', allowedFor: (role) => ['mcrt_clinician', 'engagement_specialist', 'supervisor'].includes(role), ok: 200, request: async () => {
    const personId = await newPerson();
    const consentId = await idOf(must(send(as('mcrt_clinician'), 'POST', `/api/people/${personId}/consents`, CONSENT()), 201, 'record a consent'));
    return { url: `/api/people/${personId}/consents/${consentId}/revoke`, body: { reason: 'probe' } };
  } },
  { method: 'GET', path: '/api/incidents/{id}/person-candidates', permission: 'person.read', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/person-candidates` }) },
  { method: 'POST', path: '/api/incidents/{id}/person-link', permission: 'person.link', ok: 200, request: async () => ({ url: `/api/incidents/${await newIncident()}/person-link`, body: { personId: await newPerson() } }) },
  { method: 'POST', path: '/api/incidents/{id}/person-link/undo', permission: 'person.link', ok: 200, request: async () => {
    const id = await newIncident();
    await must(send(as('mcrt_clinician'), 'POST', `/api/incidents/${id}/person-link`, { personId: await newPerson() }), 200, 'link a person');
    return { url: `/api/incidents/${id}/person-link/undo`, body: { reason: 'probe' } };
  } },
  // Per-fix refusals (a unit not one's own) are outcomes in the answer, not a 403 of the batch.
  { method: 'POST', path: '/api/positions', permission: 'incident.field_update', ok: 200, request: async () => ({ url: '/api/positions', body: [{ unitId: 'champaign-co-response-1', lat: 40.11, lon: -88.21, at: new Date().toISOString() }] }) },
  // Follow-up (clinical care records): the case manager's agency holds these episodes.
  { method: 'GET', path: '/api/followup/caseload', permission: 'followup.read', ok: 200, request: async () => ({ url: '/api/followup/caseload' }) },
  { method: 'POST', path: '/api/followup/episodes', permission: 'followup.manage', ok: 201, request: async () => ({ url: '/api/followup/episodes', body: { incidentId: await closedIncident(), programme: 'program_590_mcrt' } }) },
  { method: 'GET', path: '/api/followup/episodes/{id}', permission: 'followup.read', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}` }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/attempts', permission: 'followup.manage', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/attempts`, body: { outcome: 'no_answer' } }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/tasks', permission: 'followup.manage', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/tasks`, body: { title: 'probe', dueAt: new Date(Date.now() + 3_600_000).toISOString() } }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/tasks/{taskId}/complete', permission: 'followup.manage', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => { const e = await newEpisodeWith('tasks'); return { url: `/api/followup/episodes/${e.id}/tasks/${e.childId}/complete`, body: {} }; } },
  { method: 'POST', path: '/api/followup/episodes/{id}/referrals', permission: 'followup.manage', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/referrals`, body: { providerName: 'probe', service: 'probe' } }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/referrals/{referralId}/status', permission: 'followup.manage', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => { const e = await newEpisodeWith('referrals'); return { url: `/api/followup/episodes/${e.id}/referrals/${e.childId}/status`, body: { status: 'accepted' } }; } },
  { method: 'POST', path: '/api/followup/episodes/{id}/assign', permission: 'followup.manage', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/assign`, body: { take: false } }) },
  { method: 'POST', path: '/api/followup/episodes/{id}/close', permission: 'followup.manage', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => ({ url: `/api/followup/episodes/${await newEpisode()}/close`, body: { reason: 'declined' } }) },
  { method: 'GET', path: '/api/followup/episodes/{id}/referrals/{referralId}/fhir', permission: 'followup.read', ok: 200, outOfReach: OTHER_AGENCY_FOLLOWUP, request: async () => { const e = await newEpisodeWith('referrals'); return { url: `/api/followup/episodes/${e.id}/referrals/${e.childId}/fhir` }; } },
  // Hand-offs (ADR 0028): offered by any call-taker within reach of the call; read and answered by the two agencies only.
  { method: 'POST', path: '/api/handoffs', permission: 'incident.hand_off', ok: 201, request: async () => ({ url: '/api/handoffs', body: { incidentId: await youthIncident(), toAgencyId: 'il-cares-line', kind: 'warm_transfer' } }) },
  { method: 'GET', path: '/api/handoffs', permission: 'handoff.receive', ok: 200, request: async () => ({ url: '/api/handoffs?box=all' }) },
  { method: 'GET', path: '/api/handoffs/destinations', permission: 'incident.hand_off', ok: 200, request: async () => ({ url: '/api/handoffs/destinations' }) },
  { method: 'GET', path: '/api/handoffs/{id}', permission: 'handoff.receive', ok: 200, outOfReach: NOT_PARTY, request: async () => ({ url: `/api/handoffs/${await newHandoff()}` }) },
  { method: 'POST', path: '/api/handoffs/{id}/accept', permission: 'handoff.receive', ok: 200, outOfReach: NOT_RECEIVER, request: async () => ({ url: `/api/handoffs/${await newHandoff()}/accept`, body: {} }) },
  { method: 'POST', path: '/api/handoffs/{id}/decline', permission: 'handoff.receive', ok: 200, outOfReach: NOT_RECEIVER, request: async () => ({ url: `/api/handoffs/${await newHandoff()}/decline`, body: { reason: 'probe' } }) },
];

beforeAll(async () => {
  // Identity-provider sign-in is configured, so its routes answer as in production. The redirect
  // URI names the server's port, which the issuer must know first: choose it now.
  const port = await freePort();
  const redirectUri = `http://localhost:${port}/api/auth/oidc/callback`;
  idp = await startTestIssuer({ redirectUri, accounts: {} });
  t = await startTestServer({ config: { port, oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri } } });
  for (const role of ROLES) sessions.set(role, await signIn(t.url, USERNAME[role]));
  telecom = sessions.get('telecommunicator')!;
  admin = sessions.get('administrator')!;
  shippedProtocol = await readFile(new URL('../../../protocols/il-irlm/il-irlm-2025.09.yaml', import.meta.url), 'utf8');
  // Fourteen sign-ins (argon2id each) on a busy machine: a guard against a hang, not a timing.
}, 300_000);
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

async function send(s: Session | null, method: string, url: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'idempotency-key': crypto.randomUUID() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (s) Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrf });
  return fetch(`${t.url}${url}`, { method, headers, redirect: 'manual', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

const isAllowed = (probe: Probe, role: Role) =>
  probe.permission === 'public' || probe.permission === null || (probe.allowedFor ? probe.allowedFor(role) : can({ role, scopes: null }, probe.permission));

/** The exact status a call must answer: `role` null is a caller without a session. */
function expectedStatus(probe: Probe, role: Role | null): number {
  if (probe.ok === undefined) throw new Error(`${probe.method} ${probe.path}: the probe names no success status (ok)`);
  if (probe.permission === 'public') return probe.ok;
  if (role === null) return 401;
  if (!isAllowed(probe, role)) return 403;
  return probe.outOfReach?.(role) ?? probe.ok;
}

/** Denied audit rows newer than `afterId`. */
const deniedSince = async (afterId: number) =>
  (await t.server.services.store.read.audit.search({ outcome: 'denied', limit: 100_000 })).filter((r) => r.id > afterId);
const lastAuditId = async () => (await t.server.services.store.read.audit.search({ limit: 1 }))[0]?.id ?? 0;

/** Denials the probes made, by the audit action their rows carry: the audit must hold exactly these. */
const deniedByAction = new Map<string, number>();
let denialsMade = 0;

describe('the access matrix', () => {
  it('has one probe for every operation of the API document, and none for an operation it lacks', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.length).toBeGreaterThan(50);
    const probed = PROBES.map((p) => `${p.method} ${p.path}`);
    expect(documented.filter((op) => !probed.includes(op)), 'operations without a probe').toEqual([]);
    expect(probed.filter((op) => !documented.includes(op)), 'probes of no documented operation').toEqual([]);
    // One operation may be probed once per permission it checks (the transitions route's actions
    // each need their own), never twice for the same one.
    const byPermission = PROBES.map((p) => `${p.method} ${p.path} ${p.permission}`);
    expect(byPermission.filter((op, i) => byPermission.indexOf(op) !== i), 'operations probed twice for one permission').toEqual([]);
    expect(PROBES.filter((p) => p.ok === undefined).map((p) => `${p.method} ${p.path}`), 'probes without a success status').toEqual([]);
  });

  it.each(PROBES.map((p) => [`${p.method} ${p.path}`, p] as const))('%s: the exact status for no session and for each role; each denial audited once', async (_name, probe) => {
    const before = await lastAuditId();
    const denials: (Role | null)[] = [];
    for (const role of [null, ...ROLES]) {
      const req = await probe.request(role);
      const caller = req.as === undefined ? (role ? sessions.get(role)! : null) : req.as;
      const res = await send(caller, probe.method, req.url, req.body);
      const expected = expectedStatus(probe, role);
      expect(res.status, `${role ?? 'no session'} ${probe.method} ${req.url} → ${res.status} ${res.status === expected ? '' : await res.text()}`).toBe(expected);
      // A public route does not read the caller's session: its rows name no role.
      if (expected === 401 || expected === 403 || probe.refusedByRedirect) denials.push(probe.permission === 'public' ? null : role);
    }
    // Exactly one denied row per denial, carrying who was refused, all under the route's action.
    const rows = await deniedSince(before);
    expect(rows.map((r) => r.role ?? null).sort(), 'the roles of the denied audit rows').toEqual([...denials].sort());
    const actions = [...new Set(rows.map((r) => r.action))];
    expect(actions.length, `one action for ${probe.method} ${probe.path}: ${actions.join(', ')}`).toBeLessThanOrEqual(1);
    if (actions[0]) deniedByAction.set(actions[0], (deniedByAction.get(actions[0]) ?? 0) + rows.length);
    denialsMade += denials.length;
  });

  // Each format of the RAC report is one operation with one access rule: the printable PDF (issue
  // 14 §3) answers every role exactly as the JSON does, and its denials are audited the same way.
  it('GET /api/reports/rac?format=pdf: the same status as the JSON for no session and each role', async () => {
    const probe = PROBES.find((p) => p.path === '/api/reports/rac')!;
    const before = await lastAuditId();
    const denials: (Role | null)[] = [];
    for (const role of [null, ...ROLES]) {
      const res = await send(role ? sessions.get(role)! : null, 'GET', '/api/reports/rac?region=il-ems-6&month=2026-01&format=pdf');
      const expected = expectedStatus(probe, role);
      expect(res.status, `${role ?? 'no session'} → ${res.status}`).toBe(expected);
      if (expected === 200) expect(res.headers.get('content-type')).toBe('application/pdf');
      if (expected === 401 || expected === 403) denials.push(role);
    }
    expect(denials.length).toBeGreaterThan(5);
    const rows = await deniedSince(before);
    expect(rows.map((r) => r.role ?? null).sort()).toEqual([...denials].sort());
    expect([...new Set(rows.map((r) => r.action))]).toEqual(['report.rac']);
    deniedByAction.set('report.rac', (deniedByAction.get('report.rac') ?? 0) + rows.length);
    denialsMade += denials.length;
  });

  it('the audit holds exactly the denials above, by action, each with its address', async () => {
    expect(denialsMade).toBeGreaterThan(500);
    const denied = await deniedSince(0);
    expect(denied.length).toBe(denialsMade);
    const byAction = new Map<string, number>();
    for (const r of denied) byAction.set(r.action, (byAction.get(r.action) ?? 0) + 1);
    expect(Object.fromEntries([...byAction].sort())).toEqual(Object.fromEntries([...deniedByAction].sort()));
    expect(denied.filter((r) => r.address === null)).toEqual([]);
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
