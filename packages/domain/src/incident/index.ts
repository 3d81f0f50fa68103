export * from './types.ts';
export * from './disposition.ts';
export * from './transitions.ts';
export * from './events.ts';
export * from './decide.ts';
export * from './project.ts';
