import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  can,
  CONTACT_MESSAGE_CLASS,
  EVENT_ENVELOPE_CLASSES,
  INCIDENT_EVENT_CLASSES,
  PART2_EVENT_CLASSES,
  PERSON_FIELD_CLASS,
  READABLE_CLASSES,
  ROLES,
  withPart2,
  type FieldClass,
  type Permission,
  type Role,
} from '@continuum/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFeed, type FeedProbe } from './feed-client.ts';
import { buildIncidentInput, signIn, startTestServer, type Session, type TestServer } from './harness.ts';
import { pdfText } from './pdf-text.ts';

/**
 * The leak suite (issue 10 §5). Unique markers are planted in every field class of every record
 * kind through the API, then every demo role reads every GET route of the OpenAPI document and
 * listens on the live feed; no marker of a class the role may not read may come back. Who may
 * read what is asked of the domain's own rules (READABLE_CLASSES, can(), withPart2), and the
 * class of each planted field is read from the domain's class tables, so neither can drift from
 * a table written here. A read that returns identifying, clinical or location data must also
 * leave an audit row.
 */
let t: TestServer;
const sessions = new Map<Role, Session & { agencyId: string }>();
const feeds = new Map<Role, FeedProbe>();

const USERNAME: Record<Role, string> = {
  telecommunicator: 'telecom', crisis_counsellor: 'counsellor', crisis_dispatcher: 'dispatcher', mcrt_clinician: 'clinician',
  engagement_specialist: 'peer', police_officer: 'officer', ems_crew: 'ems', case_manager: 'casemanager', facility_intake: 'intake',
  supervisor: 'supervisor', rac_analyst: 'analyst', auditor: 'auditor', privacy_officer: 'privacy', administrator: 'admin',
};

/**
 * The record kinds and who may see a record of each at all: the permission that reads it. The
 * directory of facilities is open to every signed-in reader; the audit trail to its readers.
 */
type Kind = 'incident' | 'person' | 'episode' | 'directory' | 'audit';
const KIND_PERMISSION: Record<Kind, Permission | null> = {
  incident: 'incident.read',
  person: 'person.read',
  episode: 'followup.read',
  directory: null,
  audit: 'audit.read',
};

interface Marker { value: string; kind: Kind; cls: FieldClass | 'public'; where: string }
const markers: Marker[] = [];
const mark = (kind: Kind, cls: FieldClass | 'public', where: string): string => {
  const value = `Lk${markers.length}${randomBytes(5).toString('hex')}`;
  markers.push({ value, kind, cls, where });
  return value;
};

// The class of each planted field, read from the domain's tables.
const E = INCIDENT_EVENT_CLASSES;
const received = E['incident.received'].data;
const C = {
  summary: received.summary,
  address: received.location,
  callerName: received.caller.name,
  personName: received.person.name,
  safetyFlag: received.safetyFlags,
  part2: PART2_EVENT_CLASSES['part2.substance_use_recorded'].data.note,
  hazard: E['incident.hazard_noted'].data.text,
  note: E['incident.note_added'].data.text,
  releaseReason: E['incident.unit_released'].data.reason,
  destination: E['incident.unit_progressed'].data.destination,
  justificationNote: E['incident.unit_assigned'].data.justification.note,
  overrideNote: E['incident.response_overridden'].data.note,
  groundOverrideReason: E['incident.response_overridden'].data.groundOverride.reason,
  reason: EVENT_ENVELOPE_CLASSES.reason,
  closeNote: E['incident.closed'].data.detail.note,
  dispatchedUnits: E['incident.dispatched'].data.units,
  transportDestination: E['incident.transport_started'].data.destination,
  correctedAddress: E['incident.location_corrected'].data.location,
};

/** The Part 2 programme of the planted incident: the agency of the clinician who records it. */
let part2Programme = '';
let incidentA = '';
let incidentB = '';
let incidentC = '';
const ids: Record<string, string> = {};

/** Whether a role may read a marker, by the domain's rules. */
function mayRead(role: Role, m: Marker): boolean {
  const permission = KIND_PERMISSION[m.kind];
  if (permission && !can({ role, scopes: null }, permission)) return false;
  if (m.cls === 'public') return true;
  if (m.cls === 'substance_use_part2') {
    const s = sessions.get(role)!;
    const reach = withPart2({ classes: [...READABLE_CLASSES[role]], via: 'own_agency', purpose: 'crisis_response', agreementIds: [] }, { role, agencyId: s.agencyId }, { id: incidentA, part2ProgrammeAgencyId: part2Programme }, [], new Date());
    return reach.classes.includes('substance_use_part2');
  }
  return READABLE_CLASSES[role].includes(m.cls);
}

