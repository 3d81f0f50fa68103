/** Somewhere to go (issue 6 items 1-2): facilities, admission criteria, hours, live capacity. */
export * from './facility.ts';
export * from './hours.ts';
export * from './capacity.ts';
export * from './eligibility.ts';
export * from './recommend-destinations.ts';
