import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { LIMITS } from '@continuum/contracts';
import { DEFAULT_ARRIVAL_HOLD_MINUTES } from '@continuum/domain';
import { DEFAULT_DATABASE_TIMEOUTS } from '@continuum/storage';
import { z } from 'zod';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const OIDC_HINT = 'set CONTINUUM_OIDC_ISSUER, CONTINUUM_OIDC_CLIENT_ID and CONTINUUM_OIDC_REDIRECT_URI together, or none of them';

/**
 * OIDC sign-in for agencies that have an identity provider. Tokens and the client secret travel
 * to the issuer, so it must be HTTPS; plain HTTP is accepted on this machine only (tests, trials).
 */
export const OidcConfigSchema = z.object({
  issuer: z.url({ error: `the issuer URL is required: ${OIDC_HINT}` }),
  clientId: z.string({ error: `the client id is required: ${OIDC_HINT}` }).min(1),
  /** Absent: a public client, protected by PKCE alone. */
  clientSecret: z.string().min(1).optional(),
  redirectUri: z.url({ error: `the redirect URI is required: ${OIDC_HINT}` }),
  /** The provider's name on the sign-in button, e.g. "Champaign County SSO". */
  label: z.string().min(1).max(60).default("your agency's identity provider"),
}).superRefine((o, ctx) => {
  const issuer = new URL(o.issuer);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname))) {
    ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'must be an https:// URL (http:// only for localhost)' });
  }
  const redirect = new URL(o.redirectUri);
  if (!['https:', 'http:'].includes(redirect.protocol) || !redirect.pathname.endsWith('/api/auth/oidc/callback') || redirect.search) {
    ctx.addIssue({ code: 'custom', path: ['redirectUri'], message: 'must be this server\'s public address followed by /api/auth/oidc/callback, e.g. https://continuum.example.org/api/auth/oidc/callback' });
  }
});
export type OidcConfig = z.infer<typeof OidcConfigSchema>;

const ADMIN_HINT = 'set CONTINUUM_ADMIN_USERNAME, CONTINUUM_ADMIN_PASSWORD, CONTINUUM_ADMIN_NAME and CONTINUUM_ADMIN_AGENCY together, or none of them';

/**
 * The first administrator, created at start-up on a database without accounts (ADR 0021). Any one
 * CONTINUUM_ADMIN_* setting turns it on, so a half-made set stops start-up naming what is missing.
 * The region and agency settings are needed only when the database has no agencies yet: then the
 * administrator's agency and its region are created from them.
 */
export const AdminConfigSchema = z.object({
  username: z.string({ error: `is required: ${ADMIN_HINT}` }).trim().min(3, 'must be at least 3 characters').max(LIMITS.username).regex(/^[a-z0-9._-]+$/, 'must be lower-case letters, digits, . _ -'),
  password: z.string({ error: `is required: ${ADMIN_HINT}` }).min(LIMITS.passwordMin, `must be at least ${LIMITS.passwordMin} characters`).max(LIMITS.passwordMax),
  displayName: z.string({ error: `is required: ${ADMIN_HINT}` }).trim().min(1, 'must not be empty').max(LIMITS.shortText),
  agencyId: z.string({ error: `is required: ${ADMIN_HINT}` }).trim().min(1, 'must not be empty').max(LIMITS.shortText),
  agencyName: z.string().trim().min(1).max(LIMITS.shortText).optional(),
  agencyKind: z.string().trim().min(1).optional(),
  regionId: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and -').max(LIMITS.shortText).optional(),
  regionName: z.string().trim().min(1).max(LIMITS.shortText).optional(),
});
export type AdminConfig = z.infer<typeof AdminConfigSchema>;

// proxy-addr's names for address ranges (Fastify's trustProxy understands them).
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const TRUSTED_PROXY_RULE = 'each entry must be an IP address, a CIDR range (e.g. 10.0.0.0/8) or one of loopback, linklocal, uniquelocal';

