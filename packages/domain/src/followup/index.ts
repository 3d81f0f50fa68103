/** Follow-up episodes after a crisis (issue 6 §6-7), exported as one entry of the domain. */
export * from './programmes.ts';
export * from './types.ts';
export * from './events.ts';
export * from './transitions.ts';
export * from './decide.ts';
export * from './project.ts';
export * from './caseload.ts';
