import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

export interface OverrideCount {
  reasonCode: string;
  from: string;
  to: string;
  count: number;
}

/** Aggregate reads for reports; nothing here returns a row about one person. */
export class ReportRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Overrides of the recommended response, grouped, and the triaged calls they came from. */
  async overrides(regionId: string, from: Date, to: Date, simulated: 'exclude' | 'include' | 'only' = 'exclude'): Promise<{ triaged: number; groundOverridden: number; rows: OverrideCount[] }> {
    let window = this.db
      .selectFrom('incidents')
      .where('region_id', '=', regionId)
      .where('received_at', '>=', from)
      .where('received_at', '<', to);
    // Simulated calls (migration 0037) count only when the reader asks for them.
    if (simulated !== 'include') window = window.where('simulated', '=', simulated === 'only');
    const triaged = await window.select((eb) => eb.fn.countAll<number>().as('n')).where('risk_level', 'is not', null).executeTakeFirst();
    const grounds = await window.select((eb) => eb.fn.countAll<number>().as('n')).where('ground_overrides', '>', 0).executeTakeFirst();
    const rows = await window
      .select([
        sql<string>`response_override->>'reasonCode'`.as('reason_code'),
        sql<string>`response_override->>'from'`.as('from_type'),
        sql<string>`response_override->>'to'`.as('to_type'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('response_override', 'is not', null)
      .groupBy([sql`response_override->>'reasonCode'`, sql`response_override->>'from'`, sql`response_override->>'to'`])
      .orderBy('n', 'desc')
      .execute();
    return {
      triaged: Number(triaged?.n ?? 0),
      groundOverridden: Number(grounds?.n ?? 0),
      rows: rows.map((r) => ({ reasonCode: r.reason_code, from: r.from_type, to: r.to_type, count: Number(r.n) })),
    };
  }
}
