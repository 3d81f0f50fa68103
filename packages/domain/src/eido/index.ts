export * from './incident-types.ts';
