import { describe, expect, it } from 'vitest';
import type { Responder, ResponseType } from '../triage/types.ts';
import { completingPairs, rolesBrought } from './recommend-combos.ts';
import { CIT_PREFERENCE_MINUTES } from './recommend-cit.ts';
import { recommendUnits } from './recommend.ts';
import { buildContext, buildIncident, buildUnit, NOW } from './recommend-builders.ts';
import type { DispatchUnit, IncidentForDispatch } from './recommend-types.ts';

const BASE = buildIncident();
const { lat, lon } = BASE.location;
/** A fresh fix `km` kilometres north (negative: south) of the incident; with the test estimator, minutes equal km. */
const northBy = (km: number) => ({ lat: lat + km / 111.2, lon, at: new Date(NOW.getTime() - 30_000) });

const plan = (responseType: ResponseType, responders: Responder[]): IncidentForDispatch =>
  buildIncident({ responsePlan: { responseType, responders, maxResponseMinutes: { default: 30 } } });
/** Level 3 in the demo region: clinician + peer + police, meeting on site. */
const LEVEL_3 = plan('co_response', ['mcrt_clinician', 'engagement_specialist', 'police_officer']);

const mcrt = (id: string, km: number, o: Partial<DispatchUnit> = {}) => buildUnit({ id, name: `MCRT ${id}`, position: northBy(km), ...o });
const deputy = (id: string, km: number, o: Partial<DispatchUnit> = {}) =>
  buildUnit({ id, name: `Deputy ${id}`, agencyId: 'sheriff', model: 'law_enforcement_co_response_meet_on_site', composition: ['police_officer'], position: northBy(km), ...o });
const ambulance = (id: string, km: number, o: Partial<DispatchUnit> = {}) =>
  buildUnit({ id, name: `Medic ${id}`, agencyId: 'ems', model: 'ems', composition: ['ems_crew'], capabilities: { youth: false, languages: ['en'], naloxone: true, canTransport: true }, position: northBy(km), ...o });
const peer = (id: string, km: number, o: Partial<DispatchUnit> = {}) =>
  buildUnit({ id, name: `Peer ${id}`, model: 'alternative_response', composition: ['engagement_specialist'], position: northBy(km), ...o });

const pairIds = (r: Awaited<ReturnType<typeof recommendUnits>>) => r.combinations.map((c) => c.units.map((u) => u.unitId).join('+'));

