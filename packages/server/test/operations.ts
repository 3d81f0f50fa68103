import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import type { Role } from '@continuum/domain';
import type { ConfigInput } from '../src/config.ts';
import { grantRegionalAdmin } from '../src/index.ts';
import { districtFile } from './admin-fixtures.ts';
import { cadEido } from './eido-fixtures.ts';
import { buildIncidentInput, signIn, type Session, type TestServer } from './harness.ts';
import { startTestIssuer, type TestIssuer } from './oidc-issuer.ts';

/*
 * Every operation of the OpenAPI document with a role allowed to call it and a request that
 * succeeds, built fresh (a new incident, agreement, episode…) where the call changes its record.
 * The idempotency and fuzz suites are generated from the document and look each operation up
 * here: an operation the document lists and this catalogue lacks fails them both.
 */

export const USERNAME: Record<Role, string> = {
  telecommunicator: 'telecom', crisis_counsellor: 'counsellor', crisis_dispatcher: 'dispatcher', mcrt_clinician: 'clinician',
  engagement_specialist: 'peer', police_officer: 'officer', ems_crew: 'ems', case_manager: 'casemanager', facility_intake: 'intake',
  supervisor: 'supervisor', rac_analyst: 'analyst', auditor: 'auditor', privacy_officer: 'privacy', administrator: 'admin',
};

let issuer: TestIssuer | null = null;

/**
 * Server settings with identity-provider sign-in configured, so that its routes (and linking an
 * identity to an account) answer as in production. The redirect URI names the server's port,
 * which the issuer must know first: it is chosen here.
 */
export async function withIdentityProvider(): Promise<ConfigInput> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const redirectUri = `http://localhost:${port}/api/auth/oidc/callback`;
  issuer = await startTestIssuer({ redirectUri, accounts: {} });
  return { port, oidc: { issuer: issuer.issuer, clientId: issuer.clientId, clientSecret: issuer.clientSecret, redirectUri } };
}

export async function closeIdentityProvider(): Promise<void> {
  await issuer?.close();
  issuer = null;
}

export interface OperationRequest {
  /** The concrete path with its query string. */
  url: string;
  body?: unknown;
  /** Headers the call needs beyond the session's: a CAD's bearer token for the EIDO routes (it wins over the cookie). */
  headers?: Record<string, string>;
}

export interface Operation {
  /** Who calls it; null: no sign-in (sign-in itself, public reads). */
  role: Role | null;
  request: () => Promise<OperationRequest>;
}

