import type { Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

export type Claim =
  | { kind: 'new' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'mismatch' };

/**
 * Idempotency keys, claimed inside the write's own transaction: a concurrent retry blocks on
 * the uncommitted claim and then replays the committed answer; a failed write rolls its claim
 * back, so the retry runs afresh.
 */
export class IdempotencyRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async claim(actorId: string, key: string, requestHash: string, at: Date): Promise<Claim> {
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({ actor_id: actorId, key, request_hash: requestHash, status_code: 0, response: 'null', created_at: at })
      .onConflict((oc) => oc.columns(['actor_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return { kind: 'new' };
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('actor_id', '=', actorId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    return { kind: 'replay', statusCode: row.status_code, response: row.response };
  }

  async complete(actorId: string, key: string, statusCode: number, response: unknown): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ status_code: statusCode, response: JSON.stringify(response) })
      .where('actor_id', '=', actorId)
      .where('key', '=', key)
      .execute();
  }
}
