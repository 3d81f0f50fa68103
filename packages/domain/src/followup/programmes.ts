/**
 * The follow-up programmes and their numbers, as data (DOMAIN.md §7). A programme decides how
 * long an episode stays open, how soon the first contact is due and how many tries are made
 * to reach the person before the episode may be closed as lost contact.
 */
export const PROGRAMME_IDS = ['program_590_mcrt', 'co_response', 'youth_cares'] as const;
export type ProgrammeId = (typeof PROGRAMME_IDS)[number];

export interface Programme {
  id: ProgrammeId;
  label: string;
  /** The episode stays open at least this long: closing earlier as "done" needs a note saying why. */
  minDays: number;
  /** The end of the programme window: the episode is reviewed for closure by then. */
  maxDays: number;
  /** The first contact is due this many hours after the episode opens. */
  firstContactWithinHours: number;
  /** Unanswered attempts allowed before the person is first reached. */
  maxAttempts: number;
}

export const PROGRAMMES: Record<ProgrammeId, Programme> = {
  // "Program 590 MCRT: follow-up at least 3 and up to 30 days" (DOMAIN.md §7). The 24 h first
  // contact and 3 attempts follow the Rockford team's practice, the one figure §7 gives for both.
  program_590_mcrt: { id: 'program_590_mcrt', label: 'Program 590 mobile crisis follow-up', minDays: 3, maxDays: 30, firstContactWithinHours: 24, maxAttempts: 3 },
  // "Co-response team: follow-up up to 60 days, until the person no longer needs the team; a sister
  // team in Rockford aims for a visit within 24 hours, up to 3 contact attempts" (DOMAIN.md §7).
  // No floor: the episode ends when the person no longer needs the team.
  co_response: { id: 'co_response', label: 'Co-response follow-up', minDays: 0, maxDays: 60, firstContactWithinHours: 24, maxAttempts: 3 },
  // Children (CARES): "at least 30 days of open access to services afterwards" (DOMAIN.md §7).
  // §7 sets no ceiling: 60 days matches the longest adult window so the episode is reviewed, not
  // forgotten. Five attempts, not three: contact goes through a parent, carer or DCFS caseworker,
  // and the 30 days of open access are the child's whether or not the first calls are answered.
  youth_cares: { id: 'youth_cares', label: 'Youth (CARES) follow-up', minDays: 30, maxDays: 60, firstContactWithinHours: 24, maxAttempts: 5 },
};

export const isProgrammeId = (value: string): value is ProgrammeId => (PROGRAMME_IDS as readonly string[]).includes(value);

/**
 * The follow-up programme of the team that answered a call, from its unit model; null for models
 * that carry no follow-up of their own (EMS and PSAP co-response hand on to one of these).
 */
export function programmeForUnitModel(model: string): ProgrammeId | null {
  if (model === 'program_590_mcrt' || model === 'alternative_response') return 'program_590_mcrt';
  if (model.startsWith('law_enforcement_co_response_')) return 'co_response';
  // Medicaid mobile crisis answers the CARES line's children and youth.
  if (model === 'medicaid_mobile_crisis' || model === 'cares' || model === 'youth_cares') return 'youth_cares';
  return null;
}
