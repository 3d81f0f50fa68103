// Administration of a region's organisation (issue 16 §1; ADR 0025): what the API, the command
// line and the file import (onboarding) share. Every write takes an actor: a request's context,
// or 'system' for the command line.
export * from './admin-scope.ts';
export * from './regions.ts';
export * from './agencies.ts';
export * from './units.ts';
export * from './districts.ts';
