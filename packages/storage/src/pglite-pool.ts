import type { PGlite } from '@electric-sql/pglite';

/**
 * Presents one PGlite instance as the `pg`-style pool Kysely's PostgresDialect expects.
 * PGlite is a single connection, so a lease is exclusive: a transaction's statements can never
 * interleave with another request's.
 */
export class PGlitePool {
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly pg: PGlite) {}

  async connect(): Promise<{ query: PGlitePool['query']; release: () => void }> {
    let release!: () => void;
    const leased = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#queue;
    this.#queue = previous.then(() => leased);
    await previous;
    return { query: (sql, params) => this.query(sql, params), release };
  }

  async query(sql: string, params: readonly unknown[] = []) {
    // Parameterless text may hold several statements (migrations), which only the simple
    // protocol (`exec`) accepts; the last statement's result is the answer.
    const result =
      params.length === 0
        ? ((await this.pg.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pg.query<Record<string, unknown>>(sql, params as unknown[]);
    const command = sql.trimStart().split(/\s/, 1)[0]?.toUpperCase() ?? '';
    return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows as Record<string, unknown>[] };
  }

  async end(): Promise<void> {
    // The owner closes the PGlite instance itself, after the listeners are gone.
  }
}
