import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { Responder, ResponseType } from '../triage/types.ts';
import { recommendUnits } from './recommend.ts';
import { indexUnits } from './spatial.ts';
import { box, buildContext, buildIncident, buildUnit, NOW, VERMILION } from './recommend-builders.ts';
import { GreatCircleEstimator, type TravelTimeEstimator } from './travel.ts';
import type { DispatchUnit } from './recommend-types.ts';

const INCIDENT = buildIncident();
const { lat, lon } = INCIDENT.location;
/** A fresh fix `km` kilometres north of the incident. */
const northBy = (km: number, ageSeconds = 30) => ({ lat: lat + km / 111.2, lon, at: new Date(NOW.getTime() - ageSeconds * 1000) });

describe('recommendUnits: ranking', () => {
  it('ranks eligible units by ETA and explains each rank', async () => {
    const units = [buildUnit({ id: 'b', name: 'B', position: northBy(12) }), buildUnit({ id: 'a', name: 'A', position: northBy(4) }), buildUnit({ id: 'c', name: 'C', position: northBy(20) })];
    const r = await recommendUnits(INCIDENT, units, buildContext());
    expect(r.ranked.map((u) => u.unitId)).toEqual(['a', 'b', 'c']);
    expect(r.ranked.map((u) => u.etaMinutes)).toEqual([4, 12, 20]);
    expect(r.ranked[0]!.reasons[0]).toBe('Fastest of 3 eligible units: ETA 4.0 min, 4.0 km');
    expect(r.ranked[1]!.reasons[0]).toBe('Rank 2 of 3: ETA 12 min, 12.0 km, 8.0 min behind the first');
    expect(r.ranked[0]!.reasons).toContain('Arrives 26 min inside the maximum response time of 30 min');
    expect(r.ranked[0]!.figures).toEqual({ straightLineKm: 4, travelSource: 'great_circle', origin: 'live_position', maxResponseMinutes: 30, minutesToSpare: 26 });
    expect(r).toMatchObject({ shortfalls: [], policeFallback: null, maxResponseMinutes: { minutes: 30, source: 'plan' } });
  });

  it('returns at most `limit` units', async () => {
    const units = [1, 2, 3, 4].map((km) => buildUnit({ id: `u${km}`, position: northBy(km) }));
    const r = await recommendUnits(INCIDENT, units, buildContext({ limit: 2 }));
    expect(r.ranked.map((u) => u.unitId)).toEqual(['u1', 'u2']);
  });

  it('answers the same from a prebuilt index as from the list', async () => {
    const units = [1, 7, 3].map((km) => buildUnit({ id: `u${km}`, position: northBy(km) }));
    expect(await recommendUnits(INCIDENT, indexUnits(units), buildContext())).toEqual(await recommendUnits(INCIDENT, units, buildContext()));
  });

  it('prefers a farther unit with what the call needs', async () => {
    const youth = { youth: true, languages: ['en'], naloxone: true, canTransport: false };
    const units = [buildUnit({ id: 'near', position: northBy(2) }), buildUnit({ id: 'youth', position: northBy(9), capabilities: youth })];
    const r = await recommendUnits({ ...INCIDENT, needs: { youth: true } }, units, buildContext());
    expect(r.ranked.map((u) => u.unitId)).toEqual(['youth']);
    expect(r.ranked[0]!.reasons).toContain('Has what the call needs: youth response');
    expect(r.excluded).toEqual([{ unitId: 'near', code: 'missing_capability', reason: 'Mobile Crisis 1 lacks what the call needs: youth response' }]);
  });

  it('lists the nearest units passed over, nearest first, with the neighbouring county', async () => {
    const units = [
      buildUnit({ id: 'busy', position: northBy(1), status: 'on_scene' }),
      buildUnit({ id: 'next-county', position: northBy(2), serviceArea: VERMILION }),
      buildUnit({ id: 'free', position: northBy(8) }),
    ];
    const r = await recommendUnits(INCIDENT, units, buildContext());
    expect(r.ranked.map((u) => u.unitId)).toEqual(['free']);
    expect(r.excluded.map((e) => [e.unitId, e.code])).toEqual([['busy', 'not_available'], ['next-county', 'outside_service_area']]);
  });
});

