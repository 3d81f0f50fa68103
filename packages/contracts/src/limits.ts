/** Limits shared by the server's validation and the console's forms, so both say the same. */
export const LIMITS = {
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: 64 * 1024,
  /** Deepest nesting of arrays and objects a JSON body may have (HSDS and GeoJSON need under 10). */
  maxJsonDepth: 32,
  shortText: 200,
  summary: 2000,
  reason: 500,
  address: 300,
  phone: 32,
  username: 64,
  passwordMin: 12,
  passwordMax: 256,
  idempotencyKey: 128,
  pageSize: 200,
} as const;
