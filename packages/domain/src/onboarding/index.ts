export * from './plan.ts';
export * from './rows.ts';