describe('recommendUnits: positions', () => {
  it.each<[string, Partial<DispatchUnit>, number | null, boolean, string, RegExp]>([
    ['a fresh fix', { position: northBy(3, 30) }, 30, false, 'live_position', /^Live position 30 s old$/],
    ['a stale fix', { position: northBy(3, 600) }, 600, true, 'live_position', /^Position is 10 min old \(stale after 2 min\)/],
    ['a fix ahead of the clock', { position: northBy(3, -5) }, 0, false, 'live_position', /^Live position 0 s old$/],
    ['no fix: the home base', { position: null, home: { ...northBy(3), label: 'Savoy' } }, null, true, 'home_base', /^No live position: timed from its home base \(Savoy\)/],
  ])('%s', async (_name, overrides, age, stale, origin, reason) => {
    const [ranked] = (await recommendUnits(INCIDENT, [buildUnit(overrides)], buildContext())).ranked;
    expect(ranked).toMatchObject({ positionAgeSeconds: age, stale, figures: { origin } });
    expect(ranked!.reasons.some((r) => reason.test(r))).toBe(true);
  });
});

const MCRT: [ResponseType, Responder[]] = ['mcrt', ['mcrt_clinician', 'engagement_specialist']];
const CO_RESPONSE: [ResponseType, Responder[]] = ['co_response', ['police_officer', 'mcrt_clinician']];
const EMS: [ResponseType, Responder[]] = ['ems', ['ems_crew']];

describe('recommendUnits: shortfalls and the §30 police fallback', () => {
  it.each<[string, [ResponseType, Responder[]], Partial<DispatchUnit>[], string[], boolean]>([
    ['a team close by', MCRT, [{ position: northBy(5) }], [], false],
    ['no team serves the area', MCRT, [{ serviceArea: VERMILION }], ['none_covering_area'], true],
    ['only other kinds of team serve the area', CO_RESPONSE, [{}], ['no_single_unit_with_composition', 'role_not_in_area'], false],
    ['every team is busy', MCRT, [{ status: 'dispatched' }, { id: 'm2', status: 'on_scene' }], ['none_available'], true],
    ['the best team is too far', MCRT, [{ position: northBy(45) }], ['best_eta_beyond_regional_maximum'], true],
    ['the best team is timed from home', MCRT, [{ position: null, home: northBy(5) }], ['no_position'], false],
    ['the only free team cannot be located', MCRT, [{ position: null, home: null }], ['none_available', 'no_position'], true],
    ['a co-response team too far: police are in the plan already', CO_RESPONSE, [{ model: 'law_enforcement_co_response_embedded', composition: ['police_officer', 'mcrt_clinician'], position: northBy(45) }], ['best_eta_beyond_regional_maximum'], false],
    ['no ambulance: no crisis team was asked for', EMS, [{ model: 'ems', composition: ['ems_crew'], status: 'transporting' }], ['none_available'], false],
  ])('%s', async (_name, [responseType, responders], overrides, codes, fallback) => {
    const units = overrides.map((o, i) => buildUnit({ id: `u${i}`, ...o }));
    const incident = buildIncident({ responsePlan: { responseType, responders, maxResponseMinutes: { default: 30 } } });
    const r = await recommendUnits(incident, units, buildContext());
    expect(r.shortfalls.map((s) => s.code)).toEqual(codes);
    expect(r.policeFallback?.justification ?? null).toBe(fallback ? 'crisis_team_unavailable_within_regional_maximum' : null);
  });

  it('explains the shortfall and the fallback', async () => {
    const r = await recommendUnits(INCIDENT, [buildUnit({ position: northBy(45) })], buildContext());
    expect(r.shortfalls[0]!.detail).toBe('The best ETA is 45 min (Mobile Crisis 1), beyond the maximum response time of 30 min');
    expect(r.policeFallback!.reason).toMatch(/only because the fastest crisis team, Mobile Crisis 1, needs 45 min, beyond the maximum of 30 min/);
    expect(r.ranked).toHaveLength(1);
  });

  it('tallies why the teams that fit cannot go', async () => {
    const units = [buildUnit({ status: 'dispatched' }), buildUnit({ id: 'm2', status: 'dispatched' }), buildUnit({ id: 'm3', capabilities: { youth: false, languages: [], naloxone: false, canTransport: false } })];
    const r = await recommendUnits({ ...INCIDENT, needs: { languages: ['en'] } }, units, buildContext());
    expect(r.shortfalls).toEqual([{ code: 'none_available', detail: '3 mobile crisis unit(s) cover the area but none can go: 2 not available, 1 missing capability' }]);
  });
});