/** An address or CIDR range of a reverse proxy whose X-Forwarded-For is believed. */
export const TrustedProxy = z.string().trim().refine((v) => {
  if (PROXY_RANGE_NAMES.has(v)) return true;
  const [address, prefix, ...rest] = v.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}, { message: TRUSTED_PROXY_RULE });

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
  /**
   * The embedded database syncs each commit to the disk before answering (ADR 0024). Off is
   * PGlite as shipped: faster, and a power cut or a kernel crash loses the last acknowledged
   * calls. CONTINUUM_EMBEDDED_FSYNC=on|off; no effect in memory or on PostgreSQL.
   */
  embeddedFsync: z.boolean({ error: 'must be on or off' }).default(true),
  /**
   * Seed the Champaign County demo region when the database has no users yet. Unset: yes on the
   * embedded database (a laptop trial), no on a PostgreSQL server (a deployment): ADR 0021.
   */
  seedDemo: z.boolean().optional(),
  /**
   * Days of simulated history the demo seed writes behind the live calls (issue 13 §5, ADR 0037),
   * in the background once the server listens. 0 (the default of startServer, so tests start
   * quick) writes none; `continuum start` asks for 90. CONTINUUM_DEMO_HISTORY_DAYS.
   */
  demoHistoryDays: z.number({ error: 'must be a whole number of days' }).int().min(0).max(366).default(0),
  /** The first administrator, from CONTINUUM_ADMIN_* (ADR 0021). */
  admin: AdminConfigSchema.optional(),
  sessionHours: z.number().positive().max(24 * 30).default(12),
  /**
   * Reverse proxies whose X-Forwarded-For names the client (CONTINUUM_TRUSTED_PROXIES, comma-
   * separated). None by default: the sign-in throttle and the audit trail then use the peer's
   * address, so a client cannot pick its own address by sending the header.
   */
  trustedProxies: z.array(TrustedProxy).default([]),
  /** Set when served over HTTPS (production): cookies then carry `Secure`. */
  secureCookies: z.boolean().default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  webDist: z.string().optional(),
  feedChannel: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('continuum_feed'),
  /**
   * Bounds on waits in PostgreSQL (ADR 0022), in milliseconds: a statement, a lock (the feed's
   * order lock among them), and a transaction whose process has gone silent, which PostgreSQL
   * then ends so that its locks are released. A request that meets one answers 503 Retry-After.
   */
  dbStatementTimeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_DATABASE_TIMEOUTS.statementMs),
  dbLockTimeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_DATABASE_TIMEOUTS.lockMs),
  dbIdleTransactionTimeoutMs: z.number().int().min(100).max(600_000).default(DEFAULT_DATABASE_TIMEOUTS.idleInTransactionMs),
  /** A PostgreSQL schema to work in (tests, or several deployments on one server). */
  databaseSchema: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
  /** A unit position older than this shows as stale on the board (devices report every 5 s). */
  positionStaleSeconds: z.number().int().min(10).max(3600).default(60),
  /** Faster than this between two fixes of a unit is a GPS jump, and the fix is refused. */
  positionMaxSpeedKmh: z.number().positive().max(1000).default(300),
  /** A unit that has not acknowledged its call within this many seconds alerts the dispatcher. */
  acknowledgeWithinSeconds: z.number().int().min(10).max(3600).default(90),
  /** An on-scene crew checks in at least this often, or the dispatcher is alerted. */
  checkInEveryMinutes: z.number().int().min(1).max(240).default(15),
  /** The maximum response time where the region's plan sets none (the RAC's figure, CESSA §45). */
  regionalMaxMinutes: z.number().int().min(5).max(24 * 60).default(60),
  /** A 988 contact nobody accepts within this many seconds rolls to the backup centre (issue 11: 3 minutes). */
  handoffRolloverSeconds: z.number().int().min(10).max(3600).default(180),
  /** An emergency escalation nobody accepts within this many seconds alerts the receiving centre's supervisor. */
  handoffEscalationAlertSeconds: z.number().int().min(5).max(3600).default(30),
  /** A facility's bed or chair figure older than this shows as stale: phone before transport. */
  facilityStaleMinutes: z.number().int().min(1).max(7 * 24 * 60).default(120),
  /** An announced arrival holds a place at a facility this long unless its staff settle it sooner (ADR 0012). */
  arrivalHoldMinutes: z.number().int().min(15).max(24 * 60).default(DEFAULT_ARRIVAL_HOLD_MINUTES),
  /** An OSRM server for road travel times; absent: great-circle distance with a detour factor. */
  osrmUrl: z.url({ error: 'must be an http(s) URL of an OSRM server, e.g. http://osrm.internal:5000' }).optional(),
  /**
   * EIDO updates to 911 CADs (ADR 0029): how often each process looks for due deliveries, the
   * first retry's wait (doubled each time, up to 10 minutes) and the attempts before giving up.
   */
  eidoPollMs: z.number().int().min(10).max(60_000).default(1_000),
  eidoRetryBaseMs: z.number().int().min(10).max(600_000).default(2_000),
  eidoMaxAttempts: z.number().int().min(1).max(100).default(15),
  /** A Nominatim or Pelias server (Pelias at its /v1) for placing addresses; absent: a picked town pins its centre. */
  geocoderUrl: z.url({ error: 'must be an http(s) URL of a Nominatim server or a Pelias /v1 API, e.g. http://nominatim.internal:8080' }).optional(),
  /**
   * The map's basemap (issue 15 §5): a MapLibre style URL (an agency's tile server's style.json,
   * whose sources may be `pmtiles://…`), or the URL of a PMTiles file, drawn with the Protomaps
   * basemap style and the console's own glyphs. Absent: county outlines and town labels, offline.
   */
  mapStyle: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of a MapLibre style (style.json) or of a .pmtiles file, e.g. https://tiles.example.org/styles/basic/style.json' }).optional(),
  /** Absent: sign-in by password only. */
  oidc: OidcConfigSchema.optional(),
  /**
   * How long the change feed is kept for consoles to resume from (ADR 0023). A console away for
   * longer gets a reset and refetches, as one more than 5,000 changes behind already does.
   */
  feedRetentionHours: z.number({ error: 'must be a whole number of hours' }).int('must be a whole number of hours').min(1, 'must be at least 1 hour').max(24 * 366, 'must be at most 8784 hours (a year)').default(24),
  /**
   * How long fixes between calls are kept (ADR 0023): location data of staff, kept long enough to
   * look into a complaint or a coverage question, no longer. Fixes on a call are the incident's
   * trail and are kept with it.
   */
  positionRetentionDays: z.number({ error: 'must be a whole number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(3660, 'must be at most 3660 days (ten years)').default(30),
  /** How often each server process prunes; 0: never (run `continuum prune` from a scheduler instead). */
  pruneEveryMinutes: z.number({ error: 'must be a whole number of minutes' }).int('must be a whole number of minutes').min(0, 'must be 0 (off) or more').max(24 * 60, 'must be at most 1440 minutes (a day)').default(60),
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
    ...(env.CONTINUUM_EMBEDDED_FSYNC ? { embeddedFsync: onOff(env.CONTINUUM_EMBEDDED_FSYNC) } : {}),
    ...(env.CONTINUUM_DEMO_HISTORY_DAYS ? { demoHistoryDays: Number(env.CONTINUUM_DEMO_HISTORY_DAYS) } : {}),
    ...(env.CONTINUUM_SESSION_HOURS ? { sessionHours: Number(env.CONTINUUM_SESSION_HOURS) } : {}),
    ...(env.CONTINUUM_TRUSTED_PROXIES !== undefined ? { trustedProxies: env.CONTINUUM_TRUSTED_PROXIES.split(',').map((p) => p.trim()).filter(Boolean) } : {}),
    ...(env.CONTINUUM_SECURE_COOKIES ? { secureCookies: env.CONTINUUM_SECURE_COOKIES === 'true' } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL as Config['logLevel'] } : {}),
    ...(env.CONTINUUM_POSITION_STALE_SECONDS ? { positionStaleSeconds: Number(env.CONTINUUM_POSITION_STALE_SECONDS) } : {}),
    ...(env.CONTINUUM_ACK_SECONDS ? { acknowledgeWithinSeconds: Number(env.CONTINUUM_ACK_SECONDS) } : {}),
    ...(env.CONTINUUM_CHECK_IN_MINUTES ? { checkInEveryMinutes: Number(env.CONTINUUM_CHECK_IN_MINUTES) } : {}),
    ...(env.CONTINUUM_REGIONAL_MAX_MINUTES ? { regionalMaxMinutes: Number(env.CONTINUUM_REGIONAL_MAX_MINUTES) } : {}),
    ...(env.CONTINUUM_HANDOFF_ROLLOVER_SECONDS ? { handoffRolloverSeconds: Number(env.CONTINUUM_HANDOFF_ROLLOVER_SECONDS) } : {}),
    ...(env.CONTINUUM_HANDOFF_ESCALATION_ALERT_SECONDS ? { handoffEscalationAlertSeconds: Number(env.CONTINUUM_HANDOFF_ESCALATION_ALERT_SECONDS) } : {}),
    ...(env.CONTINUUM_FACILITY_STALE_MINUTES ? { facilityStaleMinutes: Number(env.CONTINUUM_FACILITY_STALE_MINUTES) } : {}),
    ...(env.CONTINUUM_OSRM_URL ? { osrmUrl: env.CONTINUUM_OSRM_URL } : {}),
    ...(env.CONTINUUM_GEOCODER_URL ? { geocoderUrl: env.CONTINUUM_GEOCODER_URL } : {}),
    ...(env.CONTINUUM_MAP_STYLE ? { mapStyle: env.CONTINUUM_MAP_STYLE } : {}),
    ...(env.CONTINUUM_DB_STATEMENT_TIMEOUT_MS ? { dbStatementTimeoutMs: Number(env.CONTINUUM_DB_STATEMENT_TIMEOUT_MS) } : {}),
    ...(env.CONTINUUM_DB_LOCK_TIMEOUT_MS ? { dbLockTimeoutMs: Number(env.CONTINUUM_DB_LOCK_TIMEOUT_MS) } : {}),
    ...(env.CONTINUUM_DB_IDLE_TRANSACTION_TIMEOUT_MS ? { dbIdleTransactionTimeoutMs: Number(env.CONTINUUM_DB_IDLE_TRANSACTION_TIMEOUT_MS) } : {}),
    ...(env.CONTINUUM_ARRIVAL_HOLD_MINUTES ? { arrivalHoldMinutes: Number(env.CONTINUUM_ARRIVAL_HOLD_MINUTES) } : {}),
    ...(env.CONTINUUM_FEED_RETENTION_HOURS ? { feedRetentionHours: Number(env.CONTINUUM_FEED_RETENTION_HOURS) } : {}),
    ...(env.CONTINUUM_POSITION_RETENTION_DAYS ? { positionRetentionDays: Number(env.CONTINUUM_POSITION_RETENTION_DAYS) } : {}),
    ...(env.CONTINUUM_EIDO_POLL_MS ? { eidoPollMs: Number(env.CONTINUUM_EIDO_POLL_MS) } : {}),
    ...(env.CONTINUUM_EIDO_RETRY_BASE_MS ? { eidoRetryBaseMs: Number(env.CONTINUUM_EIDO_RETRY_BASE_MS) } : {}),
    ...(env.CONTINUUM_EIDO_MAX_ATTEMPTS ? { eidoMaxAttempts: Number(env.CONTINUUM_EIDO_MAX_ATTEMPTS) } : {}),
    ...(env.CONTINUUM_PRUNE_EVERY_MINUTES ? { pruneEveryMinutes: Number(env.CONTINUUM_PRUNE_EVERY_MINUTES) } : {}),
    ...oidcFromEnv(env),
    ...adminFromEnv(env),
  };
  const parsed = ConfigSchema.safeParse({ ...fromEnv, ...stripUndefined(overrides) });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${settingName(i.path)}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}\nSee README.md, "Configuration".`);
  }
  return parsed.data;
}

// Any one CONTINUUM_OIDC_* setting turns OIDC on, so a half-made configuration fails at start-up
// with the missing setting named, rather than leaving the button dead.
function oidcFromEnv(env: NodeJS.ProcessEnv): Pick<ConfigInput, 'oidc'> {
  const o = {
    issuer: env.CONTINUUM_OIDC_ISSUER,
    clientId: env.CONTINUUM_OIDC_CLIENT_ID,
    clientSecret: env.CONTINUUM_OIDC_CLIENT_SECRET,
    redirectUri: env.CONTINUUM_OIDC_REDIRECT_URI,
    label: env.CONTINUUM_OIDC_LABEL,
  };
  return Object.values(o).some(Boolean) ? { oidc: stripUndefined(o) as NonNullable<ConfigInput['oidc']> } : {};
}

const ADMIN_ENV = {
  username: 'CONTINUUM_ADMIN_USERNAME',
  password: 'CONTINUUM_ADMIN_PASSWORD',
  displayName: 'CONTINUUM_ADMIN_NAME',
  agencyId: 'CONTINUUM_ADMIN_AGENCY',
  agencyName: 'CONTINUUM_ADMIN_AGENCY_NAME',
  agencyKind: 'CONTINUUM_ADMIN_AGENCY_KIND',
  regionId: 'CONTINUUM_ADMIN_REGION',
  regionName: 'CONTINUUM_ADMIN_REGION_NAME',
} as const satisfies Record<keyof AdminConfig, string>;

function adminFromEnv(env: NodeJS.ProcessEnv): Pick<ConfigInput, 'admin'> {
  const a = Object.fromEntries(Object.entries(ADMIN_ENV).map(([field, name]) => [field, env[name] || undefined]));
  return Object.values(a).some(Boolean) ? { admin: stripUndefined(a) as NonNullable<ConfigInput['admin']> } : {};
}

// The environment variable's name where the setting has one, so the operator finds what to fix.
const ENV_NAMES: Record<string, string> = {
  handoffRolloverSeconds: 'CONTINUUM_HANDOFF_ROLLOVER_SECONDS',
  handoffEscalationAlertSeconds: 'CONTINUUM_HANDOFF_ESCALATION_ALERT_SECONDS',
  embeddedFsync: 'CONTINUUM_EMBEDDED_FSYNC',
  trustedProxies: 'CONTINUUM_TRUSTED_PROXIES',
  dbStatementTimeoutMs: 'CONTINUUM_DB_STATEMENT_TIMEOUT_MS',
  dbLockTimeoutMs: 'CONTINUUM_DB_LOCK_TIMEOUT_MS',
  dbIdleTransactionTimeoutMs: 'CONTINUUM_DB_IDLE_TRANSACTION_TIMEOUT_MS',
  feedRetentionHours: 'CONTINUUM_FEED_RETENTION_HOURS',
  positionRetentionDays: 'CONTINUUM_POSITION_RETENTION_DAYS',
  pruneEveryMinutes: 'CONTINUUM_PRUNE_EVERY_MINUTES',
  eidoPollMs: 'CONTINUUM_EIDO_POLL_MS',
  geocoderUrl: 'CONTINUUM_GEOCODER_URL',
  mapStyle: 'CONTINUUM_MAP_STYLE',
  eidoRetryBaseMs: 'CONTINUUM_EIDO_RETRY_BASE_MS',
  eidoMaxAttempts: 'CONTINUUM_EIDO_MAX_ATTEMPTS',
  ...Object.fromEntries(Object.entries(ADMIN_ENV).map(([field, name]) => [`admin.${field}`, name])),
};
const settingName = (path: PropertyKey[]): string => {
  const name = path.map(String).join('.') || '(config)';
  const env = ENV_NAMES[name] ?? ENV_NAMES[String(path[0] ?? '')];
  return env ? `${name} (${env})` : name;
};

/** The environment variable of a first-administrator setting, for messages at start-up. */
export const adminSettingName = (field: keyof AdminConfig): string => ADMIN_ENV[field];

/** `on`/`off` as a boolean; anything else passes through for the schema to refuse by name. */
const onOff = (value: string): boolean => {
  const v = value.trim().toLowerCase();
  return v === 'on' ? true : v === 'off' ? false : (value as unknown as boolean);
};

const stripUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