export interface Caller {
  session(role: Role): Session;
  send(role: Role | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Signs in every role the catalogue uses, once, and sends JSON requests as them. */
export async function callerFor(t: TestServer, roles: Role[]): Promise<Caller> {
  const sessions = new Map<Role, Session>();
  for (const role of new Set(roles)) sessions.set(role, await signIn(t.url, USERNAME[role]));
  // Region-wide administration needs a regional grant (ADR 0025), which the demo administrator
  // lacks (ADR 0017): the catalogue's administrator is given one here, as `continuum admin grant` would.
  if (roles.includes('administrator')) {
    const user = await t.server.services.store.read.users.byUsername(USERNAME.administrator);
    await grantRegionalAdmin(t.server.services, 'system', { userId: user!.id, regionId: 'il-ems-6', reason: 'the operation catalogue administers the region' });
  }
  const session = (role: Role) => {
    const s = sessions.get(role);
    if (!s) throw new Error(`no session for ${role}`);
    return s;
  };
  return {
    session,
    send: (role, method, url, body, headers = {}) => {
      const h: Record<string, string> = { 'idempotency-key': crypto.randomUUID(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
      if (role) Object.assign(h, { cookie: session(role).cookie, 'x-csrf-token': session(role).csrf });
      return fetch(`${t.url}${url}`, { method, headers: { ...h, ...headers }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
    },
  };
}

const SHIPPED = new URL('../../../protocols/il-irlm/il-irlm-2025.09.yaml', import.meta.url);
const future = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

export function operationCatalogue(c: Caller): Record<string, Operation> {
  const json = async <T>(res: Promise<Response>, what: string): Promise<T> => {
    const r = await res;
    if (r.status >= 300) throw new Error(`setting up ${what}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const post = (role: Role, url: string, body: unknown) => c.send(role, 'POST', url, body);
  const incident = async () => (await json<{ id: string }>(post('telecommunicator', '/api/incidents', buildIncidentInput()), 'an incident')).id;
  const queued = async () => {
    const id = await incident();
    for (const body of [{ action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' }, { action: 'queue_for_dispatch' }]) {
      await json(post('telecommunicator', `/api/incidents/${id}/transitions`, body), 'a queued call');
    }
    return id;
  };
  const closed = async () => {
    const id = await incident();
    await json(post('telecommunicator', `/api/incidents/${id}/transitions`, { action: 'triage', level: 1, protocolVersion: 'il-irlm@2025.09', factors: ['wants_to_talk'] }), 'triage');
    await json(post('telecommunicator', `/api/incidents/${id}/transitions`, { action: 'close', disposition: 'referred' }), 'a closed call');
    return id;
  };
  // An incident holding Part 2 information of the MCRT provider (the programme the clinician is of).
  const part2 = async () => {
    const id = await incident();
    await json(post('mcrt_clinician', `/api/incidents/${id}/transitions`, { action: 'record_substance_use', note: 'in a county programme' }), 'Part 2 information');
    return id;
  };
  const consentBody = () => ({ recipientAgencyIds: ['champaign-911'], purposes: ['crisis_response'], expiresAt: future(24) });
  const agreement = async () =>
    (await json<{ id: string }>(post('administrator', '/api/agreements', { name: 'probe', agencyIds: ['champaign-911', 'champaign-ed'], purposes: ['care_coordination'], fieldClasses: ['operational'], startsAt: new Date().toISOString() }), 'an agreement')).id;
  const person = async () => (await json<{ id: string }>(post('mcrt_clinician', '/api/people', { name: { given: 'Probe', family: 'Person' } }), 'a person')).id;
  const episode = async () =>
    (await json<{ id: string }>(post('case_manager', '/api/followup/episodes', { incidentId: await closed(), programme: 'program_590_mcrt' }), 'an episode')).id;
  const episodeWith = async (kind: 'tasks' | 'referrals') => {
    const id = await episode();
    const body = kind === 'tasks' ? { title: 'probe', dueAt: future(1) } : { providerName: 'probe', service: 'probe' };
    const view = await json<{ tasks: { id: string }[]; referrals: { id: string }[] }>(post('case_manager', `/api/followup/episodes/${id}/${kind}`, body), kind);
    return { id, childId: kind === 'tasks' ? view.tasks[0]!.id : view.referrals[0]!.id };
  };
  // A call the 911 centre offers to the crisis hub (the MCRT provider), whose dispatcher receives it.
  const handoff = async () =>
    (await json<{ id: string }>(post('telecommunicator', '/api/handoffs', { incidentId: await incident(), toAgencyId: 'champaign-mcrt', kind: 'warm_transfer' }), 'a hand-off')).id;
  // A text to 911 (issue 11 §2): the contact a texting platform posts its messages to.
  const textContact = async () => (await json<{ id: string }>(post('telecommunicator', '/api/incidents', buildIncidentInput({ channel: 'text' })), 'a text contact')).id;
  let shiftDay = 0;
  const nextShift = () => {
    shiftDay += 1;
    const start = Date.UTC(2032, 0, 1) + shiftDay * 86_400_000;
    return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 8 * 3_600_000).toISOString() };
  };
  const arrival = async () => {
    const body = await json<{ arrivals: { id: string }[] }>(post('crisis_dispatcher', '/api/facilities/rantoul-living-room/arrivals', {}), 'an arrival');
    return body.arrivals.at(-1)!.id;
  };
  let protocolMinor = 0;
  const protocolFile = async () => {
    protocolMinor += 1;
    const text = (await readFile(SHIPPED, 'utf8')).replace(/^version: 2025\.09\.0$/m, `version: 2030.1.${protocolMinor}`);
    return { fileName: `il-irlm-2030.1.${protocolMinor}.yaml`, text };
  };
  // A unit on the call, for its steps: each request takes a team of its own, dispatched fresh.
  const teams = ['champaign-mcrt-2', 'champaign-mcrt-3'];
  const onCall = async () => {
    const id = await queued();
    const unit = teams.shift();
    if (!unit) throw new Error('no team left to dispatch');
    await json(post('crisis_dispatcher', `/api/incidents/${id}/assignments`, { units: [unit] }), 'an assignment');
    return { id, unit };
  };
  // Accounts of the administrator's own agency (the PSAP): administrators manage no other.
  let username = 0;
  const newUser = () => {
    username += 1;
    return { username: `probe${username}.${Date.now().toString(36)}`, displayName: 'Probe', password: 'a-long-enough-password', role: 'telecommunicator', agencyId: 'champaign-911' };
  };
  const account = async () => (await json<{ id: string }>(post('administrator', '/api/users', newUser()), 'an account')).id;
  const token = async () => (await json<{ id: string }>(post('administrator', '/api/tokens', { name: 'probe', expiresInDays: 1 }), 'a token')).id;
  // A 911 CAD's API token with the eido.write scope: the EIDO routes take no session (ADR 0029).
  let cad: Promise<Record<string, string>> | null = null;
  const cadAuth = () =>
    (cad ??= json<{ token: string }>(post('telecommunicator', '/api/tokens', { name: 'CAD', expiresInDays: 1, scopes: ['eido.write', 'incident.read'] }), 'a CAD token').then((t) => ({ authorization: `Bearer ${t.token}` })));
  const subscription = async () =>
    (await json<{ id: string }>(c.send('telecommunicator', 'POST', '/api/eido/subscriptions', { url: 'http://127.0.0.1:9/eido' }, await cadAuth()), 'a subscription')).id;

  const op = (role: Role | null, request: () => Promise<OperationRequest> | OperationRequest): Operation => ({ role, request: async () => request() });
  let probeId = 0;
  const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(probeId += 1)}`;
  const psapUnit = async () =>
    (await json<{ id: string }>(post('administrator', '/api/admin/units', { id: fresh('probe-unit'), agencyId: 'champaign-911', name: 'Probe', model: 'psap_co_response', composition: ['mcrt_clinician'], home: { lat: 40.11, lon: -88.24 } }), 'a unit')).id;
  const district = async () => {
    const body = districtFile();
    await json(post('administrator', '/api/admin/districts/import', body), 'a district');
    return body.collection.features[0]!.properties.id;
  };
  return {
    'GET /api/admin/regions': op('administrator', () => ({ url: '/api/admin/regions' })),
    'GET /api/admin/regions/{regionId}': op('administrator', () => ({ url: '/api/admin/regions/il-ems-6' })),
    'PATCH /api/admin/regions/{regionId}': op('administrator', () => ({ url: '/api/admin/regions/il-ems-6', body: { maxResponseMinutes: { default: 60, byLevel: { '4': 30 }, byEmergencyType: { youth: 45 } } } })),
    'GET /api/admin/agencies': op('administrator', () => ({ url: '/api/admin/agencies?regionId=il-ems-6' })),
    'POST /api/admin/agencies': op('administrator', () => ({ url: '/api/admin/agencies', body: { id: fresh('probe-agency'), regionId: 'il-ems-6', kind: 'fire', name: 'Probe Fire', contact: { phone: '217 555 0100' } } })),
    'PATCH /api/admin/agencies/{agencyId}': op('administrator', () => ({ url: '/api/admin/agencies/champaign-911', body: { contact: { email: 'ops@example.org' } } })),
    'GET /api/admin/units': op('administrator', () => ({ url: '/api/admin/units?agencyId=champaign-911&retired=true' })),
    'POST /api/admin/units': op('administrator', () => ({ url: '/api/admin/units', body: { id: fresh('probe-unit'), agencyId: 'champaign-911', name: 'Probe', model: 'psap_co_response', composition: ['mcrt_clinician'], home: { lat: 40.11, lon: -88.24 } } })),
    'PATCH /api/admin/units/{id}': op('administrator', async () => ({ url: `/api/admin/units/${await psapUnit()}`, body: { model: 'alternative_response', capabilities: { youth: true, languages: ['es'], naloxone: false, canTransport: false } } })),
    'PUT /api/admin/units/{id}/service-area': op('administrator', async () => ({
      url: `/api/admin/units/${await psapUnit()}/service-area`, body: { geojson: { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [[[-88.3, 40], [-88.1, 40], [-88.1, 40.2], [-88.3, 40]]] } } },
    })),
    'POST /api/admin/units/{id}/retire': op('administrator', async () => ({ url: `/api/admin/units/${await psapUnit()}/retire`, body: { reason: 'probe' } })),
    'GET /api/admin/districts': op('administrator', () => ({ url: '/api/admin/districts?regionId=il-ems-6' })),
    'POST /api/admin/districts/import': op('administrator', () => ({ url: '/api/admin/districts/import', body: districtFile() })),
    'DELETE /api/admin/districts/{districtId}': op('administrator', async () => ({ url: `/api/admin/districts/${await district()}` })),
    'GET /api/meta': op(null, () => ({ url: '/api/meta' })),
    'POST /api/session': op(null, () => ({ url: '/api/session', body: { username: 'auditor', password: 'continuum-demo' } })),
    'GET /api/session': op('auditor', () => ({ url: '/api/session' })),
    'DELETE /api/session': op('auditor', () => ({ url: '/api/session' })),
    'POST /api/tokens': op('administrator', () => ({ url: '/api/tokens', body: { name: 'probe', expiresInDays: 1 } })),
    'GET /api/tokens': op('administrator', () => ({ url: '/api/tokens' })),
    'DELETE /api/tokens/{id}': op('administrator', async () => ({ url: `/api/tokens/${await token()}` })),
    'GET /api/users': op('administrator', () => ({ url: '/api/users?q=tele' })),
    'POST /api/users': op('administrator', () => ({ url: '/api/users', body: newUser() })),
    'POST /api/users/{id}/disable': op('administrator', async () => ({ url: `/api/users/${await account()}/disable`, body: { reason: 'probe' } })),
    'POST /api/users/{id}/enable': op('administrator', async () => {
      const id = await account();
      await json(post('administrator', `/api/users/${id}/disable`, { reason: 'probe' }), 'a disabled account');
      return { url: `/api/users/${id}/enable`, body: {} };
    }),
    'POST /api/users/{id}/unlock': op('administrator', async () => ({ url: `/api/users/${await account()}/unlock`, body: {} })),
    'POST /api/users/{id}/password': op('administrator', async () => ({ url: `/api/users/${await account()}/password`, body: { password: 'another-long-passphrase' } })),
    'POST /api/users/{id}/memberships': op('administrator', async () => ({ url: `/api/users/${await account()}/memberships`, body: { agencyId: 'champaign-911', role: 'supervisor' } })),
    'POST /api/users/{id}/memberships/end': op('administrator', async () => ({ url: `/api/users/${await account()}/memberships/end`, body: { agencyId: 'champaign-911', role: 'telecommunicator' } })),
    'GET /api/users/{id}/identities': op('administrator', () => ({ url: `/api/users/${c.session('administrator').userId}/identities` })),
    'POST /api/users/{id}/identities': op('administrator', () => ({ url: `/api/users/${c.session('administrator').userId}/identities`, body: { subject: `probe-${crypto.randomUUID()}` } })),
    'DELETE /api/users/{id}/identities/{subject}': op('administrator', async () => {
      const url = `/api/users/${c.session('administrator').userId}/identities`;
      const subject = `probe-${crypto.randomUUID()}`;
      await json(post('administrator', url, { subject }), 'a linked identity');
      return { url: `${url}/${subject}` };
    }),
    'GET /api/auth/oidc/login': op(null, () => ({ url: '/api/auth/oidc/login' })),
    'GET /api/auth/oidc/callback': op(null, () => ({ url: '/api/auth/oidc/callback?code=x&state=y' })),
    'GET /api/incidents': op('telecommunicator', () => ({ url: '/api/incidents?q=217-555-0142&status=received&level=1,2,3&from=2026-01-01T00:00:00Z' })),
    'POST /api/incidents': op('telecommunicator', () => ({ url: '/api/incidents', body: buildIncidentInput() })),
    'GET /api/incidents/{id}': op('telecommunicator', async () => ({ url: `/api/incidents/${await incident()}` })),
    'GET /api/incidents/{id}/events': op('telecommunicator', async () => ({ url: `/api/incidents/${await incident()}/events` })),
    'POST /api/incidents/{id}/transitions': op('telecommunicator', async () => ({ url: `/api/incidents/${await incident()}/transitions`, body: { action: 'cancel', reason: 'probe' } })),
    'GET /api/incidents/{id}/triage': op('telecommunicator', async () => ({ url: `/api/incidents/${await incident()}/triage` })),
    'POST /api/incidents/{id}/triage/answers': op('telecommunicator', async () => ({ url: `/api/incidents/${await incident()}/triage/answers`, body: { questionId: 'immediate_danger', answerKey: 'none' } })),
    'POST /api/incidents/{id}/triage/answers/undo': op('telecommunicator', async () => {
      const id = await incident();
      await json(post('telecommunicator', `/api/incidents/${id}/triage/answers`, { questionId: 'immediate_danger', answerKey: 'none' }), 'an answer to undo');
      return { url: `/api/incidents/${id}/triage/answers/undo`, body: { questionId: 'immediate_danger' } };
    }),
    'POST /api/incidents/{id}/break-glass': op('supervisor', async () => ({ url: `/api/incidents/${await incident()}/break-glass`, body: { reason: 'probe: the caller is in danger' } })),
    'GET /api/protocols': op('telecommunicator', () => ({ url: '/api/protocols' })),
    'POST /api/protocols': op('administrator', async () => ({ url: '/api/protocols', body: await protocolFile() })),
    'PUT /api/regions/{regionId}/protocol': op('administrator', () => ({ url: '/api/regions/il-ems-6/protocol', body: { protocolId: 'il-irlm', version: '2025.09.0' } })),
    'GET /api/agreements': op('administrator', () => ({ url: '/api/agreements' })),
    'POST /api/agreements': op('administrator', () => ({ url: '/api/agreements', body: { name: 'p', agencyIds: ['champaign-911', 'champaign-ed'], purposes: ['reporting'], fieldClasses: ['operational'], startsAt: new Date().toISOString() } })),
    'POST /api/agreements/{id}/end': op('administrator', async () => ({ url: `/api/agreements/${await agreement()}/end`, body: { reason: 'probe' } })),
    'GET /api/reports/overrides': op('rac_analyst', () => ({ url: '/api/reports/overrides?month=2026-01' })),
    'GET /api/reports/handoffs': op('rac_analyst', () => ({ url: '/api/reports/handoffs?month=2026-01&region=il-ems-6' })),
    'GET /api/reports/rac': op('rac_analyst', () => ({ url: '/api/reports/rac?month=2026-01&region=il-ems-6' })),
    'GET /api/reports/dashboard': op('supervisor', () => ({ url: '/api/reports/dashboard' })),
    'GET /api/planning/scenario': op('rac_analyst', () => ({ url: '/api/planning/scenario' })),
    'GET /api/planning/run': op('supervisor', () => ({ url: '/api/planning/run?days=1&add=night@county.17019' })),
    'GET /api/reports/rac/calls': op('supervisor', () => ({ url: '/api/reports/rac/calls?month=2026-01&region=il-ems-6&table=response_by_level&keys=all|all&measure=calls' })),
    'GET /api/reports/districts': op('rac_analyst', () => ({ url: '/api/reports/districts' })),
    'GET /api/training-records': op('supervisor', () => ({ url: '/api/training-records' })),
    'GET /api/training-records/refreshers': op('supervisor', () => ({ url: '/api/training-records/refreshers' })),
    'POST /api/training-records': op('supervisor', () => ({ url: '/api/training-records', body: { personName: 'Probe Person', personRole: 'telecommunicator', course: 'telecommunicator_8_hour', completedOn: '2025-09-15', hours: 8 } })),
    'GET /api/incidents/{id}/consents': op('mcrt_clinician', async () => ({ url: `/api/incidents/${await part2()}/consents` })),
    'POST /api/incidents/{id}/consents': op('mcrt_clinician', async () => ({ url: `/api/incidents/${await part2()}/consents`, body: consentBody() })),
    'POST /api/incidents/{id}/consents/{consentId}/revoke': op('mcrt_clinician', async () => {
      const id = await part2();
      const consent = await json<{ id: string }>(post('mcrt_clinician', `/api/incidents/${id}/consents`, consentBody()), 'a consent');
      return { url: `/api/incidents/${id}/consents/${consent.id}/revoke`, body: { reason: 'probe' } };
    }),
    'GET /api/privacy/alerts': op('privacy_officer', () => ({ url: '/api/privacy/alerts' })),
    'GET /api/audit': op('auditor', () => ({ url: '/api/audit?limit=5' })),
    'GET /api/audit/export': op('auditor', () => ({ url: '/api/audit/export?format=ndjson&action=incident.break_glass' })),
    'GET /api/geo/region': op('telecommunicator', () => ({ url: '/api/geo/region' })),
    'GET /api/units': op('crisis_dispatcher', () => ({ url: '/api/units' })),
    'GET /api/units/{id}': op('crisis_dispatcher', () => ({ url: '/api/units/champaign-mcrt-2' })),
    // Back in service from out of service: the co-response unit stays on duty for the fixes below.
    'POST /api/units/{id}/status': op('crisis_dispatcher', async () => {
      await c.send('crisis_dispatcher', 'POST', '/api/units/champaign-co-response-1/status', { status: 'out_of_service', reason: 'probe' });
      return { url: '/api/units/champaign-co-response-1/status', body: { status: 'available' } };
    }),
    'POST /api/units/{id}/positions': op('crisis_dispatcher', () => ({ url: '/api/units/champaign-co-response-1/positions', body: { lat: 40.11, lon: -88.21, at: new Date().toISOString() } })),
    'POST /api/positions': op('crisis_dispatcher', () => ({ url: '/api/positions', body: [{ unitId: 'champaign-co-response-1', lat: 40.11, lon: -88.21, at: new Date().toISOString() }] })),
    'POST /api/units/{id}/panic': op('mcrt_clinician', () => ({ url: '/api/units/champaign-co-response-1/panic', body: {} })),
    'POST /api/units/{id}/panic/resolve': op('crisis_dispatcher', async () => {
      await c.send('mcrt_clinician', 'POST', '/api/units/champaign-co-response-1/panic', {});
      return { url: '/api/units/champaign-co-response-1/panic/resolve', body: { reason: 'probe: the crew is safe' } };
    }),
    'GET /api/incidents/{id}/destinations': op('crisis_dispatcher', async () => ({ url: `/api/incidents/${await incident()}/destinations` })),
    'GET /api/dispatch/queue': op('crisis_dispatcher', () => ({ url: '/api/dispatch/queue' })),
    'GET /api/incidents/{id}/recommendation': op('crisis_dispatcher', async () => ({ url: `/api/incidents/${await queued()}/recommendation` })),
    'GET /api/incidents/{id}/response': op('crisis_dispatcher', async () => ({ url: `/api/incidents/${await incident()}/response` })),
    'POST /api/incidents/{id}/messages': op('telecommunicator', async () => ({ url: `/api/incidents/${await textContact()}/messages`, body: { direction: 'inbound', body: 'are you there?', externalId: crypto.randomUUID() } })),
    'GET /api/incidents/{id}/messages': op('crisis_counsellor', async () => ({ url: `/api/incidents/${await textContact()}/messages?limit=50` })),
    'GET /api/incidents/{id}/trail': op('crisis_dispatcher', async () => ({ url: `/api/incidents/${await incident()}/trail` })),
    'POST /api/incidents/{id}/assignments': op('crisis_dispatcher', async () => ({ url: `/api/incidents/${await queued()}/assignments`, body: { units: ['champaign-mcrt-1'] } })),
    'POST /api/incidents/{id}/assignments/{unitId}': op('crisis_dispatcher', async () => {
      const { id, unit } = await onCall();
      return { url: `/api/incidents/${id}/assignments/${unit}`, body: { action: 'acknowledge' } };
    }),
    'POST /api/incidents/{id}/notes': op('crisis_dispatcher', async () => ({ url: `/api/incidents/${await queued()}/notes`, body: { kind: 'hazard', text: 'probe' } })),
    'GET /api/field/assignment': op('mcrt_clinician', () => ({ url: '/api/field/assignment' })),
    'PUT /api/units/{id}/crew': op('supervisor', () => ({ url: '/api/units/champaign-mcrt-2/crew', body: { members: [{ name: 'Probe', role: 'mcrt_clinician' }] } })),
    'PUT /api/units/{id}/capabilities': op('supervisor', () => ({ url: '/api/units/champaign-mcrt-2/capabilities', body: { youth: true, languages: ['en', 'es'], naloxone: true, canTransport: false } })),
    'PUT /api/units/{id}/service-area': op('supervisor', () => ({ url: '/api/units/champaign-mcrt-2/service-area', body: { serviceArea: null } })),
    'POST /api/units/{id}/shifts': op('supervisor', () => ({ url: '/api/units/champaign-mcrt-2/shifts', body: nextShift() })),
    'DELETE /api/units/{id}/shifts/{shiftId}': op('supervisor', async () => {
      const shift = nextShift();
      const body = await json<{ shifts: { id: string; startsAt: string }[] }>(post('supervisor', '/api/units/champaign-mcrt-2/shifts', shift), 'a shift');
      return { url: `/api/units/champaign-mcrt-2/shifts/${body.shifts.find((s) => s.startsAt === shift.startsAt)!.id}` };
    }),
    'GET /api/facilities': op('crisis_dispatcher', () => ({ url: '/api/facilities' })),
    'GET /api/facilities/{id}': op('crisis_dispatcher', () => ({ url: '/api/facilities/rantoul-living-room' })),
    'GET /api/facilities/export.hsds': op('crisis_dispatcher', () => ({ url: '/api/facilities/export.hsds' })),
    'POST /api/facilities/import.hsds': op('administrator', () => ({ url: '/api/facilities/import.hsds?dryRun=true', body: { organizations: [], services: [], locations: [], service_at_locations: [] } })),
    'GET /api/onboarding/{kind}': op('administrator', () => ({ url: '/api/onboarding/users?format=csv' })),
    'POST /api/onboarding/{kind}': op('administrator', () => ({ url: '/api/onboarding/users?dryRun=true', body: [{ username: 'probe.onboarded', displayName: 'Probe Onboarded', memberships: ['champaign-911:telecommunicator'] }] })),
    'PUT /api/facilities/{id}/capacity': op('facility_intake', () => ({ url: '/api/facilities/rantoul-living-room/capacity', body: { available: 4 } })),
    'POST /api/facilities/{id}/arrivals': op('crisis_dispatcher', () => ({ url: '/api/facilities/champaign-stabilisation/arrivals', body: {} })),
    'POST /api/facilities/{id}/arrivals/{arrivalId}/confirm': op('facility_intake', async () => ({ url: `/api/facilities/rantoul-living-room/arrivals/${await arrival()}/confirm`, body: {} })),
    'POST /api/facilities/{id}/arrivals/{arrivalId}/cancel': op('facility_intake', async () => ({ url: `/api/facilities/rantoul-living-room/arrivals/${await arrival()}/cancel`, body: {} })),
    'POST /api/people': op('mcrt_clinician', () => ({ url: '/api/people', body: { name: { given: 'Probe', family: 'Person' } } })),
    'GET /api/people': op('mcrt_clinician', () => ({ url: '/api/people?q=Whitfield' })),
    'GET /api/people/{id}': op('mcrt_clinician', async () => ({ url: `/api/people/${await person()}` })),
    'PUT /api/people/{id}/safety-plan': op('mcrt_clinician', async () => ({ url: `/api/people/${await person()}/safety-plan`, body: { warningSigns: ['probe'] } })),
    'POST /api/people/{id}/consents': op('mcrt_clinician', async () => ({ url: `/api/people/${await person()}/consents`, body: consentBody() })),
    'POST /api/people/{id}/consents/{consentId}/revoke': op('mcrt_clinician', async () => {
      const id = await person();
      const consent = await json<{ id: string }>(post('mcrt_clinician', `/api/people/${id}/consents`, consentBody()), 'a person consent');
      return { url: `/api/people/${id}/consents/${consent.id}/revoke`, body: { reason: 'probe' } };
    }),
    'GET /api/incidents/{id}/person-candidates': op('telecommunicator', async () => ({ url: `/api/incidents/${await incident()}/person-candidates` })),
    'POST /api/incidents/{id}/person-link': op('telecommunicator', async () => ({ url: `/api/incidents/${await incident()}/person-link`, body: { personId: await person() } })),
    'POST /api/incidents/{id}/person-link/undo': op('telecommunicator', async () => {
      const id = await incident();
      await json(post('telecommunicator', `/api/incidents/${id}/person-link`, { personId: await person() }), 'a person link');
      return { url: `/api/incidents/${id}/person-link/undo`, body: { reason: 'probe' } };
    }),
    'GET /api/incidents/{id}/eido': op('telecommunicator', async () => ({ url: `/api/incidents/${await incident()}/eido` })),
    'POST /api/eido': op('telecommunicator', async () => ({ url: '/api/eido', body: cadEido(), headers: await cadAuth() })),
    'POST /api/eido/subscriptions': op('telecommunicator', async () => ({ url: '/api/eido/subscriptions', body: { url: 'http://127.0.0.1:9/eido' }, headers: await cadAuth() })),
    'GET /api/eido/subscriptions': op('telecommunicator', async () => ({ url: '/api/eido/subscriptions', headers: await cadAuth() })),
    'DELETE /api/eido/subscriptions/{id}': op('telecommunicator', async () => ({ url: `/api/eido/subscriptions/${await subscription()}`, headers: await cadAuth() })),
    'GET /api/geo/geocode': op('telecommunicator', () => ({ url: '/api/geo/geocode?q=204%20S%20Race%20St' })),
    'GET /api/admin/cad-links': op('administrator', () => ({ url: '/api/admin/cad-links' })),
    'GET /api/followup/caseload': op('case_manager', () => ({ url: '/api/followup/caseload' })),
    'POST /api/followup/episodes': op('case_manager', async () => ({ url: '/api/followup/episodes', body: { incidentId: await closed(), programme: 'program_590_mcrt' } })),
    'GET /api/followup/episodes/{id}': op('case_manager', async () => ({ url: `/api/followup/episodes/${await episode()}` })),
    'POST /api/followup/episodes/{id}/attempts': op('case_manager', async () => ({ url: `/api/followup/episodes/${await episode()}/attempts`, body: { outcome: 'no_answer' } })),
    'POST /api/followup/episodes/{id}/tasks': op('case_manager', async () => ({ url: `/api/followup/episodes/${await episode()}/tasks`, body: { title: 'probe', dueAt: future(1) } })),
    'POST /api/followup/episodes/{id}/tasks/{taskId}/complete': op('case_manager', async () => {
      const e = await episodeWith('tasks');
      return { url: `/api/followup/episodes/${e.id}/tasks/${e.childId}/complete`, body: {} };
    }),
    'POST /api/followup/episodes/{id}/referrals': op('case_manager', async () => ({ url: `/api/followup/episodes/${await episode()}/referrals`, body: { providerName: 'probe', service: 'probe' } })),
    'POST /api/followup/episodes/{id}/referrals/{referralId}/status': op('case_manager', async () => {
      const e = await episodeWith('referrals');
      return { url: `/api/followup/episodes/${e.id}/referrals/${e.childId}/status`, body: { status: 'accepted' } };
    }),
    'POST /api/followup/episodes/{id}/assign': op('case_manager', async () => ({ url: `/api/followup/episodes/${await episode()}/assign`, body: { take: false } })),
    'POST /api/followup/episodes/{id}/close': op('case_manager', async () => ({ url: `/api/followup/episodes/${await episode()}/close`, body: { reason: 'declined' } })),
    'GET /api/followup/episodes/{id}/referrals/{referralId}/fhir': op('case_manager', async () => {
      const e = await episodeWith('referrals');
      return { url: `/api/followup/episodes/${e.id}/referrals/${e.childId}/fhir` };
    }),
    'POST /api/handoffs': op('telecommunicator', async () => ({ url: '/api/handoffs', body: { incidentId: await incident(), toAgencyId: 'champaign-mcrt', kind: 'warm_transfer' } })),
    'GET /api/handoffs': op('crisis_dispatcher', () => ({ url: '/api/handoffs?box=inbox' })),
    'GET /api/handoffs/destinations': op('telecommunicator', () => ({ url: '/api/handoffs/destinations' })),
    'GET /api/handoffs/{id}': op('crisis_dispatcher', async () => ({ url: `/api/handoffs/${await handoff()}` })),
    'POST /api/handoffs/{id}/accept': op('crisis_dispatcher', async () => ({ url: `/api/handoffs/${await handoff()}/accept`, body: {} })),
    'POST /api/handoffs/{id}/decline': op('crisis_dispatcher', async () => ({ url: `/api/handoffs/${await handoff()}/decline`, body: { reason: 'no team free' } })),
  };
}

/** The operations of the served OpenAPI document, as `METHOD /path`. */
export async function documentedOperations(url: string): Promise<{ key: string; method: string; path: string; operation: OpenApiOperation }[]> {
  const doc = (await (await fetch(`${url}/api/docs/json`)).json()) as { paths: Record<string, Record<string, OpenApiOperation>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation })),
  );
}

export interface OpenApiOperation {
  parameters?: { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  maxLength?: number;
  enum?: unknown[];
}