describe('combinations: two units meeting on site', () => {
  it('pairs a deputy with an MCRT for clinician + peer + police, ranked by the later arrival', async () => {
    const units = [mcrt('m1', 4), mcrt('m2', 10), deputy('d1', 8), deputy('d2', 3)];
    const r = await recommendUnits(LEVEL_3, units, buildContext());
    expect(r.ranked).toEqual([]);
    expect(pairIds(r)).toEqual(['d2+m1', 'm1+d1', 'd2+m2', 'd1+m2']);
    expect(r.combinations.map((c) => c.arrivalMinutes)).toEqual([4, 8, 10, 10]);
    const best = r.combinations[0]!;
    expect(best).toMatchObject({ mode: 'meet_on_site', minutesToSpare: 26 });
    expect(best.units.map((u) => u.roles)).toEqual([['police_officer'], ['mcrt_clinician', 'engagement_specialist']]);
    expect(best.reasons[0]).toBe('Best of 4 pairings: the whole team is on scene in 4.0 min, when the later unit (MCRT m1) arrives');
    expect(best.reasons[1]).toBe(
      'Together they bring mobile crisis clinician + engagement specialist (peer) + police officer: Deputy d2, a police meeting a clinician on site team, brings police officer; MCRT m1, a Program 590 mobile crisis team, brings mobile crisis clinician + engagement specialist (peer)',
    );
    expect(best.reasons).toContain('Deputy d2 arrives first (ETA 3.0 min) and waits 1.0 min for MCRT m1');
    expect(r.shortfalls.map((s) => s.code)).toEqual(['no_single_unit_with_composition']);
    expect(r.shortfalls[0]!.detail).toContain('4 pairing(s) of two units meeting on site are proposed');
    expect(r.policeFallback).toBeNull();
  });

  it.each<[string, IncidentForDispatch, DispatchUnit[], string[]]>([
    ['EMS with a peer (EMS co-response)', plan('ems_co_response', ['ems_crew', 'engagement_specialist']), [ambulance('a1', 6), peer('p1', 2)], ['p1+a1']],
    ['police and EMS at level 4', plan('police_ems', ['police_officer', 'ems_crew']), [ambulance('a1', 5), deputy('d1', 7, { model: 'law_enforcement' })], ['a1+d1']],
    ['EMS meeting a crisis team', plan('ems_co_response', ['ems_crew', 'mcrt_clinician']), [ambulance('a1', 9), mcrt('m1', 3)], ['m1+a1']],
  ])('%s', async (_name, incident, units, expected) => {
    const r = await recommendUnits(incident, units, buildContext());
    expect(r.ranked).toEqual([]);
    expect(pairIds(r)).toEqual(expected);
    expect(r.shortfalls.map((s) => s.code)).toEqual(['no_single_unit_with_composition']);
  });

  it('never pairs police into a plan without police (CESSA §30), and names the role that is missing', async () => {
    const mcrtPlan = plan('mcrt', ['mcrt_clinician', 'engagement_specialist']);
    const coResponse = buildUnit({ id: 'co', model: 'law_enforcement_co_response_embedded', composition: ['police_officer', 'mcrt_clinician'], position: northBy(2) });
    const r = await recommendUnits(mcrtPlan, [coResponse, peer('p1', 3)], buildContext());
    expect(r.combinations).toEqual([]);
    expect(r.shortfalls.map((s) => [s.code, s.roles])).toEqual([
      ['no_single_unit_with_composition', undefined],
      ['role_not_in_area', ['mcrt_clinician']],
    ]);
    expect(r.policeFallback?.justification).toBe('crisis_team_unavailable_within_regional_maximum');
  });

  it('says a role is on busy units rather than missing from the area', async () => {
    const r = await recommendUnits(LEVEL_3, [mcrt('m1', 4), deputy('d1', 2, { status: 'on_scene' })], buildContext());
    expect(r.combinations).toEqual([]);
    expect(r.shortfalls.map((s) => [s.code, s.roles])).toEqual([
      ['no_single_unit_with_composition', undefined],
      ['role_not_available', ['police_officer']],
    ]);
    expect(r.shortfalls[1]!.detail).toBe('Units in the area bring police officer, but none of them is free now');
  });

  it('leaves a unit that carries the whole team to the single ranking, and proposes pairs only when short unless asked', async () => {
    const whole = buildUnit({ id: 'whole', model: 'law_enforcement_co_response_embedded', composition: ['police_officer', 'mcrt_clinician', 'engagement_specialist'], position: northBy(20) });
    const units = [whole, mcrt('m1', 4), deputy('d1', 5)];
    const usual = await recommendUnits(LEVEL_3, units, buildContext());
    expect(usual.ranked.map((u) => u.unitId)).toEqual(['whole']);
    expect(usual.combinations).toEqual([]);
    const always = await recommendUnits(LEVEL_3, units, buildContext({ combinations: 'always' }));
    expect(pairIds(always)).toEqual(['m1+d1']);
    expect(always.combinations[0]!.reasons).toContain('The two meet on site, sooner than any single unit that carries the whole team');
    const late = await recommendUnits(LEVEL_3, [{ ...whole, position: northBy(40) }, mcrt('m1', 4), deputy('d1', 5)], buildContext());
    expect(late.ranked.map((u) => u.unitId)).toEqual(['whole']);
    expect(pairIds(late)).toEqual(['m1+d1']);
  });

  it('pairs two crisis-team halves and so withholds the §30 fallback when they arrive in time', async () => {
    const mcrtPlan = plan('mcrt', ['mcrt_clinician', 'engagement_specialist']);
    const clinician = (km: number) => buildUnit({ id: 'c1', name: 'Clinician', composition: ['mcrt_clinician'], position: northBy(km) });
    const near = await recommendUnits(mcrtPlan, [clinician(5), peer('p1', 6)], buildContext());
    expect(pairIds(near)).toEqual(['c1+p1']);
    expect(near.policeFallback).toBeNull();
    const far = await recommendUnits(mcrtPlan, [clinician(50), peer('p1', 6)], buildContext());
    expect(far.shortfalls.map((s) => s.code)).toEqual(['no_single_unit_with_composition', 'best_eta_beyond_regional_maximum']);
    expect(far.policeFallback?.reason).toContain('Peer p1 with Clinician, needs 50 min');
  });

  it('keeps to the best few per role group and finds the same best arrivals as trying every pair', async () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const units = [
      ...Array.from({ length: 150 }, (_, i) => mcrt(`m${i}`, 1 + rnd() * 25)),
      ...Array.from({ length: 150 }, (_, i) => deputy(`d${i}`, 1 + rnd() * 25, { citTrainedOfficer: true })),
    ];
    const r = await recommendUnits(LEVEL_3, units, buildContext({ limit: 5 }));
    expect(r.combinations).toHaveLength(5);
    const eta = (u: DispatchUnit) => Math.abs(u.position!.lat - lat) * 111.2;
    const all = units.filter((u) => u.id.startsWith('m')).flatMap((m) => units.filter((u) => u.id.startsWith('d')).map((d) => Math.max(eta(m), eta(d))));
    expect(all.length).toBe(150 * 150);
    const bestFive = all.sort((a, b) => a - b).slice(0, 5).map((x) => Math.round(x * 10) / 10);
    expect(r.combinations.map((c) => c.arrivalMinutes)).toEqual(bestFive);
  });
});

