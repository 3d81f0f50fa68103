import type { OpeningHours } from './hours.ts';

/**
 * The kinds of place a person in crisis may be taken to (DOMAIN.md §7, "somewhere to go"),
 * named as the agency kinds of the tenancy tree.
 */
export const FACILITY_KINDS = [
  'crisis_stabilisation_centre',
  'living_room',
  'ccbhc',
  'emergency_department',
  'inpatient_unit',
  'withdrawal_management',
  'respite',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const FACILITY_KIND_LABELS: Record<FacilityKind, string> = {
  crisis_stabilisation_centre: 'Crisis stabilisation centre',
  living_room: 'Living Room',
  ccbhc: 'CCBHC',
  emergency_department: 'Emergency department',
  inpatient_unit: 'Inpatient unit',
  withdrawal_management: 'Withdrawal management',
  respite: 'Respite',
};

export const isFacilityKind = (value: string): value is FacilityKind => (FACILITY_KINDS as readonly string[]).includes(value);

/** What a facility counts: a Living Room has recliners, a centre or a unit has beds. */
export const CAPACITY_UNITS = ['beds', 'chairs'] as const;
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];

/**
 * Who a facility takes, as data, so that a responding team knows before it drives there.
 * Ages are inclusive; null means no bound.
 */
export interface AdmissionCriteria {
  minAge: number | null;
  maxAge: number | null;
  /** Only people who come of their own will (a Living Room): no one held on a petition. */
  voluntaryOnly: boolean;
  /** Takes people brought by police who meet its other criteria. */
  acceptsPoliceDropOff: boolean;
  /** Needs medical clearance (usually an ED visit) before admission. */
  medicalClearanceRequired: boolean;
  /** Takes people who are intoxicated. */
  intoxicationAccepted: boolean;
  /** Checks insurance before admission; CESSA's facilities do not. */
  insuranceRequired: boolean;
}

/** What a facility offers, as short codes the directory and HSDS attributes share. */
export const FACILITY_SERVICES = [
  'crisis_stabilisation',
  'peer_support',
  'safety_screening',
  'psychiatric_evaluation',
  'medication_management',
  'withdrawal_management',
  'overnight_stay',
  'emergency_medical_care',
  'outpatient_referral',
  'case_management',
  'youth_services',
  'telehealth',
] as const;
export type FacilityService = (typeof FACILITY_SERVICES)[number];

/** The facts of a facility the rules in this folder read: no contact details, no live figures. */
export interface FacilityProfile {
  kind: FacilityKind;
  name: string;
  criteria: AdmissionCriteria;
  hours: OpeningHours;
}

/** The criteria a kind of facility has unless it says otherwise (DOMAIN.md §7). */
export const DEFAULT_CRITERIA: Record<FacilityKind, AdmissionCriteria> = {
  // Adults 18+, voluntary, police drop-offs of people who meet the criteria, no insurance check.
  living_room: { minAge: 18, maxAge: null, voluntaryOnly: true, acceptsPoliceDropOff: true, medicalClearanceRequired: false, intoxicationAccepted: false, insuranceRequired: false },
  // Accepts all referrals, no medical clearance first.
  crisis_stabilisation_centre: { minAge: 18, maxAge: null, voluntaryOnly: false, acceptsPoliceDropOff: true, medicalClearanceRequired: false, intoxicationAccepted: true, insuranceRequired: false },
  // Regardless of ability to pay, residence or age.
  ccbhc: { minAge: null, maxAge: null, voluntaryOnly: true, acceptsPoliceDropOff: false, medicalClearanceRequired: false, intoxicationAccepted: true, insuranceRequired: false },
  emergency_department: { minAge: null, maxAge: null, voluntaryOnly: false, acceptsPoliceDropOff: true, medicalClearanceRequired: false, intoxicationAccepted: true, insuranceRequired: false },
  inpatient_unit: { minAge: 18, maxAge: null, voluntaryOnly: false, acceptsPoliceDropOff: false, medicalClearanceRequired: true, intoxicationAccepted: false, insuranceRequired: false },
  withdrawal_management: { minAge: 18, maxAge: null, voluntaryOnly: true, acceptsPoliceDropOff: true, medicalClearanceRequired: false, intoxicationAccepted: true, insuranceRequired: false },
  respite: { minAge: 18, maxAge: null, voluntaryOnly: true, acceptsPoliceDropOff: false, medicalClearanceRequired: false, intoxicationAccepted: false, insuranceRequired: false },
};
