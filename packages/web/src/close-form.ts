import {
  checkDisposition,
  DISPOSITIONS,
  DomainError,
  type DeflectionPathway,
  type DestinationKind,
  type Disposition,
  type DiversionKind,
  type Petitioner,
  type Transporter,
} from '@continuum/domain';
import type { AssignmentView, TransitionInput } from '@continuum/sdk';
import { fileIssues, type FormIssues } from './form-issues.ts';

/**
 * The close form shared by everyone who ends a call with a disposition: the crew in the field,
 * the call-taker who resolved it on the phone, the dispatcher whose units have cleared. One draft,
 * one body, one check (the domain's), so the three screens cannot drift apart.
 */
export type CloseInput = Extract<TransitionInput, { action: 'close' }>;

export const OUTCOME_LABELS: Record<Disposition, string> = {
  resolved_by_phone: 'Resolved by phone',
  transferred_to_988: 'Transferred to 988',
  escalated_to_911: 'Escalated to 911',
  routed_to_cares: 'Routed to the CARES line',
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

/** The endings of a call handled on the phone, most common first; every other code sits under "other outcomes". */
export const PHONE_OUTCOMES = ['resolved_by_phone', 'referred', 'refused', 'no_response_needed'] as const satisfies readonly Disposition[];

/** Which outcomes a screen offers: its own first, then (optionally) the rest of the list apart. */
export interface OutcomeChoice {
  primary: readonly Disposition[];
  other: readonly Disposition[];
}
export const phoneOutcomes: OutcomeChoice = { primary: PHONE_OUTCOMES, other: DISPOSITIONS.filter((d) => !(PHONE_OUTCOMES as readonly Disposition[]).includes(d)) };

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
const MOVED: readonly Disposition[] = ['transported', 'emergency_department', 'inpatient'];
export const needsTransport = (o: Disposition): boolean => MOVED.includes(o);

/** Endings after which the server opens no follow-up (server services/close.ts): the choice would mean nothing. */
const NO_FOLLOW_UP: readonly Disposition[] = ['unable_to_locate', 'no_response_needed', 'arrest', 'escalated_to_911', 'transferred_to_988', 'routed_to_cares'];
export const followUpApplies = (o: Disposition): boolean => !NO_FOLLOW_UP.includes(o);

/** What the person closing is filling in: every choice a plain value, so the form is a set of controls. */
export interface CloseDraft {
  disposition: Disposition;
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

/** A form with nothing but the outcome chosen. */
export function blankDraft(disposition: Disposition): CloseDraft {
  return {
    disposition,
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
}

/**
 * The dispatcher's form as it opens: a unit that announced its destination took the person
 * there (a facility by id, else the place it named); otherwise the team stabilised them on site.
 */
export function draftFromAssignments(assignments: readonly Pick<AssignmentView, 'destinationFacilityId' | 'destination' | 'stage'>[]): CloseDraft {
  const moved = assignments.filter((a) => a.stage !== 'released').find((a) => a.destinationFacilityId || a.destination);
  if (moved?.destinationFacilityId) return { ...blankDraft('transported'), destination: 'facility', facilityId: moved.destinationFacilityId };
  if (moved?.destination) return { ...blankDraft('transported'), destination: 'chosen_place', place: moved.destination };
  return blankDraft('stabilised_on_site');
}

/** A new outcome keeps what still applies; an ED or inpatient ending is always at a facility. */
export function withOutcome(draft: CloseDraft, disposition: Disposition): CloseDraft {
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
  const followUp = followUpApplies(d.disposition) && !d.followUp ? { followUp: false } : {};
  return { action: 'close', disposition: d.disposition, details, ...followUp };
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
  'followUp',
] as const;

/**
 * The domain's own check of the ending, run before anything is sent: the same rules the server
 * applies, so "say who initiated the petition" is heard at once, even in a dead zone.
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
  if (!needsTransport(d.disposition)) {
    if (d.disposition === 'involuntary_petition' && d.petitionBy) return `${outcome} by ${PETITIONER_LABELS[d.petitionBy].toLowerCase()}`;
    const to = d.referredTo.split(/[,;\n]/).map((r) => r.trim()).filter(Boolean);
    return d.disposition === 'referred' && to.length ? `${outcome}: ${to.join(', ')}` : outcome;
  }
  const where = d.destination === 'facility' ? (d.facilityId ? facilityName(d.facilityId) : 'a facility') : d.destination === 'home' ? 'home' : d.place.trim() || 'a place they chose';
  return `${outcome} to ${where} by ${TRANSPORTER_LABELS[d.transportBy].toLowerCase()}`;
}