describe('CIT: a CIT-trained officer is preferred when police respond', () => {
  const coUnit = (id: string, km: number, cit: boolean) =>
    buildUnit({ id, name: `Co ${id}`, model: 'law_enforcement_co_response_embedded', composition: ['police_officer', 'mcrt_clinician'], position: northBy(km), citTrainedOfficer: cit });
  const CO = plan('co_response', ['police_officer', 'mcrt_clinician']);

  it('ranks a CIT-trained team first within the preference, and says so', async () => {
    const r = await recommendUnits(CO, [coUnit('plain', 3, false), coUnit('cit', 3 + CIT_PREFERENCE_MINUTES - 1, true)], buildContext());
    expect(r.ranked.map((u) => u.unitId)).toEqual(['cit', 'plain']);
    expect(r.ranked[0]!.reasons).toContain('A CIT-trained officer (40-hour course) is on board: preferred when police respond');
    expect(r.ranked[1]!.reasons[0]).toBe('Rank 2 of 2: ETA 3.0 min, 3.0 km, 4.0 min sooner than the first, which has a CIT-trained officer');
    expect(r.ranked[1]!.reasons).toContain(`No CIT-trained officer on board: a unit with one is preferred when police respond (by up to ${CIT_PREFERENCE_MINUTES} min)`);
  });

  it('does not wait longer than the preference for CIT', async () => {
    const r = await recommendUnits(CO, [coUnit('plain', 3, false), coUnit('cit', 3 + CIT_PREFERENCE_MINUTES + 2, true)], buildContext());
    expect(r.ranked.map((u) => u.unitId)).toEqual(['plain', 'cit']);
  });

  it('prefers the CIT-trained deputy in a pairing', async () => {
    const r = await recommendUnits(LEVEL_3, [mcrt('m1', 2), deputy('plain', 3), deputy('cit', 6, { citTrainedOfficer: true })], buildContext());
    expect(pairIds(r)).toEqual(['m1+cit', 'm1+plain']);
    expect(r.combinations[0]!.reasons).toContain('Deputy cit: a CIT-trained officer (40-hour course) on board, preferred when police respond');
  });

  it('says nothing of CIT when police do not respond', async () => {
    const r = await recommendUnits(BASE, [mcrt('m1', 2)], buildContext());
    expect(r.ranked[0]!.reasons.some((x) => x.includes('CIT'))).toBe(false);
  });
});

describe('role groups', () => {
  it('counts a role only on a model it rides in, and pairs only groups that complete each other', () => {
    const responders: Responder[] = ['mcrt_clinician', 'engagement_specialist', 'police_officer'];
    const p = { responseType: 'co_response' as const, responders };
    expect(rolesBrought(deputy('d', 1), p, undefined)).toBe(0b100);
    expect(rolesBrought(mcrt('m', 1), p, undefined)).toBe(0b011);
    expect(rolesBrought(buildUnit({ model: 'psap_co_response', composition: ['mcrt_clinician'] }), p, undefined)).toBe(0);
    expect(completingPairs([0b001, 0b010, 0b011, 0b100, 0b110], 3)).toEqual([[0b001, 0b110], [0b011, 0b100], [0b011, 0b110]]);
  });
});
