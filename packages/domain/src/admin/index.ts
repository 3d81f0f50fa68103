export * from './organisation.ts';
export * from './districts.ts';
