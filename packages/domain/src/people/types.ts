import type { FieldClass } from '../access/field-classes.ts';

/** A calendar date as the person gives it, `YYYY-MM-DD`; never a time, so no time zone shifts it. */
export type CalendarDay = string;

export interface PersonName {
  given: string;
  family: string;
  /** The name the person asks to be called; responders use it. */
  preferred: string | null;
}

export interface PersonDemographics {
  gender: string | null;
  race: string | null;
  ethnicity: string | null;
}

/** The Stanley-Brown safety plan sections, in the order the person works through them. */
export const SAFETY_PLAN_SECTIONS = [
  'warningSigns',
  'internalCopingStrategies',
  'peopleAndPlacesForDistraction',
  'peopleToAskForHelp',
  'professionalsToContact',
  'makingTheEnvironmentSafe',
  'reasonsForLiving',
] as const;
export type SafetyPlanSection = (typeof SAFETY_PLAN_SECTIONS)[number];

/**
 * The person's crisis and safety plan: their own words per Stanley-Brown section, plus what
 * responders should know on arrival (what helps, what does not, language, where they want to go).
 */
export type SafetyPlan = Record<SafetyPlanSection, string[]> & {
  whatHelps: string[];
  whatDoesNotHelp: string[];
  preferredLanguage: string | null;
  preferredDestination: string | null;
};

/** A person known to an agency, linked to the contacts (incidents) that were about them. */
export interface Person {
  id: string;
  /** The agency that holds the record; others reach it only under a sharing agreement. */
  agencyId: string;
  name: PersonName;
  dateOfBirth: CalendarDay | null;
  phones: string[];
  demographics: PersonDemographics;
  safetyPlan: SafetyPlan | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The class of each part of a person record: presenters and audit rows read it from here. */
export const PERSON_FIELD_CLASS = {
  id: 'operational',
  agencyId: 'operational',
  version: 'operational',
  name: 'identity',
  dateOfBirth: 'identity',
  phones: 'identity',
  demographics: 'demographics',
  safetyPlan: 'clinical',
} as const satisfies Record<string, FieldClass>;

/** An empty plan: every section present, so editors and presenters need no special case. */
export const emptySafetyPlan = (): SafetyPlan => ({
  warningSigns: [],
  internalCopingStrategies: [],
  peopleAndPlacesForDistraction: [],
  peopleToAskForHelp: [],
  professionalsToContact: [],
  makingTheEnvironmentSafe: [],
  reasonsForLiving: [],
  whatHelps: [],
  whatDoesNotHelp: [],
  preferredLanguage: null,
  preferredDestination: null,
});
