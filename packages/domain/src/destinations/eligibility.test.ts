import { describe, expect, it } from 'vitest';
import { DEFAULT_CRITERIA, type FacilityProfile } from './facility.ts';
import { facilityEligibility, facilityExclusions, type FacilitySituation } from './eligibility.ts';
import { ALWAYS_OPEN, dailyHours } from './hours.ts';

// 20:00 in Champaign on a Sunday in November (CST, UTC-6).
const evening = new Date('2026-11-22T02:00:00Z');
const morning = new Date('2026-11-22T14:00:00Z'); // 08:00 local
const livingRoom: FacilityProfile = { kind: 'living_room', name: 'Rantoul Living Room', criteria: DEFAULT_CRITERIA.living_room, hours: dailyHours('10:00', '22:00') };
const centre: FacilityProfile = { kind: 'crisis_stabilisation_centre', name: 'East Central Crisis Stabilization Center', criteria: DEFAULT_CRITERIA.crisis_stabilisation_centre, hours: ALWAYS_OPEN };
const inpatient: FacilityProfile = { kind: 'inpatient_unit', name: 'Inpatient', criteria: { ...DEFAULT_CRITERIA.inpatient_unit, insuranceRequired: true, maxAge: 64 }, hours: ALWAYS_OPEN };
const ccbhc: FacilityProfile = { kind: 'ccbhc', name: 'CCBHC', criteria: DEFAULT_CRITERIA.ccbhc, hours: ALWAYS_OPEN };
const adult = (o: Partial<FacilitySituation> = {}): FacilitySituation => ({ age: 34, voluntary: true, broughtByPolice: false, intoxicated: false, medicallyCleared: false, insured: false, at: evening, ...o });

describe('facilityEligibility', () => {
  it.each([
    ['a voluntary adult at the Living Room in its hours', livingRoom, adult(), null],
    ['a 15-year-old at the Living Room', livingRoom, adult({ age: 15 }), { code: 'under_min_age', reason: 'Living Room takes adults 18 and over; the person is 15', generalReason: 'Living Room takes adults 18 and over; the person is younger' }],
    ['an unknown age is not held against the person', livingRoom, adult({ age: null }), null],
    ['the Living Room before it opens', livingRoom, adult({ at: morning }), { code: 'closed', reason: 'Rantoul Living Room is closed now (open 10:00-22:00 daily)' }],
    ['someone held on a petition at the Living Room', livingRoom, adult({ voluntary: false }), { code: 'voluntary_only' }],
    ['a police drop-off who meets the Living Room’s criteria', livingRoom, adult({ broughtByPolice: true }), null],
    ['intoxicated at the Living Room', livingRoom, adult({ intoxicated: true }), { code: 'intoxication_not_accepted' }],
    ['the stabilisation centre takes a police drop-off, intoxicated, uninsured, without clearance', centre, adult({ broughtByPolice: true, intoxicated: true, voluntary: false }), null],
    ['the CCBHC takes a child regardless of ability to pay', ccbhc, adult({ age: 9, insured: false }), null],
    ['the CCBHC does not take a police drop-off', ccbhc, adult({ broughtByPolice: true }), { code: 'no_police_drop_off' }],
    ['inpatient without medical clearance', inpatient, adult({ insured: true }), { code: 'medical_clearance_required' }],
    ['inpatient, cleared but uninsured', inpatient, adult({ medicallyCleared: true }), { code: 'insurance_required' }],
    ['inpatient over its age range', inpatient, adult({ age: 70, medicallyCleared: true, insured: true }), { code: 'over_max_age', reason: 'Inpatient unit takes people aged 18 to 64; the person is 70', generalReason: 'Inpatient unit takes people aged 18 to 64; the person is older' }],
  ] as const)('%s', (_name, facility, situation, expected) => {
    const got = facilityEligibility(facility, situation);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatchObject(expected);
  });

  it('lists every broken rule in order, the first of which is the answer', () => {
    const all = facilityExclusions(livingRoom, adult({ age: 16, voluntary: false, intoxicated: true, at: morning }));
    expect(all.map((e) => e.code)).toEqual(['closed', 'under_min_age', 'voluntary_only', 'intoxication_not_accepted']);
    expect(facilityEligibility(livingRoom, adult({ age: 16, voluntary: false, intoxicated: true, at: morning }))?.code).toBe('closed');
  });
});
