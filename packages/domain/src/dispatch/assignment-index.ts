/** Dispatch actions (issue 5 §4-5): assignments of units to incidents, the response clock, alerts. */
export * from './assignment-types.ts';
export * from './assignment-plan.ts';
export * from './assignment.ts';
export * from './assignment-fold.ts';
export * from './response-clock.ts';