describe('recommendUnits: the maximum response time', () => {
  it.each<[string, Record<string, number> | null, string | undefined, number, 'plan' | 'region']>([
    ["the plan's row for the emergency type", { default: 30, youth: 20 }, 'youth', 20, 'plan'],
    ["the plan's default for an unlisted type", { default: 30, youth: 20 }, 'overdose', 30, 'plan'],
    ['the region when the plan sets none', null, undefined, 60, 'region'],
  ])('%s', async (_name, table, emergencyType, minutes, source) => {
    const incident = buildIncident({ emergencyType, responsePlan: { ...INCIDENT.responsePlan, maxResponseMinutes: table } });
    const r = await recommendUnits(incident, [buildUnit({ position: northBy(25) })], buildContext());
    expect(r.maxResponseMinutes).toEqual({ minutes, source });
    expect(r.shortfalls.map((s) => s.code)).toEqual(minutes < 25 ? ['best_eta_beyond_regional_maximum'] : []);
  });
});

describe('recommendUnits: bad input and bad routes', () => {
  it.each([
    ['a phone-only plan', buildIncident({ responsePlan: { responseType: 'phone_988', responders: ['crisis_counsellor'] } }), buildContext(), 'responsePlan.responseType'],
    ['an impossible latitude', buildIncident({ location: { lat: 95, lon: -88 } }), buildContext(), 'location.lat'],
    ['a limit of zero', INCIDENT, buildContext({ limit: 0 }), 'limit'],
  ])('rejects %s', async (_name, incident, ctx, field) => {
    const err = await recommendUnits(incident, [buildUnit()], ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).issues.map((i) => i.field)).toEqual([field]);
  });

  it('passes over a unit the router cannot reach', async () => {
    const noRouteFromFar: TravelTimeEstimator = {
      estimateMany: (from) => Promise.resolve(from.map((f) => (f.lat > lat + 0.05 ? { minutes: Number.NaN, distanceKm: Number.NaN, source: 'road_network' as const } : { minutes: 7, distanceKm: 5, source: 'road_network' as const }))),
    };
    const units = [buildUnit({ id: 'island', position: northBy(10) }), buildUnit({ id: 'ok', position: northBy(2) })];
    const r = await recommendUnits(INCIDENT, units, buildContext({ travel: noRouteFromFar }));
    expect(r.ranked.map((u) => [u.unitId, u.figures.travelSource])).toEqual([['ok', 'road_network']]);
    expect(r.excluded).toEqual([{ unitId: 'island', code: 'no_route', reason: 'No route from Mobile Crisis 1 to the incident' }]);
  });
});

describe('recommendUnits: the nearest-first search over many units', () => {
  // A seeded generator, so a failure can be replayed.
  const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const area = box(-91, 37, -87, 43);
  const rnd = random(7);
  const units = Array.from({ length: 3000 }, (_, i) =>
    buildUnit({ id: `u${i}`, serviceArea: area, status: rnd() < 0.7 ? 'available' : 'dispatched', position: { lat: 37 + rnd() * 6, lon: -91 + rnd() * 4, at: NOW } }),
  );
  const index = indexUnits(units);
  const estimator = new GreatCircleEstimator({ isUrban: (p) => p.lat > 41.5 });

  it.each([0, 1, 2, 3, 4, 5])('equals timing every unit (incident %i)', async (i) => {
    const location = { lat: 37.5 + i, lon: -90.5 + i * 0.6 };
    const r = await recommendUnits(buildIncident({ location }), index, buildContext({ travel: estimator, limit: 10 }));
    const brute = units
      .filter((u) => u.status === 'available')
      .map((u) => ({ id: u.id, eta: estimator.estimateNow(u.position!, location).minutes }))
      .sort((a, b) => a.eta - b.eta)
      .slice(0, 10);
    expect(r.ranked.map((u) => u.unitId)).toEqual(brute.map((b) => b.id));
    expect(r.ranked[0]!.reasons[0]).toMatch(/^Fastest of \d{4} eligible units/);
  });
});
