import { includesPolice } from '../triage/plan.ts';
import type { DispatchUnit, PlanForDispatch } from './recommend-types.ts';

/**
 * Minutes a police unit without a CIT-trained officer gives up to one with, when police respond
 * (issue 12 §6): a CIT-trained officer is preferred, but not at any cost in arrival time.
 */
export const CIT_PREFERENCE_MINUTES = 5;

/** Whether the CIT preference applies to a unit under a plan: police respond and the unit brings them. */
export const citMatters = (unit: Pick<DispatchUnit, 'composition'>, plan: Pick<PlanForDispatch, 'responders'>): boolean =>
  includesPolice(plan.responders) && unit.composition.includes('police_officer');

/** The minutes added to a unit's sort key (never to its ETA): a police unit without a CIT-trained officer, when police respond. */
export const citPenalty = (unit: Pick<DispatchUnit, 'composition' | 'citTrainedOfficer'>, plan: Pick<PlanForDispatch, 'responders'>): number =>
  citMatters(unit, plan) && !unit.citTrainedOfficer ? CIT_PREFERENCE_MINUTES : 0;
