import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Everything the server can be told, typed and checked at start-up. The zero-configuration
 * default is the embedded database in ./data, so a laptop needs no set-up.
 */
export const ConfigSchema = z.object({
  port: z.number().int().min(0).max(65535).default(8080),
  host: z.string().default('0.0.0.0'),
  /** postgres://… for a PostgreSQL server; absent selects the embedded PGlite. */
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  dataDir: z.string().default(resolve('data')),
  memory: z.boolean().default(false),
  /** Seed the Champaign County demo region when the database has no users yet. */
  seedDemo: z.boolean().default(true),
  sessionHours: z.number().positive().max(24 * 30).default(12),
  /** Set when served over HTTPS (production): cookies then carry `Secure`. */
  secureCookies: z.boolean().default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  webDist: z.string().optional(),
  feedChannel: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('continuum_feed'),
  /** A PostgreSQL schema to work in (tests, or several deployments on one server). */
  databaseSchema: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Reads the environment, lets explicit options win, and fails fast with the field and a hint. */
export function loadConfig(overrides: ConfigInput = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const fromEnv: ConfigInput = {
    ...(env.PORT ? { port: Number(env.PORT) } : {}),
    ...(env.HOST ? { host: env.HOST } : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.CONTINUUM_DATA_DIR ? { dataDir: env.CONTINUUM_DATA_DIR } : {}),
    ...(env.CONTINUUM_SESSION_HOURS ? { sessionHours: Number(env.CONTINUUM_SESSION_HOURS) } : {}),
    ...(env.CONTINUUM_SECURE_COOKIES ? { secureCookies: env.CONTINUUM_SECURE_COOKIES === 'true' } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL as Config['logLevel'] } : {}),
  };
  const parsed = ConfigSchema.safeParse({ ...fromEnv, ...stripUndefined(overrides) });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}\nSee README.md, "Configuration".`);
  }
  return parsed.data;
}

const stripUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
