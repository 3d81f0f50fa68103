export * from './errors.ts';
export * from './ids.ts';
export * from './incident/index.ts';
export * from './access/index.ts';
export * from './triage/index.ts';
export * from './reports/index.ts';
export * from './dispatch/unit-status-index.ts';
export * from './dispatch/recommend-index.ts';
