export * from './agency-kinds.ts';
export * from './plan.ts';
export * from './rows.ts';
