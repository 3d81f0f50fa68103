import { describe, expect, it } from 'vitest';
import { LIMITS } from '@continuum/contracts';
import { ROLES } from '@continuum/domain';
import { isInCounty } from '../geo/county.ts';
import { AGENCY_KINDS, DEMO_PASSWORD, DEMO_REGION_ID, buildDemoRegion } from './demo-region.ts';

const BRANDS = /rosecrance|metcad|carle|osf/i;

describe('buildDemoRegion', () => {
  const demo = buildDemoRegion();
  const agencyIds = new Set(demo.agencies.map((a) => a.id));
  const regionIds = new Set(demo.regions.map((r) => r.id));

  it('has one demo user for every role, with distinct usernames', () => {
    for (const role of ROLES) expect(demo.users.filter((u) => u.role === role), role).toHaveLength(1);
    expect(demo.users).toHaveLength(ROLES.length);
    expect(new Set(demo.users.map((u) => u.username)).size).toBe(demo.users.length);
  });

  it('gives agencies unique ids and kinds from the catalogue', () => {
    expect(agencyIds.size).toBe(demo.agencies.length);
    for (const a of demo.agencies) expect(AGENCY_KINDS).toContain(a.kind);
  });

  it('has every agency kind issue 2 asks for', () => {
    const count = (kind: string) => demo.agencies.filter((a) => a.kind === kind).length;
    for (const kind of ['psap', '988_centre', 'mcrt_provider', 'co_response_programme', 'ems']) expect(count(kind), kind).toBe(1);
    for (const kind of ['crisis_stabilisation_centre', 'living_room', 'ccbhc', 'followup_provider', 'state_agency']) {
      expect(count(kind), kind).toBe(1);
    }
    expect(count('law_enforcement')).toBe(2);
    expect(count('emergency_department')).toBe(2);
  });

  it('references only agencies and regions that exist', () => {
    for (const a of demo.agencies) expect(regionIds, a.id).toContain(a.regionId);
    for (const r of demo.regions) if (r.parentId) expect(regionIds).toContain(r.parentId);
    for (const t of demo.teams) {
      expect(agencyIds, t.id).toContain(t.agencyId);
      for (const p of t.partnerAgencyIds) expect(agencyIds, t.id).toContain(p);
    }
    for (const u of demo.users) expect(agencyIds, u.username).toContain(u.agencyId);
  });

  it('puts the state agency in the state and everything else in EMS Region 6', () => {
    const state = demo.agencies.find((a) => a.kind === 'state_agency')!;
    expect(state.regionId).toBe('il');
    for (const a of demo.agencies.filter((x) => x !== state)) expect(a.regionId).toBe(DEMO_REGION_ID);
    expect(demo.regions.find((r) => r.id === DEMO_REGION_ID)).toMatchObject({ kind: 'ems_region', parentId: 'il' });
  });

  it('places every located agency and team home inside Champaign County', () => {
    const located = demo.agencies.filter((a) => a.lat !== null && a.lon !== null);
    // Only the bodies without a station (the state agency and the RAC) lack a position.
    expect(demo.agencies.length - located.length).toBe(2);
    expect(located.length).toBeGreaterThan(0);
    for (const a of located) {
      expect(a.countyFips).toBe('17019');
      expect(isInCounty('17019', a.lat!, a.lon!), a.id).toBe(true);
    }
    for (const t of demo.teams) expect(isInCounty('17019', t.home.lat, t.home.lon), t.id).toBe(true);
  });

  it('has three MCRT teams at distinct towns and one embedded co-response team with the sheriff', () => {
    const mcrt = demo.teams.filter((t) => t.model === 'program_590_mcrt');
    expect(mcrt).toHaveLength(3);
    expect(new Set(mcrt.map((t) => t.home.town)).size).toBe(3);
    for (const t of mcrt) expect(t.composition).toEqual(['mcrt_clinician', 'engagement_specialist']);
    const co = demo.teams.filter((t) => t.model === 'law_enforcement_co_response_embedded');
    expect(co).toHaveLength(1);
    expect(co[0]!.composition).toEqual(expect.arrayContaining(['police_officer', 'mcrt_clinician']));
    expect(co[0]!.partnerAgencyIds).toContain('champaign-sheriff');
  });

  it('uses no real provider brand names', () => {
    const names = [...demo.agencies.map((a) => a.name), ...demo.teams.map((t) => t.name), ...demo.regions.map((r) => r.name)];
    for (const n of names) expect(n).not.toMatch(BRANDS);
  });

  it('has a demo password long enough for the sign-in rules', () => {
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(LIMITS.passwordMin);
  });
});
