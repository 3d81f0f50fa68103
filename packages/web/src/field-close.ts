import {
  checkDisposition,
  DomainError,
  type DeflectionPathway,
  type DestinationKind,
  type DestinationOption,
  type Disposition,
  type DiversionKind,
  type Petitioner,
  type Transporter,
} from '@continuum/domain';
import type { AssignmentView } from '@continuum/sdk';
import type { CloseInput } from './field-queue.ts';
import { fileIssues, type FormIssues } from './form-issues.ts';

/**
 * The outcomes a crew in the field picks from, most common first. The phone-only endings
 * (resolved by phone, transferred to 988, routed to CARES) belong to the call-taker, not here.
 */
export const FIELD_OUTCOMES = [
  'stabilised_on_site',
  'transported',
  'referred',
  'refused',
  'emergency_department',
  'inpatient',
  'involuntary_petition',
  'arrest',
  'unable_to_locate',
  'no_response_needed',
] as const satisfies readonly Disposition[];
export type FieldOutcome = (typeof FIELD_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<FieldOutcome, string> = {
  stabilised_on_site: 'Stabilised on site',
  transported: 'Transported',
  referred: 'Referred to services',
  refused: 'Refused help',
  emergency_department: 'Emergency department',
  inpatient: 'Inpatient admission',
  involuntary_petition: 'Involuntary petition',
  arrest: 'Arrest',
  unable_to_locate: 'Unable to locate',
  no_response_needed: 'No response needed',
};

export const TRANSPORTER_LABELS: Record<Transporter, string> = { crisis_team: 'Our crisis team', police: 'Police', ems: 'EMS', family: 'Family or friend', self: 'On their own' };
export const DESTINATION_LABELS: Record<DestinationKind, string> = { home: 'Home', chosen_place: 'Chosen place', facility: 'Facility' };
export const PETITIONER_LABELS: Record<Petitioner, string> = { crisis_team: 'Our crisis team', police: 'Police', ems: 'EMS', physician: 'A physician', family: 'Family', other: 'Someone else' };
export const DEFLECTION_LABELS: Record<DeflectionPathway, string> = {
  self_referral: 'Self-referral',
  active_outreach: 'Active outreach',
  naloxone_plus: 'Naloxone plus',
  first_responder_referral: 'First responder referral',
  officer_intervention_referral: 'Officer intervention referral',
  community_response: 'Community response',
};
export const DIVERSION_LABELS: Record<DiversionKind, string> = { health_care_referral: 'Referred to health care', pre_arrest_case_management: 'Pre-arrest case management' };

/** Outcomes in which the person was taken somewhere: the form asks by whom and where (as the domain does). */
const MOVED: readonly FieldOutcome[] = ['transported', 'emergency_department', 'inpatient'];
export const needsTransport = (o: FieldOutcome): boolean => MOVED.includes(o);

/** What the crew is filling in: every choice a plain value, so the form is a set of controls. */
export interface CloseDraft {
  disposition: FieldOutcome;
  transportBy: Transporter;
  destination: DestinationKind;
  facilityId: string;
  place: string;
  petitionBy: Petitioner | '';
  referredTo: string;
  useOfForce: boolean;
  injuries: { person: boolean; responder: boolean; other: boolean };
  deflectionPathway: DeflectionPathway | '';
  diversion: DiversionKind | '';
  note: string;
  /** Offer the programme's follow-up (the default); false when the person declines it. */
  followUp: boolean;
}

const BLANK: CloseDraft = {
  disposition: 'stabilised_on_site',
  transportBy: 'crisis_team',
  destination: 'facility',
  facilityId: '',
  place: '',
  petitionBy: '',
  referredTo: '',
  useOfForce: false,
  injuries: { person: false, responder: false, other: false },
  deflectionPathway: '',
  diversion: '',
  note: '',
  followUp: true,
};

/**
 * The form as it opens: after the transport step to a facility, transported there by the crew
 * (what happened, nine times in ten); otherwise stabilised on site. `choice` is what the crew
 * picked in Where to? when that leads to closing instead of transport.
 */
export function draftFor(assignment: Pick<AssignmentView, 'destinationFacilityId'>, choice?: { option: DestinationOption; place?: string }): CloseDraft {
  if (choice?.option === 'stay') return { ...BLANK };
  if (choice?.option === 'home') return { ...BLANK, disposition: 'transported', destination: 'home' };
  if (choice?.option === 'chosen_place') return { ...BLANK, disposition: 'transported', destination: 'chosen_place', place: choice.place ?? '' };
  if (assignment.destinationFacilityId) return { ...BLANK, disposition: 'transported', destination: 'facility', facilityId: assignment.destinationFacilityId };
  return { ...BLANK };
}

/** A new outcome keeps what still applies; an ED or inpatient ending is always at a facility. */
export function withOutcome(draft: CloseDraft, disposition: FieldOutcome): CloseDraft {
  const next = { ...draft, disposition };
  if (disposition === 'emergency_department' || disposition === 'inpatient') next.destination = 'facility';
  if (disposition === 'arrest') next.diversion = '';
  return next;
}

/** The close request for the draft: only the parts the outcome uses, so nothing stale is sent. */
export function closeBody(d: CloseDraft): CloseInput {
  const transport = needsTransport(d.disposition)
    ? {
        by: d.transportBy,
        destination: d.destination,
        ...(d.destination === 'facility' && d.facilityId ? { facilityId: d.facilityId } : {}),
        ...(d.destination === 'chosen_place' && d.place.trim() ? { place: d.place.trim() } : {}),
      }
    : undefined;
  const referredTo = d.referredTo.split(/[,;\n]/).map((r) => r.trim()).filter(Boolean);
  const details: NonNullable<CloseInput['details']> = {
    ...(transport ? { transport } : {}),
    ...(d.disposition === 'involuntary_petition' && d.petitionBy ? { involuntaryPetition: { by: d.petitionBy } } : {}),
    ...(referredTo.length ? { referredTo } : {}),
    useOfForce: d.useOfForce,
    injuries: { ...d.injuries },
    deflectionPathway: d.deflectionPathway || null,
    diversion: d.diversion || null,
    ...(d.note.trim() ? { note: d.note.trim() } : {}),
  };
  return { action: 'close', disposition: d.disposition, details, ...(d.followUp ? {} : { followUp: false }) };
}

/** The form's fields, by the issue paths the server (and the domain) name. */
export const CLOSE_FIELDS = [
  'disposition',
  'details.transport',
  'details.transport.by',
  'details.transport.destination',
  'details.transport.facilityId',
  'details.transport.place',
  'details.involuntaryPetition',
  'details.referredTo',
  'details.deflectionPathway',
  'details.diversion',
  'details.note',
] as const;

/**
 * The domain's own check of the ending, run on the phone before it is queued: the same rules the
 * server applies, so a crew in a dead zone hears "say who initiated the petition" at once
 * rather than when the network returns.
 */
export function checkDraft(d: CloseDraft): FormIssues {
  const body = closeBody(d);
  try {
    checkDisposition(body.disposition, body.details ?? {});
    return { fields: {}, general: [] };
  } catch (error) {
    if (error instanceof DomainError) return fileIssues(error.issues, CLOSE_FIELDS);
    throw error;
  }
}

/** Whether the form has anything to fix. */
export const hasIssues = (i: FormIssues): boolean => Object.keys(i.fields).length > 0 || i.general.length > 0;

/** One line saying how the call ends, for the confirmation: "Transported to Living Room by our crisis team". */
export function summaryOf(d: CloseDraft, facilityName: (id: string) => string): string {
  const outcome = OUTCOME_LABELS[d.disposition];
  if (!needsTransport(d.disposition)) return d.disposition === 'involuntary_petition' && d.petitionBy ? `${outcome} by ${PETITIONER_LABELS[d.petitionBy].toLowerCase()}` : outcome;
  const where = d.destination === 'facility' ? (d.facilityId ? facilityName(d.facilityId) : 'a facility') : d.destination === 'home' ? 'home' : d.place.trim() || 'a place they chose';
  return `${outcome} to ${where} by ${TRANSPORTER_LABELS[d.transportBy].toLowerCase()}`;
}
