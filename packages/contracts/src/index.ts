export * from './limits.ts';
export * from './common.ts';
export * from './incidents.ts';
export * from './session.ts';
export * from './realtime.ts';
export * from './protocol.ts';
export * from './intake.ts';
export * from './privacy.ts';
