import { sql, type Kysely, type Selectable } from 'kysely';
import { applyHandoffEvent, grantOf, type Handoff, type HandoffEvent, type HandoffGrant, type HandoffStep, type RecordedHandoffEvent } from '@continuum/domain';
import type { Tables } from '../schema.ts';

type Row = Selectable<Tables['handoffs']>;

/** One month's hand-offs of a region, counted for the CESSA §40 figures (ADR 0028). */
export interface HandoffCountRow {
  kind: string;
  fromAgencyKind: string;
  toAgencyKind: string;
  state: string;
  count: number;
  /** Seconds from offer to acceptance, over the accepted ones of the group (null when none). */
  acceptedSecondsMedian: number | null;
  acceptedSecondsP90: number | null;
}

/** Event store and projection of hand-offs; appends and the projection update share a transaction. */
export class HandoffRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** One hand-off; `lock` holds its row until commit, so two receivers accepting at once queue up. */
  async get(id: string, opts: { lock?: boolean } = {}): Promise<Handoff | null> {
    let q = this.db.selectFrom('handoffs').selectAll().where('id', '=', id);
    if (opts.lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? toHandoff(row) : null;
  }

  /** Hand-offs to or from an agency, or of one incident: open ones first, then newest first. */
  async list(filter: { toAgencyId?: string; fromAgencyId?: string; incidentId?: string; agencyId?: string; limit: number }): Promise<Handoff[]> {
    let q = this.db.selectFrom('handoffs').selectAll();
    if (filter.toAgencyId) q = q.where('to_agency_id', '=', filter.toAgencyId);
    if (filter.fromAgencyId) q = q.where('from_agency_id', '=', filter.fromAgencyId);
    if (filter.incidentId) q = q.where('incident_id', '=', filter.incidentId);
    if (filter.agencyId) q = q.where((eb) => eb.or([eb('to_agency_id', '=', filter.agencyId!), eb('from_agency_id', '=', filter.agencyId!)]));
    const rows = await q
      .orderBy(sql`(state = 'offered')`, 'desc')
      .orderBy('offered_at', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .execute();
    return rows.map(toHandoff);
  }

  /** The open offers of an incident (at most one: a unique index). */
  async openOf(incidentId: string): Promise<Handoff[]> {
    const rows = await this.db.selectFrom('handoffs').selectAll().where('incident_id', '=', incidentId).where('state', '=', 'offered').execute();
    return rows.map(toHandoff);
  }

  /** Open hand-offs offered at or before `before`, oldest first: what the timer sweep looks at. */
  async openOfferedBefore(before: Date, limit: number): Promise<Handoff[]> {
    const rows = await this.db.selectFrom('handoffs').selectAll().where('state', '=', 'offered').where('offered_at', '<=', before).orderBy('offered_at').limit(limit).execute();
    return rows.map(toHandoff);
  }

  /** The access the hand-offs of these incidents give their receivers now. */
  async grantsFor(incidentIds: readonly string[]): Promise<HandoffGrant[]> {
    if (incidentIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('handoffs')
      .select(['id', 'incident_id', 'to_agency_id', 'kind', 'state'])
      .where('incident_id', 'in', [...new Set(incidentIds)])
      .where('state', 'in', ['offered', 'accepted'])
      .execute();
    return rows.flatMap((r) => {
      const g = grantOf({ id: r.id, incidentId: r.incident_id, toAgencyId: r.to_agency_id, kind: r.kind as Handoff['kind'], state: r.state as Handoff['state'] });
      return g ? [g] : [];
    });
  }

  /**
   * Appends decided events after `current` (null for a new hand-off), folds them and saves the
   * projection. Returns the new state.
   */
  async append(id: string, current: Handoff | null, decided: HandoffEvent[], meta: { actorId: string; occurredAt: Date }): Promise<Handoff> {
    let state = current;
    const events: RecordedHandoffEvent[] = [];
    for (const event of decided) {
      const sequence = (state?.version ?? 0) + 1;
      state = applyHandoffEvent(state, event, { handoffId: id, sequence, occurredAt: meta.occurredAt, actorId: meta.actorId });
      events.push({ handoffId: id, sequence, type: event.type, occurredAt: meta.occurredAt, actorId: meta.actorId, data: event.data });
    }
    if (!state) throw new Error('append needs at least one event');
    await this.save(state, current === null);
    await this.db
      .insertInto('handoff_events')
      .values(events.map((e) => ({ handoff_id: e.handoffId, sequence: e.sequence, type: e.type, occurred_at: e.occurredAt, actor_id: e.actorId, data: JSON.stringify(e.data) })))
      .execute();
    return state;
  }

  /** The event history of one hand-off, oldest first. */
  async events(id: string): Promise<RecordedHandoffEvent[]> {
    const rows = await this.db.selectFrom('handoff_events').selectAll().where('handoff_id', '=', id).orderBy('sequence').execute();
    return rows.map((r) => ({ handoffId: r.handoff_id, sequence: r.sequence, type: r.type as RecordedHandoffEvent['type'], occurredAt: r.occurred_at, actorId: r.actor_id, data: r.data as RecordedHandoffEvent['data'] }));
  }

  /** The centre an agency's unanswered contacts roll over to, if it has one. */
  async backupOf(agencyId: string): Promise<string | null> {
    const r = await this.db.selectFrom('handoff_backups').select('backup_agency_id').where('agency_id', '=', agencyId).executeTakeFirst();
    return r?.backup_agency_id ?? null;
  }

  async setBackup(agencyId: string, backupAgencyId: string): Promise<void> {
    await this.db
      .insertInto('handoff_backups')
      .values({ agency_id: agencyId, backup_agency_id: backupAgencyId })
      .onConflict((oc) => oc.column('agency_id').doUpdateSet({ backup_agency_id: backupAgencyId }))
      .execute();
  }

  /**
   * One region's hand-offs offered in [from, to), counted by kind, the two agencies' kinds (the
   * direction: 911 → 988, 988 → 911 …) and outcome, with the time to acceptance.
   */
  async monthCounts(regionId: string, from: Date, to: Date): Promise<HandoffCountRow[]> {
    const rows = await this.db
      .selectFrom('handoffs as h')
      .innerJoin('agencies as f', 'f.id', 'h.from_agency_id')
      .select([
        'h.kind',
        'f.kind as from_kind',
        'h.to_agency_kind',
        'h.state',
        sql<number>`count(*)::int`.as('n'),
        sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.decided_at - h.offered_at)) FILTER (WHERE h.state = 'accepted')`.as('p50'),
        sql<number | null>`percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM h.decided_at - h.offered_at)) FILTER (WHERE h.state = 'accepted')`.as('p90'),
      ])
      .where('h.region_id', '=', regionId)
      .where('h.offered_at', '>=', from)
      .where('h.offered_at', '<', to)
      .groupBy(['h.kind', 'f.kind', 'h.to_agency_kind', 'h.state'])
      .orderBy('h.kind')
      .orderBy('f.kind')
      .orderBy('h.to_agency_kind')
      .orderBy('h.state')
      .execute();
    const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
    return rows.map((r) => ({ kind: r.kind, fromAgencyKind: r.from_kind, toAgencyKind: r.to_agency_kind, state: r.state, count: Number(r.n), acceptedSecondsMedian: num(r.p50), acceptedSecondsP90: num(r.p90) }));
  }

  private async save(h: Handoff, isNew: boolean): Promise<void> {
    const values = {
      incident_id: h.incidentId,
      region_id: h.regionId,
      kind: h.kind,
      from_agency_id: h.fromAgencyId,
      to_agency_id: h.toAgencyId,
      to_agency_kind: h.toAgencyKind,
      state: h.state,
      version: h.version,
      note: h.note,
      offered_at: h.offeredAt,
      offered_by: h.offeredBy,
      decided_at: h.decidedAt,
      decided_by: h.decidedBy,
      decline_reason: h.declineReason,
      rolled_from_id: h.rolledFromId,
      rolled_to_id: h.rolledToId,
      supervisor_alerted_at: h.supervisorAlertedAt,
      steps: JSON.stringify(h.steps),
      updated_at: h.updatedAt,
    };
    if (isNew) await this.db.insertInto('handoffs').values({ id: h.id, ...values }).execute();
    else await this.db.updateTable('handoffs').set(values).where('id', '=', h.id).execute();
  }
}

function toHandoff(r: Row): Handoff {
  return {
    id: r.id,
    incidentId: r.incident_id,
    regionId: r.region_id,
    kind: r.kind as Handoff['kind'],
    fromAgencyId: r.from_agency_id,
    toAgencyId: r.to_agency_id,
    toAgencyKind: r.to_agency_kind,
    state: r.state as Handoff['state'],
    version: r.version,
    note: r.note,
    offeredAt: r.offered_at,
    offeredBy: r.offered_by,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    declineReason: r.decline_reason,
    rolledFromId: r.rolled_from_id,
    rolledToId: r.rolled_to_id,
    supervisorAlertedAt: r.supervisor_alerted_at,
    steps: ((r.steps as { state: HandoffStep['state']; at: string; actorId: string }[]) ?? []).map((s) => ({ ...s, at: new Date(s.at) })),
    updatedAt: r.updated_at,
  };
}
