export * from './types.ts';
export * from './plan.ts';
export * from './evaluate.ts';
export * from './lint.ts';
export * from './cases.ts';
