export * from './months.ts';
export * from './suppression.ts';
export * from './facts.ts';
export * from './grid.ts';
export * from './rac.ts';
export * from './drill.ts';
