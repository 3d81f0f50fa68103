export * from './months.ts';
export * from './suppression.ts';
