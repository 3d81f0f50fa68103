export * from './start.ts';
export * from './config.ts';
export * from './services/context.ts';
export { createUser, createToken } from './services/accounts.ts';
export { seedDemo } from './demo/seed.ts';
export { DEMO_PASSWORD } from './demo/demo-region.ts';
export { hashPassword } from './auth/secrets.ts';
export { publishShippedProtocols } from './services/protocols.ts';
