import { describe, expect, it } from 'vitest';
import { calendarDateIn, citStanding, credentialStatus, crewIssues, shiftAt } from '@continuum/domain';
import { buildDemoCatalogue, buildDemoTraining } from './demo-crews.ts';
import { buildDemoRegion } from './demo-region.ts';

describe('buildDemoCatalogue', () => {
  const now = new Date('2026-11-22T15:00:00Z');
  const catalogue = buildDemoCatalogue(now);
  const demo = buildDemoRegion();
  const today = calendarDateIn(now);

  it('gives every demo team a valid crew and a shift running at the seed time', () => {
    expect(catalogue.length).toBeGreaterThan(0);
    expect(catalogue.map((c) => c.unitId).sort()).toEqual(demo.teams.map((t) => t.id).sort());
    for (const c of catalogue) {
      expect(crewIssues(c.crew.map((m) => ({ ...m, userId: m.username })), today), c.unitId).toEqual([]);
      expect(shiftAt([{ id: 's', ...c.shift }], now), c.unitId).not.toBeNull();
      expect(c.capabilities.naloxone, c.unitId).toBe(true);
    }
  });

  it('rides the demo sign-ins where the guide says, each with a role they hold', () => {
    const riders = catalogue.flatMap((c) => c.crew.filter((m) => m.username).map((m) => [c.unitId, m.username, m.role]));
    expect(riders).toEqual([
      ['champaign-mcrt-1', 'clinician', 'mcrt_clinician'],
      ['champaign-mcrt-1', 'peer', 'engagement_specialist'],
      ['champaign-co-response-1', 'officer', 'police_officer'],
      ['champaign-ems-1', 'ems', 'ems_crew'],
    ]);
    for (const [, username, role] of riders) expect(demo.users.find((u) => u.username === username)?.role).toBe(role);
  });

  it('keeps CIT as training records: current for the demo officer, due for a deputy, none for another (issue 12 §6)', () => {
    const training = buildDemoTraining(now);
    const of = (name: string) => training.filter((r) => r.personName === name).map((r) => ({ ...r, expiresOn: null }));
    expect(citStanding(of('Kyle Brandt'), 'police_officer', today).status).toBe('current');
    expect(citStanding(of('Dana Kowalski'), 'police_officer', today).status).toBe('due');
    expect(citStanding(of('Victor Lindgren'), 'police_officer', today).status).toBe('never_trained');
    expect(citStanding(of('Jordan Whitfield'), 'telecommunicator', today).status).toBe('overdue');
  });

  it('crews every team, police and EMS included (issue 12 §8)', () => {
    const models = new Set(demo.teams.map((t) => t.model));
    expect([...models].sort()).toEqual(['ems', 'law_enforcement', 'law_enforcement_co_response_embedded', 'law_enforcement_co_response_meet_on_site', 'program_590_mcrt']);
    expect(catalogue.every((c) => c.crew.length > 0)).toBe(true);
    for (const t of demo.teams) {
      const crew = catalogue.find((c) => c.unitId === t.id)!.crew;
      expect([...new Set(crew.map((m) => m.role))].sort(), t.id).toEqual([...t.composition].sort());
    }
  });

  it('shows the one-year warning for the demo peer, Spanish and youth on Mobile Crisis 2, transport on the co-response unit', () => {
    const peer = catalogue[0]!.crew.find((m) => m.username === 'peer')!;
    const status = credentialStatus(peer, today);
    expect(status.status).toBe('due');
    expect(status.daysLeft).toBeGreaterThan(0);
    const co = catalogue.find((c) => c.unitId === 'champaign-co-response-1')!;
    expect(co.crew[0]!.name).toBe('Kyle Brandt');
    expect(co.capabilities.canTransport).toBe(true);
    expect(catalogue.find((c) => c.unitId === 'champaign-mcrt-2')!.capabilities).toMatchObject({ youth: true, languages: ['en', 'es'] });
  });
});
