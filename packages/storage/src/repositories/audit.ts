import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

export interface AuditEntry {
  at: Date;
  actorId: string | null;
  role: string | null;
  agencyId: string | null;
  /** What was attempted, e.g. `incident.read`, `incident.create`, `session.create`. */
  action: string;
  outcome: 'allowed' | 'denied' | 'failed';
  resourceType: string | null;
  resourceId: string | null;
  fieldClasses: string[];
  purpose: string | null;
  address: string | null;
  detail: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: number;
}

export interface AuditFilter {
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  action?: string;
  outcome?: AuditEntry['outcome'];
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

/** The audit trail. Append-only: the database refuses updates and deletes to everyone. */
export class AuditRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async write(entries: AuditEntry | AuditEntry[]): Promise<void> {
    await this.insert(this.db, entries);
  }

  /**
   * The audit row of a read (a list, a search), committed without waiting for the write-ahead log
   * to reach the disk (ADR 0041): PostgreSQL still writes it in order and flushes it within its
   * WAL writer's delay (200 ms by default), so only a crash of the database server itself in that
   * window can lose it, never a crash of ours; the read no longer waits on the disk. Inside a
   * transaction (a write's own audit) it is an ordinary row of that transaction, as durable as it.
   */
  async writeRead(entries: AuditEntry | AuditEntry[]): Promise<void> {
    if (this.db.isTransaction) return this.insert(this.db, entries);
    await this.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL synchronous_commit = off`.execute(tx);
      await this.insert(tx, entries);
    });
  }

  private async insert(db: Kysely<Tables>, entries: AuditEntry | AuditEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    if (list.length === 0) return;
    await db
      .insertInto('audit_log')
      .values(
        list.map((e) => ({
          at: e.at,
          actor_id: e.actorId,
          role: e.role,
          agency_id: e.agencyId,
          action: e.action,
          outcome: e.outcome,
          resource_type: e.resourceType,
          resource_id: e.resourceId,
          field_classes: JSON.stringify(e.fieldClasses),
          purpose: e.purpose,
          address: e.address,
          detail: JSON.stringify(e.detail),
        })),
      )
      .execute();
  }

  async search(f: AuditFilter): Promise<AuditRecord[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
    if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.outcome) q = q.where('outcome', '=', f.outcome);
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<', f.to);
    if (f.beforeId) q = q.where('id', '<', f.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(f.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      role: r.role,
      agencyId: r.agency_id,
      action: r.action,
      outcome: r.outcome as AuditEntry['outcome'],
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      fieldClasses: r.field_classes,
      purpose: r.purpose,
      address: r.address,
      detail: r.detail,
    }));
  }

  /**
   * Failed passwords (wrong, or an unknown or disabled name) from one address since a time, and the
   * latest one's time: every server process sees the same. Refusals by a throttle checked no
   * password and do not count, so that being refused never lengthens the wait.
   */
  async failedSignIns(address: string, since: Date): Promise<{ failures: number; lastAt: Date | null }> {
    const r = await this.db
      .selectFrom('audit_log')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('last')])
      .where('action', '=', 'session.create')
      .where('outcome', '=', 'denied')
      .where('address', '=', address)
      .where('at', '>=', since)
      .where(sql<string>`detail->>'reason'`, 'in', ['bad_password', 'unknown_or_disabled'])
      .executeTakeFirst();
    const last = r?.last ?? null;
    return { failures: Number(r?.n ?? 0), lastAt: last === null ? null : new Date(last as string | Date) };
  }
}
