import type { DestinationOption, Disposition } from '@continuum/domain';
import type { AssignmentView } from '@continuum/sdk';
import { blankDraft, type CloseDraft, type OutcomeChoice } from './close-form.ts';

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

/** The field's and the board's choice: in-person endings only, none apart. */
export const fieldOutcomes: OutcomeChoice = { primary: FIELD_OUTCOMES, other: [] };

/**
 * The form as it opens: after the transport step to a facility, transported there by the crew
 * (what happened, nine times in ten); otherwise stabilised on site. `choice` is what the crew
 * picked in Where to? when that leads to closing instead of transport.
 */
export function draftFor(assignment: Pick<AssignmentView, 'destinationFacilityId'>, choice?: { option: DestinationOption; place?: string }): CloseDraft {
  if (choice?.option === 'stay') return blankDraft('stabilised_on_site');
  if (choice?.option === 'home') return { ...blankDraft('transported'), destination: 'home' };
  if (choice?.option === 'chosen_place') return { ...blankDraft('transported'), destination: 'chosen_place', place: choice.place ?? '' };
  if (assignment.destinationFacilityId) return { ...blankDraft('transported'), destination: 'facility', facilityId: assignment.destinationFacilityId };
  return blankDraft('stabilised_on_site');
}
