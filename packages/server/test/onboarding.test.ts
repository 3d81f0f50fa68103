import { sql } from 'kysely';
import type { OnboardingPlan } from '@continuum/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRegionalAdmin } from '../src/index.ts';
import { signIn, startTestServer, type Session, type TestServer } from './harness.ts';

// Onboarding on the demo region: refused rows name line, field and rule and write nothing but the
// audit row; re-imports change instead of duplicating; each caller reaches exactly its scope.
let t: TestServer;
let admin: Session;
let telecom: Session;

const TABLES = ['agencies', 'users', 'memberships', 'units', 'unit_crew', 'unit_shifts', 'facilities'] as const;
const counts = async () => {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db.database.db)).rows[0]!.n);
  return out;
};
const auditRows = async (action: string, outcome: string) =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND outcome = ${outcome}`.execute(t.db.database.db)).rows[0]!.n);

const csv = (s: Session, kind: string, body: string, dryRun = false) => s.post(`/api/onboarding/${kind}?dryRun=${dryRun}`, body, { 'content-type': 'text/csv' });
type Issue = { line: number; field: string; rule: string; message: string };
const issuesOf = async (res: Response) => ((await res.json()) as { error: { issues: Issue[] } }).error.issues;

beforeAll(async () => {
  t = await startTestServer();
  [admin, telecom] = await Promise.all([signIn(t.url, 'admin'), signIn(t.url, 'telecom')]);
});
afterAll(async () => t?.close());

describe('POST /api/onboarding/{kind}: refused rows', () => {
  it('names every bad row by line, field and rule, and writes nothing but the audit row', async () => {
    const before = await counts();
    const failed = await auditRows('onboarding.import', 'failed');
    const res = await csv(admin, 'users', [
      'username,displayName,memberships,disabled',
      'ok.person,Ok Person,champaign-911:telecommunicator,false',
      'Bad Name,Someone,champaign-911:telecommunicator,false',
      'no.role,No Role,champaign-911:wizard,false',
      'not.bool,Not Bool,champaign-911:telecommunicator,perhaps',
      'ok.person,Twice,champaign-911:telecommunicator,false',
      'elsewhere,Elsewhere,nowhere-agency:telecommunicator,false',
    ].join('\n'));
    expect(res.status).toBe(400);
    const issues = await issuesOf(res);
    expect(issues.map(({ line, field, rule }) => ({ line, field, rule }))).toEqual([
      { line: 3, field: 'username', rule: 'format' },
      { line: 4, field: 'memberships', rule: 'format' },
      { line: 5, field: 'disabled', rule: 'type' },
    ]);
    expect(issues[0]!.message).toMatch(/^line 3: /);
    expect(await counts()).toEqual(before);
    expect(await auditRows('onboarding.import', 'failed')).toBe(failed + 1);
  });

  it('checks references and duplicates once every row reads well, all before any write', async () => {
    const before = await counts();
    const res = await csv(admin, 'users', [
      'username,displayName,memberships,disabled',
      'ok.person,Ok Person,champaign-911:telecommunicator,false',
      'ok.person,Twice,champaign-911:telecommunicator,false',
      'elsewhere,Elsewhere,nowhere-agency:telecommunicator,false',
    ].join('\n'));
    expect(res.status).toBe(400);
    expect((await issuesOf(res)).map(({ line, field, rule }) => ({ line, field, rule }))).toEqual([
      { line: 3, field: 'username', rule: 'duplicate' },
      { line: 4, field: 'memberships', rule: 'unknown_agency' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a CSV row with too many cells naming its line', async () => {
    const ragged = await csv(admin, 'agencies', 'id,name,kind\nx,y,psap,extra\n');
    expect(ragged.status).toBe(400);
    expect((await issuesOf(ragged))[0]).toMatchObject({ line: 2, rule: 'csv' });
  });
});

describe('POST /api/onboarding/{kind}: plan and apply', () => {
  it('creates, then leaves alone, then changes field by field: never a duplicate', async () => {
    const file = (name: string) => `username,displayName,memberships,disabled\nfirst.import,${name},champaign-911:telecommunicator;champaign-911:supervisor,false\n`;
    const created = (await (await csv(admin, 'users', file('First Import'))).json()) as OnboardingPlan;
    expect(created).toMatchObject({ dryRun: false, counts: { create: 1, change: 0, unchanged: 0 }, entries: [{ key: 'first.import', line: 2, action: 'create' }] });
    const before = await counts();
    const again = (await (await csv(admin, 'users', file('First Import'))).json()) as OnboardingPlan;
    expect(again.counts).toEqual({ create: 0, change: 0, unchanged: 1 });
    const renamed = (await (await csv(admin, 'users', file('First Renamed'), true)).json()) as OnboardingPlan;
    expect(renamed.entries[0]).toEqual({ key: 'first.import', line: 2, action: 'change', changes: [{ field: 'displayName', before: 'First Import', after: 'First Renamed' }] });
    await csv(admin, 'users', file('First Renamed'));
    expect(await counts()).toEqual(before);
    expect((await t.server.services.store.read.users.byUsername('first.import'))!.displayName).toBe('First Renamed');
    // Dropping a membership from the file ends it.
    const fewer = (await (await csv(admin, 'users', 'username,displayName,memberships\nfirst.import,First Renamed,champaign-911:telecommunicator\n')).json()) as OnboardingPlan;
    expect(fewer.entries[0]!.changes).toEqual([{ field: 'memberships', before: ['champaign-911:supervisor', 'champaign-911:telecommunicator'], after: ['champaign-911:telecommunicator'] }]);
    const user = (await t.server.services.store.read.users.byUsername('first.import'))!;
    expect((await t.server.services.store.read.users.memberships(user.id)).map((m) => m.role)).toEqual(['telecommunicator']);
  });

  it('reads JSON rows as it reads CSV: lines are item numbers from 1, fields their path in the body', async () => {
    const res = await admin.post('/api/onboarding/users?dryRun=true', [{ username: 'json.person', displayName: 'Json Person', memberships: ['champaign-911:auditor'] }, { username: 'x' }]);
    expect(res.status).toBe(400);
    const issues = await issuesOf(res);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.line === 2)).toBe(true);
    expect(issues.map((i) => i.field)).toEqual(expect.arrayContaining(['1.username', '1.displayName', '1.memberships']));
  });
});

describe('access', () => {
  it('answers 401 without a session and 403 to every role but administrator', async () => {
    expect((await fetch(`${t.url}/api/onboarding/agencies`)).status).toBe(401);
    expect((await telecom.get('/api/onboarding/agencies')).status).toBe(403);
    expect((await csv(telecom, 'users', 'username,displayName,memberships\na.b,A B,champaign-911:telecommunicator\n', true)).status).toBe(403);
  });

  it('keeps an administrator without a regional grant to their own agency: other agencies 403, new agencies 403', async () => {
    const other = await csv(admin, 'users', 'username,displayName,memberships\nmcrt.person,M P,champaign-mcrt:mcrt_clinician\n', true);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toMatch(/^line 2: champaign-mcrt/);
    expect((await csv(admin, 'agencies', 'id,name,kind\nnew-agency,New Agency,psap\n', true)).status).toBe(403);
    expect((await csv(admin, 'units', 'id,agency,name,model,composition,homeLat,homeLon\nmcrt-1,champaign-mcrt,X,program_590_mcrt,mcrt_clinician,40.1,-88.2\n', true)).status).toBe(403);
    // The export shows its own agency only.
    const exported = (await (await admin.get('/api/onboarding/agencies?format=json')).json()) as { id: string }[];
    expect(exported.map((a) => a.id)).toEqual(['champaign-911']);
  });

  it('widens to the region with a regional grant, and that import alerts the privacy officer', async () => {
    await grantRegionalAdmin(t.server.services, 'system', { userId: admin.userId, regionId: 'il-ems-6', reason: 'onboarding test' });
    const alerts = await auditRows('user.regional_admin', 'allowed');
    const res = await csv(admin, 'agencies', 'id,name,kind,countyFips\nnew-agency,New Agency,psap,17019\n');
    expect(res.status).toBe(200);
    expect(((await res.json()) as OnboardingPlan).counts.create).toBe(1);
    expect(await auditRows('user.regional_admin', 'allowed')).toBe(alerts + 1);
    const exported = (await (await admin.get('/api/onboarding/agencies?format=json')).json()) as { id: string }[];
    expect(exported.length).toBeGreaterThan(2);
  });

  it('checks shifts as the shift form does, against each other and the stored ones, and a roster as the crew form does', async () => {
    const start = new Date(Date.now() + 30 * 86_400_000);
    const at = (h: number) => new Date(start.getTime() + h * 3_600_000).toISOString();
    const shifts = await csv(admin, 'shifts', `unit,startsAt,endsAt\nchampaign-mcrt-1,${at(0)},${at(12)}\nchampaign-mcrt-1,${at(6)},${at(18)}\nchampaign-mcrt-1,${at(20)},${at(19)}\nchampaign-mcrt-1,2020-01-01T08:00:00Z,2020-01-01T20:00:00Z\nno-such-unit,${at(0)},${at(1)}\n`, true);
    expect(shifts.status).toBe(400);
    expect((await issuesOf(shifts)).map(({ line, field, rule }) => ({ line, field, rule }))).toEqual([
      { line: 3, field: 'startsAt', rule: 'no_overlap' },
      { line: 4, field: 'endsAt', rule: 'after_start' },
      { line: 5, field: 'endsAt', rule: 'ended' },
      { line: 6, field: 'unit', rule: 'unknown_unit' },
    ]);
    const crew = await csv(admin, 'crews', 'unit,name,role,username,hiredOn,credential,credentialEarnedOn\nchampaign-mcrt-1,A Peer,engagement_specialist,,,,\nchampaign-mcrt-1,A Clinician,mcrt_clinician,nobody.here,2020-01-01,CRSS,\n', true);
    expect(crew.status).toBe(400);
    expect((await issuesOf(crew)).map(({ line, field, rule }) => ({ line, field, rule }))).toEqual([
      { line: 2, field: 'hiredOn', rule: 'required' },
      { line: 3, field: 'credentialEarnedOn', rule: 'required' },
      { line: 3, field: 'username', rule: 'unknown_user' },
    ]);
  });
});

describe('GET /api/onboarding/{kind}', () => {
  it('exports CSV with the import’s header, lists joined by ;, and audits the read', async () => {
    const before = await auditRows('onboarding.export', 'allowed');
    const res = await admin.get('/api/onboarding/units?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text.split('\n')[0]).toBe('id,agency,name,model,composition,partners,homeLat,homeLon,homeLabel,youth,naloxone,canTransport,languages');
    expect(text).toMatch(/mcrt_clinician;engagement_specialist/);
    expect(await auditRows('onboarding.export', 'allowed')).toBe(before + 1);
  });

  it('leaves text/csv an unsupported media type on every other route', async () => {
    const res = await telecom.post('/api/incidents', 'a,b\n1,2\n', { 'content-type': 'text/csv' });
    expect(res.status).toBe(415);
  });
});