/** Classes whose read must be audited: anything that identifies a person or is about their care. */
const AUDITED: readonly (FieldClass | 'public')[] = ['identity', 'demographics', 'clinical', 'substance_use_part2', 'location_safety'];

async function ok(res: Promise<Response>, what: string, status = 200): Promise<Record<string, unknown>> {
  const r = await res;
  const text = await r.text();
  expect(r.status, `${what}: ${text}`).toBe(status);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}
const as = (role: Role) => sessions.get(role)!;

async function plant(): Promise<void> {
  // Incident A: the whole life of a call, with free text at every step.
  const a = await ok(as('telecommunicator').post('/api/incidents', buildIncidentInput({
    summary: mark('incident', C.summary, 'incident summary'),
    location: { address: mark('incident', C.address, 'incident address'), lat: 40.1098, lon: -88.2084 },
    caller: { name: mark('incident', C.callerName, 'caller name'), callbackNumber: '+1 217 555 0142' },
    person: { name: mark('incident', C.personName, 'person name'), age: 29 },
    safetyFlags: [mark('incident', C.safetyFlag, 'safety flag')],
  })), 'create A', 201);
  incidentA = a.id as string;
  ids.incidentNumber = a.number as string;
  ids.incidentPerson = (a as { personName: string }).personName;
  ids.incidentAddress = (a as { location: { address: string } }).location.address;
  const move = (id: string, who: Role, body: Record<string, unknown>) => ok(as(who).post(`/api/incidents/${id}/transitions`, body), JSON.stringify(body));
  // An answer taken back before the determination, with why (issue 12 §7): the reason is the event's, clinical.
  await ok(as('telecommunicator').post(`/api/incidents/${incidentA}/triage/answers`, { questionId: 'immediate_danger', answerKey: 'none' }), 'answer A');
  await ok(as('telecommunicator').post(`/api/incidents/${incidentA}/triage/answers/undo`, { questionId: 'immediate_danger', reason: mark('incident', C.reason, 'undo reason') }), 'undo A');
  await move(incidentA, 'telecommunicator', { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1', reason: mark('incident', C.reason, 'triage reason') });
  await move(incidentA, 'mcrt_clinician', { action: 'record_substance_use', note: mark('incident', C.part2, 'Part 2 note') });
  part2Programme = as('mcrt_clinician').agencyId;
  await move(incidentA, 'telecommunicator', { action: 'queue_for_dispatch' });
  const dispatcher = as('crisis_dispatcher');
  await ok(dispatcher.post(`/api/incidents/${incidentA}/transitions`, { action: 'report_crisis_team_unavailable', reportedBy: '988 shift lead' }), 'report A');
  await ok(dispatcher.post(`/api/incidents/${incidentA}/assignments`, {
    units: ['champaign-mcrt-1', 'champaign-co-response-1'], mode: 'meet_on_site',
    justification: { code: 'other', cessa30: 'crisis_team_unavailable_within_regional_maximum', note: mark('incident', C.justificationNote, 'justification note') },
  }), 'assign A');
  const step = (unit: string, body: Record<string, unknown>) => ok(dispatcher.post(`/api/incidents/${incidentA}/assignments/${unit}`, body), `${unit} ${JSON.stringify(body)}`);
  await step('champaign-co-response-1', { action: 'release', kind: 'reassigned', reason: mark('incident', C.releaseReason, 'release reason') });
  for (const action of ['acknowledge', 'en_route', 'on_scene']) await step('champaign-mcrt-1', { action });
  await ok(dispatcher.post(`/api/incidents/${incidentA}/notes`, { kind: 'hazard', text: mark('incident', C.hazard, 'hazard') }), 'hazard');
  await ok(as('mcrt_clinician').post(`/api/incidents/${incidentA}/notes`, { kind: 'note', text: mark('incident', C.note, 'field note'), unitId: 'champaign-mcrt-1' }), 'note');
  await step('champaign-mcrt-1', { action: 'transporting', destination: mark('incident', C.destination, 'crew destination') });

  // Incident B: the older transitions that carry text of their own (units named, a destination).
  const b = await ok(as('telecommunicator').post('/api/incidents', buildIncidentInput()), 'create B', 201);
  incidentB = b.id as string;
  await move(incidentB, 'telecommunicator', { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' });
  // A supervisor lets a §30 ground stand without its fact, in writing (issue 12 §4); the call-taker then overrides again.
  await move(incidentB, 'supervisor', {
    action: 'override_response', to: 'co_response', reasonCode: 'supervisor_direction', justification: 'suspected_crime',
    groundOverride: mark('incident', C.groundOverrideReason, 'ground override reason'),
  });
  await move(incidentB, 'telecommunicator', { action: 'override_response', to: 'ems_co_response', reasonCode: 'other', note: mark('incident', C.overrideNote, 'override note') });
  await move(incidentB, 'telecommunicator', { action: 'queue_for_dispatch' });
  // The place learned after intake (issue 11 §4): the corrected address is location, like the first.
  await move(incidentB, 'telecommunicator', { action: 'correct_location', location: { address: mark('incident', C.correctedAddress, 'corrected address'), lat: 40.1131, lon: -88.2411 } });
  await move(incidentB, 'crisis_dispatcher', { action: 'dispatch', units: [mark('incident', C.dispatchedUnits, 'units named on dispatch')] });
  await move(incidentB, 'crisis_dispatcher', { action: 'mark_en_route' });
  await move(incidentB, 'crisis_dispatcher', { action: 'mark_on_scene' });
  await move(incidentB, 'crisis_dispatcher', { action: 'start_transport', destination: mark('incident', C.transportDestination, 'transport destination') });
  // A hand-off of incident B to the crisis hub: its note is free text a call-taker typed (clinical).
  const handoff = await ok(as('telecommunicator').post('/api/handoffs', { incidentId: incidentB, toAgencyId: 'champaign-mcrt', kind: 'warm_transfer', note: mark('incident', 'clinical', 'hand-off note') }), 'hand-off', 201);
  ids.handoff = handoff.id as string;

  // Incident C: a text to 911 with its transcript, one message each way (issue 11 §2).
  const c = await ok(as('telecommunicator').post('/api/incidents', buildIncidentInput({ channel: 'text' })), 'create C', 201);
  incidentC = c.id as string;
  for (const direction of ['inbound', 'outbound']) {
    await ok(as('telecommunicator').post(`/api/incidents/${incidentC}/messages`, { direction, body: mark('incident', CONTACT_MESSAGE_CLASS, `${direction} text message`) }), `${direction} message`, 201);
  }

  // A person record with its safety plan, linked to incident A.
  const clinician = as('mcrt_clinician');
  const family = mark('person', PERSON_FIELD_CLASS.name, 'person family name');
  const person = await ok(clinician.post('/api/people', {
    name: { given: mark('person', PERSON_FIELD_CLASS.name, 'person given name'), family },
    demographics: { gender: mark('person', PERSON_FIELD_CLASS.demographics, 'person gender'), race: null, ethnicity: null },
  }), 'person', 201);
  ids.person = person.id as string;
  ids.personFamily = family;
  const plan = { warningSigns: [mark('person', PERSON_FIELD_CLASS.safetyPlan, 'safety plan')] };
  await ok(fetch(`${t.url}/api/people/${ids.person}/safety-plan`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: clinician.cookie, 'x-csrf-token': clinician.csrf, 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(plan) }), 'safety plan');
  await ok(clinician.post(`/api/incidents/${incidentA}/person-link`, { personId: ids.person }), 'person link');

  // Incident A closed with a reason and a note; its follow-up episode opened by the case manager.
  for (const action of ['at_destination', 'clear']) await step('champaign-mcrt-1', { action });
  await move(incidentA, 'crisis_dispatcher', {
    action: 'close', disposition: 'transported', followUp: false, reason: mark('incident', C.reason, 'close reason'),
    details: { transport: { by: 'crisis_team', destination: 'home' }, note: mark('incident', C.closeNote, 'close note') },
  });
  const cm = as('case_manager');
  const episode = await ok(cm.post('/api/followup/episodes', { incidentId: incidentA, programme: 'program_590_mcrt' }), 'episode', 201);
  ids.episode = episode.id as string;
  const episodes = (path: string, body: unknown) => ok(cm.post(`/api/followup/episodes/${ids.episode}/${path}`, body), path);
  await episodes('attempts', { outcome: 'no_answer', note: mark('episode', 'clinical', 'attempt note') });
  await episodes('tasks', { title: mark('episode', 'clinical', 'task title'), dueAt: new Date(Date.now() + 3_600_000).toISOString() });
  const withReferral = (await episodes('referrals', { providerName: mark('episode', 'clinical', 'referral provider'), service: mark('episode', 'clinical', 'referral service') })) as { referrals: { id: string }[] };
  ids.referral = withReferral.referrals[0]!.id;

  // The directory: a facility renamed through the HSDS import (public to every signed-in reader).
  const admin = as('administrator');
  const doc = (await ok(admin.get('/api/facilities/export.hsds'), 'hsds export')) as { services: { name: string }[] };
  doc.services.find((s) => s.name === 'Rantoul Living Room')!.name = `Rantoul Living Room ${mark('directory', 'public', 'facility name')}`;
  await ok(admin.post('/api/facilities/import.hsds', doc), 'hsds import');

  // The audit trail: a unit's status reason is kept on its audit row.
  await ok(as('mcrt_clinician').post('/api/units/champaign-mcrt-3/status', { status: 'out_of_service', reason: mark('audit', 'public', 'unit status reason') }), 'unit status');
}

/** Concrete values for the parameters of a documented path, by the segment before each. */
const PATH_PARAMS: Record<string, () => string[]> = {
  'incidents/{id}': () => [incidentA, incidentB, incidentC],
  'people/{id}': () => [ids.person!],
  'episodes/{id}': () => [ids.episode!],
  'referrals/{referralId}': () => [ids.referral!],
  'units/{id}': () => ['champaign-mcrt-1'],
  'facilities/{id}': () => ['rantoul-living-room'],
  'users/{id}': () => [as('administrator').userId],
  'regions/{regionId}': () => ['il-ems-6'],
  'onboarding/{kind}': () => ['agencies', 'units', 'crews', 'shifts', 'facilities', 'users'],
  'handoffs/{id}': () => [ids.handoff!],
};
/** Values for required query parameters, by name. */
const QUERY_PARAMS: Record<string, () => string> = {
  from: () => '2026-01-01T00:00:00Z',
  to: () => new Date(Date.now() + 86_400_000).toISOString(),
  q: () => ids.personFamily!,
  format: () => 'ndjson',
  // The override report takes whole months that have ended (ADR 0020): forty days back is one.
  month: () => new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 7),
  box: () => 'all',
  region: () => 'il-ems-6',
  incidentId: () => incidentB,
  // The calls behind a cell of the RAC report (supervisors): the month's totals cell.
  table: () => 'volume',
  keys: () => 'all|all',
  measure: () => 'calls',
};

interface Operation { parameters?: { in: string; name: string; required?: boolean }[] }
interface Probe { route: string; url: string }

/** Every GET route of the OpenAPI document as concrete URLs; a route that cannot be probed is named. */
async function probes(): Promise<{ list: Probe[]; unresolved: string[] }> {
  const doc = (await (await fetch(`${t.url}/api/docs/json`)).json()) as { paths: Record<string, Record<string, Operation>> };
  const list: Probe[] = [];
  const unresolved: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    const get = ops.get;
    if (!get) continue;
    const segments = path.split('/');
    let urls = [''];
    let missing = false;
    segments.forEach((seg, i) => {
      if (i === 0) return;
      if (!seg.startsWith('{')) {
        urls = urls.map((u) => `${u}/${seg}`);
        return;
      }
      const values = PATH_PARAMS[`${segments[i - 1]}/${seg}`];
      if (!values) missing = true;
      else urls = urls.flatMap((u) => values().map((v) => `${u}/${encodeURIComponent(v)}`));
    });
    const query = (get.parameters ?? []).filter((p) => p.in === 'query' && p.required);
    for (const q of query) if (!QUERY_PARAMS[q.name]) missing = true;
    if (missing) {
      unresolved.push(path);
      continue;
    }
    const qs = query.map((q) => `${q.name}=${encodeURIComponent(QUERY_PARAMS[q.name]!())}`).join('&');
    for (const u of urls) list.push({ route: path, url: qs ? `${u}?${qs}` : u });
  }
  // Searches (issue 15 §2): incident A by its number, its person's name, its address and its
  // caller's phone. A role that may not read the field searched finds nothing through it.
  for (const q of [ids.incidentNumber!, ids.incidentPerson!, ids.incidentAddress!, '217-555-0142']) {
    list.push({ route: '/api/incidents?q', url: `/api/incidents?q=${encodeURIComponent(q)}&from=2026-01-01T00:00:00Z&status=${encodeURIComponent('on_scene,transporting,closed')}` });
  }
  // The RAC report's printable PDF (issue 14 §3): its text is read out of the page streams below.
  list.push({ route: '/api/reports/rac?format=pdf', url: `/api/reports/rac?region=il-ems-6&month=${QUERY_PARAMS.month!()}&format=pdf` });
  return { list, unresolved };
}

beforeAll(async () => {
  t = await startTestServer();
  for (const role of ROLES) {
    const s = await signIn(t.url, USERNAME[role]);
    const me = (await (await s.get('/api/session')).json()) as { agency: { id: string } };
    sessions.set(role, { ...s, agencyId: me.agency.id });
    if (can({ role, scopes: null }, 'feed.subscribe')) feeds.set(role, await openFeed(t.url, { cookie: s.cookie }));
  }
  await plant();
}, 120_000);
afterAll(async () => {
  for (const f of feeds.values()) f.close();
  await t.close();
});

describe('the leak suite', () => {
  it('has a class entry for every incident event type the domain declares, and none for a type it does not', () => {
    // Read from the union's source, so that a type added there without a class fails this test
    // as well as the typecheck (an event type with no entry is withheld from every reader).
    const source = readFileSync(new URL('../../domain/src/incident/events.ts', import.meta.url), 'utf8');
    const declared = [...source.matchAll(/type: '(incident\.[a-z0-9_]+)'/g)].map((m) => m[1]!);
    expect(declared.length).toBeGreaterThan(20);
    expect(Object.keys(INCIDENT_EVENT_CLASSES).sort()).toEqual([...new Set(declared)].sort());
  });

  it('plants a marker in every class a record kind holds as text', () => {
    const kinds = new Set(markers.map((m) => `${m.kind}:${m.cls}`));
    for (const k of [
      'incident:operational', 'incident:location_safety', 'incident:identity', 'incident:clinical', 'incident:substance_use_part2',
      'person:identity', 'person:demographics', 'person:clinical', 'episode:clinical', 'directory:public', 'audit:public',
    ]) expect(kinds, k).toContain(k);
    // Every event the planting wrote has a class entry: an event type without one would be withheld, untested.
    return t.server.services.store.read.incidents.events(incidentA).then((events) => {
      expect(events.length).toBeGreaterThan(10);
      for (const e of events) expect(Object.keys(INCIDENT_EVENT_CLASSES), e.type).toContain(e.type);
    });
  });

  it('no role reads a marker of a class it may not read, over every GET route and the live feed; sensitive reads are audited', async () => {
    const { list, unresolved } = await probes();
    expect(unresolved, 'GET routes with no way to probe them: add their parameters to PATH_PARAMS / QUERY_PARAMS').toEqual([]);
    expect(list.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    const unaudited: string[] = [];
    const seen = new Map<string, Set<Role>>();
    const look = (role: Role, where: string, text: string) => {
      const found = markers.filter((m) => text.includes(m.value));
      for (const m of found) {
        if (!seen.has(m.value)) seen.set(m.value, new Set());
        seen.get(m.value)!.add(role);
        if (!mayRead(role, m)) leaks.push(`${role} ${where}: ${m.where} (${m.kind}, ${m.cls})`);
      }
      return found;
    };
    const audit = t.server.services.store.read.audit;
    for (const role of ROLES) {
      const s = as(role);
      for (const probe of list) {
        const [last] = await audit.search({ actorId: s.userId, limit: 1 });
        const res = await fetch(`${t.url}${probe.url}`, { headers: { cookie: s.cookie }, redirect: 'manual' });
        // A PDF's text is compressed in its page streams: read it out, or no marker could be seen.
        const text = res.headers.get('content-type') === 'application/pdf' ? pdfText(new Uint8Array(await res.arrayBuffer())).join(' ') : await res.text();
        expect(res.status, `${role} GET ${probe.url}: ${text.slice(0, 200)}`).toBeLessThan(500);
        const found = look(role, `GET ${probe.url} → ${res.status}`, text);
        if (res.status === 200 && found.some((m) => AUDITED.includes(m.cls))) {
          const [after] = await audit.search({ actorId: s.userId, limit: 1 });
          if (!after || after.id === last?.id || after.outcome !== 'allowed') unaudited.push(`${role} GET ${probe.route}`);
        }
      }
      const feed = feeds.get(role);
      if (feed) look(role, 'the live feed', JSON.stringify(feed.messages));
    }
    expect(leaks).toEqual([]);
    expect(unaudited).toEqual([]);
    // The suite can see a leak: every marker came back to some role allowed to read it.
    const unseen = markers.filter((m) => !seen.has(m.value)).map((m) => `${m.where} (${m.kind}, ${m.cls})`);
    expect(unseen).toEqual([]);
    // And the feed was heard: each listening role got invalidations while the markers were planted.
    expect(feeds.size).toBeGreaterThan(5);
    for (const [role, feed] of feeds) if (can({ role, scopes: null }, 'incident.read')) expect(feed.messages.length, role).toBeGreaterThan(0);
  }, 180_000);

  it('tells a reader without Part 2 reach nothing of a Part 2 recording: the same incident, version, time, events and feed', async () => {
    const telecom = as('telecommunicator');
    const c = await ok(telecom.post('/api/incidents', buildIncidentInput()), 'create C', 201);
    const id = c.id as string;
    await ok(telecom.post(`/api/incidents/${id}/transitions`, { action: 'triage_by_vendor_code', vendor: 'mpds', code: '25-A-1' }), 'triage C');
    // Who may read Part 2 recorded by the clinician's programme, by the domain's rule.
    const part2: Marker = { value: '', kind: 'incident', cls: 'substance_use_part2', where: 'Part 2 of C' };
    const readers = ROLES.filter((role) => can({ role, scopes: null }, 'incident.read'));
    const without = readers.filter((role) => !mayRead(role, part2));
    const withPart2 = readers.filter((role) => mayRead(role, part2));
    expect(without.length).toBeGreaterThan(3);
    expect(withPart2).toContain('mcrt_clinician');
    const seen = async (role: Role) => {
      const [incident, history] = await Promise.all([as(role).get(`/api/incidents/${id}`), as(role).get(`/api/incidents/${id}/events`)]);
      return { incident: [incident.status, await incident.text()], history: [history.status, await history.text()] };
    };
    const before = new Map(await Promise.all(without.map(async (role) => [role, await seen(role)] as const)));
    // Some of them read C itself, not only a refusal: the comparison covers its version and time.
    expect(without.filter((role) => before.get(role)!.incident[0] === 200).length).toBeGreaterThan(2);
    const heard = new Map([...feeds].map(([role, f]) => [role, f.messages.length]));
    const about = (role: Role) => feeds.get(role)!.messages.slice(heard.get(role)).filter((m) => m.id === id);

    const clinician = as('mcrt_clinician');
    for (const note of ['recorded', 'changed']) await ok(clinician.post(`/api/incidents/${id}/transitions`, { action: 'record_substance_use', note: `Part 2 ${note}` }), note);
    // A later change every incident reader hears: each socket is ordered, so anything about C came before it.
    const d = await ok(telecom.post('/api/incidents', buildIncidentInput()), 'create D', 201);
    await feeds.get('mcrt_clinician')!.waitFor((m) => m.id === d.id);
    await feeds.get('telecommunicator')!.waitFor((m) => m.id === d.id);
    await new Promise((r) => setTimeout(r, 300));

    const listening = without.filter((role) => feeds.has(role));
    expect(listening.length).toBeGreaterThan(2);
    for (const role of listening) expect(about(role), role).toEqual([]);
    for (const role of without) expect(await seen(role), role).toEqual(before.get(role));
    // The programme hears of it on the Part 2 record type alone, and reads it beside the same incident version.
    const programme = withPart2.filter((role) => feeds.has(role));
    expect(programme.length).toBeGreaterThan(0);
    for (const role of programme) {
      expect(about(role).map((m) => m.entity), role).toEqual(['incident_part2', 'incident_part2']);
      const view = JSON.parse((await seen(role)).incident[1] as string) as { version: number; substanceUse?: string };
      expect(view, role).toMatchObject({ version: 2, substanceUse: 'Part 2 changed' });
    }
  }, 60_000);
});
