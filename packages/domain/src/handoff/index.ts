export * from './types.ts';
export * from './transitions.ts';
export * from './receivers.ts';
export * from './decide.ts';
export * from './project.ts';
export * from './timers.ts';
export * from './grants.ts';
