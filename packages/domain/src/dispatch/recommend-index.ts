export * from './recommend-models.ts';
export * from './recommend-types.ts';
export * from './travel.ts';
export * from './eligibility.ts';
export * from './spatial.ts';
export * from './recommend.ts';
export * from './recommend-combos.ts';
export * from './recommend-cit.ts';
