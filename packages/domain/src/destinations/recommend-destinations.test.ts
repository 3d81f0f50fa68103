import { describe, expect, it } from 'vitest';
import { kmAsMinutes } from '../dispatch/recommend-builders.ts';
import { DEFAULT_CRITERIA, type FacilityKind } from './facility.ts';
import { ALWAYS_OPEN } from './hours.ts';
import { recommendDestinations, type DestinationSituation, type FacilityCandidate } from './recommend-destinations.ts';

const AT = new Date('2026-03-02T18:00:00Z'); // noon in Champaign

function facility(kind: FacilityKind, overrides: Partial<FacilityCandidate> = {}): FacilityCandidate {
  return {
    id: kind, name: `The ${kind.replaceAll('_', ' ')}`, location: { lat: 40.12, lon: -88.24 },
    profile: { kind, name: `The ${kind.replaceAll('_', ' ')}`, criteria: DEFAULT_CRITERIA[kind], hours: ALWAYS_OPEN },
    capacityUnit: 'beds', availableNow: 3, stale: false, ageSeconds: 60, ...overrides,
  };
}

function situation(overrides: Partial<DestinationSituation> = {}): DestinationSituation {
  return {
    age: 30, voluntary: true, broughtByPolice: false, intoxicated: false, medicallyCleared: true, insured: false, at: AT,
    location: { lat: 40.11, lon: -88.21 }, safeToStay: false, needsMedicalCare: false, home: null, chosenPlace: null,
    ...overrides,
  };
}

const ALL = (['emergency_department', 'living_room', 'crisis_stabilisation_centre', 'ccbhc'] as const).map((k) => facility(k));
const optionsOf = (r: Awaited<ReturnType<typeof recommendDestinations>>) => r.ranked.map((d) => d.option);

describe('recommendDestinations', () => {
  it('ranks least restrictive first: stay, home, the chosen place, then facilities, the ED last', async () => {
    const r = await recommendDestinations(situation({ safeToStay: true, home: { lat: 40.1, lon: -88.2, label: 'Home' }, chosenPlace: { label: "Sister's flat" } }), ALL, kmAsMinutes);
    expect(optionsOf(r)).toEqual(['stay', 'home', 'chosen_place', 'living_room', 'ccbhc', 'crisis_stabilisation_centre', 'emergency_department']);
    expect(r.ranked[1]!.etaMinutes).toEqual(expect.any(Number));
    expect(r.ranked.find((d) => d.option === 'living_room')!.reasons).toEqual(expect.arrayContaining(['3 beds free now']));
    expect(r.noEligibleDestination).toBeNull();
  });

  it('excludes by criteria with the facility’s own rule, and a full facility as full', async () => {
    const r = await recommendDestinations(situation({ age: 15 }), [facility('living_room'), facility('crisis_stabilisation_centre', { availableNow: 0, profile: { ...facility('crisis_stabilisation_centre').profile, criteria: { ...DEFAULT_CRITERIA.crisis_stabilisation_centre, minAge: null } } }), facility('emergency_department')], kmAsMinutes);
    expect(optionsOf(r)).toEqual(['emergency_department']);
    expect(r.excluded.find((e) => e.option === 'living_room')).toMatchObject({ code: 'criteria', rule: 'under_min_age', reason: 'Living Room takes adults 18 and over; the person is 15' });
    expect(r.excluded.find((e) => e.option === 'crisis_stabilisation_centre')).toMatchObject({ code: 'full' });
    expect(r.excluded.map((e) => e.option).slice(0, 3)).toEqual(['stay', 'home', 'chosen_place']);
  });

  it('a stale figure still ranks, flagged to phone first', async () => {
    const r = await recommendDestinations(situation(), [facility('living_room', { availableNow: 0, stale: true, ageSeconds: 4 * 3600 })], kmAsMinutes);
    expect(r.ranked[0]).toMatchObject({ option: 'living_room', stale: true });
    expect(r.ranked[0]!.reasons.at(-1)).toMatch(/240 min old: phone first/);
  });

  it('a medical need sends the person to an emergency department, whatever else fits', async () => {
    const r = await recommendDestinations(situation({ safeToStay: true, needsMedicalCare: true, home: { lat: 40.1, lon: -88.2, label: 'Home' } }), ALL, kmAsMinutes);
    expect(optionsOf(r)).toEqual(['emergency_department']);
    expect(r.excluded.filter((e) => e.code === 'needs_medical_care').map((e) => e.option)).toEqual(['stay', 'home', 'living_room', 'ccbhc', 'crisis_stabilisation_centre']);
  });

  it('criteria that exclude everyone say so: no eligible destination, with reasons, never an empty answer', async () => {
    const r = await recommendDestinations(situation({ age: 15, voluntary: false, broughtByPolice: true, intoxicated: true }), [facility('living_room'), facility('respite'), facility('inpatient_unit')], kmAsMinutes);
    expect(r.ranked).toEqual([]);
    expect(r.noEligibleDestination!.reason).toMatch(/^No eligible destination: not safe to stay; no home known; no place chosen; facilities' criteria exclude the person/);
    expect(r.excluded.length).toBe(6);
    expect(r.excluded.every((e) => e.reason.length > 0)).toBe(true);
  });

  it('a closed facility is excluded as closed', async () => {
    const closed = facility('living_room', { profile: { ...facility('living_room').profile, hours: { kind: 'weekly', periods: [{ day: 'MO', opens: '01:00', closes: '02:00' }] } as never } });
    const r = await recommendDestinations(situation(), [closed], kmAsMinutes);
    expect(r.excluded.find((e) => e.option === 'living_room')).toMatchObject({ code: 'criteria', rule: 'closed' });
  });
});
