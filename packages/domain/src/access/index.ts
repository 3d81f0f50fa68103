export * from './roles.ts';
export * from './field-classes.ts';
export * from './policy.ts';
export * from './sharing.ts';
export * from './passwords.ts';
export * from './part2.ts';
export * from './credentials.ts';
