export * from './types.ts';
export * from './dates.ts';
export * from './similarity.ts';
export * from './nicknames.ts';
export * from './matching.ts';
export * from './links.ts';
export * from './validate.ts';
