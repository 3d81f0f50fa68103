import type { Kysely, Selectable } from 'kysely';
import {
  applyFollowupEvent,
  type DecidedEvent,
  type EpisodeState,
  type FollowupEvent,
  type ProgrammeId,
  type RecordedFollowupEvent,
} from '@continuum/domain';
import type { Tables } from '../schema.ts';

type Row = Selectable<Tables['followup_episodes']>;

// Dates inside the jsonb columns are stored as ISO strings; these bring them back as Dates.
interface StoredDates {
  at?: string;
  dueAt?: string;
  completedAt?: string | null;
  appointmentAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
  closedAt?: string;
}
const revive = <T>(items: unknown): T[] =>
  ((items as StoredDates[] | null) ?? []).map((i) => {
    const out: Record<string, unknown> = { ...i };
    for (const k of ['at', 'dueAt', 'completedAt', 'appointmentAt', 'createdAt', 'updatedAt', 'closedAt'] as const) {
      if (typeof i[k] === 'string') out[k] = new Date(i[k]);
    }
    return out as T;
  });

/** Event store and projection of follow-up episodes: appends and the projection update share a transaction. */
export class FollowupRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Loads one episode; `lock` holds the row until commit so concurrent changes queue up. */
  async get(id: string, opts: { lock?: boolean } = {}): Promise<EpisodeState | null> {
    let q = this.db.selectFrom('followup_episodes').selectAll().where('id', '=', id);
    if (opts.lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? toState(row) : null;
  }

  /** The open episode of an incident under a programme, if there is one (at most one: a unique index). */
  async openFor(incidentId: string, programme: ProgrammeId): Promise<EpisodeState | null> {
    const row = await this.db
      .selectFrom('followup_episodes')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('programme', '=', programme)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return row ? toState(row) : null;
  }

  /** Open episodes assigned to a case manager or held by their agencies: the caseload's rows, unordered. */
  async openCaseload(filter: { userId: string; agencyIds: string[]; limit: number }): Promise<EpisodeState[]> {
    const rows = await this.db
      .selectFrom('followup_episodes')
      .selectAll()
      .where('closed_at', 'is', null)
      .where((eb) => (filter.agencyIds.length ? eb.or([eb('assigned_to', '=', filter.userId), eb('agency_id', 'in', filter.agencyIds)]) : eb('assigned_to', '=', filter.userId)))
      .orderBy('first_contact_due_at')
      .orderBy('id')
      .limit(filter.limit)
      .execute();
    return rows.map(toState);
  }

  /**
   * Appends decided events after `current` (null for a new episode), folds them into the
   * projection and saves it. Returns the new state and the recorded events.
   */
  async append(
    episodeId: string,
    current: EpisodeState | null,
    decided: DecidedEvent<FollowupEvent>[],
    meta: { actorId: string; occurredAt: Date },
  ): Promise<{ state: EpisodeState; events: RecordedFollowupEvent[] }> {
    let state = current;
    const events: RecordedFollowupEvent[] = [];
    for (const { event, reason } of decided) {
      const sequence = (state?.version ?? 0) + 1;
      state = applyFollowupEvent(state, event, { episodeId, sequence, occurredAt: meta.occurredAt });
      events.push({ episodeId, sequence, type: event.type, occurredAt: meta.occurredAt, actorId: meta.actorId, reason, data: event.data });
    }
    if (!state) throw new Error('append needs at least one event');
    // The projection row must exist before its events reference it.
    await this.save(state, current === null);
    await this.db
      .insertInto('followup_events')
      .values(events.map((e) => ({ episode_id: e.episodeId, sequence: e.sequence, type: e.type, occurred_at: e.occurredAt, actor_id: e.actorId, reason: e.reason, data: JSON.stringify(e.data) })))
      .execute();
    return { state, events };
  }

  /** The event history of one episode, oldest first. */
  async events(episodeId: string): Promise<RecordedFollowupEvent[]> {
    const rows = await this.db.selectFrom('followup_events').selectAll().where('episode_id', '=', episodeId).orderBy('sequence').execute();
    return rows.map((r) => ({
      episodeId: r.episode_id,
      sequence: r.sequence,
      type: r.type as RecordedFollowupEvent['type'],
      occurredAt: r.occurred_at,
      actorId: r.actor_id,
      reason: r.reason,
      data: r.data as RecordedFollowupEvent['data'],
    }));
  }

  /** Refolds the projection from the event history: the events are the truth. */
  async rebuild(episodeId: string): Promise<EpisodeState | null> {
    let state: EpisodeState | null = null;
    for (const e of await this.events(episodeId)) {
      state = applyFollowupEvent(state, { type: e.type, data: e.data } as FollowupEvent, { episodeId, sequence: e.sequence, occurredAt: e.occurredAt });
    }
    if (state) await this.save(state, false);
    return state;
  }

  private async save(s: EpisodeState, isNew: boolean): Promise<void> {
    const values = episodeColumns(s);
    if (isNew) await this.db.insertInto('followup_episodes').values({ id: s.id, ...values }).execute();
    else await this.db.updateTable('followup_episodes').set(values).where('id', '=', s.id).execute();
  }
}

/** The projection's columns of an episode (all but id): shared with the history writer's bulk insert. */
export function episodeColumns(s: EpisodeState) {
  const open = s.tasks.filter((t) => !t.completedAt).map((t) => t.dueAt.getTime());
  return {
    incident_id: s.incidentId,
    agency_id: s.agencyId,
    region_id: s.regionId,
    programme: s.programme,
    status: s.status,
    version: s.version,
    person_ref: s.personRef,
    assigned_to: s.assignedTo,
    opened_at: s.openedAt,
    first_contact_due_at: s.firstContactDueAt,
    first_contact_at: s.firstContactAt,
    minimum_until: s.minimumUntil,
    window_ends_at: s.windowEndsAt,
    next_task_due_at: open.length ? new Date(Math.min(...open)) : null,
    attempts: JSON.stringify(s.attempts),
    tasks: JSON.stringify(s.tasks),
    referrals: JSON.stringify(s.referrals),
    closure: s.closure ? JSON.stringify(s.closure) : null,
    updated_at: s.updatedAt,
    closed_at: s.closure?.closedAt ?? null,
  };
}

function toState(r: Row): EpisodeState {
  const closure = r.closure as (EpisodeState['closure'] & StoredDates) | null;
  return {
    id: r.id,
    incidentId: r.incident_id,
    agencyId: r.agency_id,
    regionId: r.region_id,
    programme: r.programme as ProgrammeId,
    personRef: r.person_ref,
    assignedTo: r.assigned_to,
    status: r.status as EpisodeState['status'],
    version: r.version,
    openedAt: r.opened_at,
    firstContactDueAt: r.first_contact_due_at,
    firstContactAt: r.first_contact_at,
    minimumUntil: r.minimum_until,
    windowEndsAt: r.window_ends_at,
    attempts: revive(r.attempts),
    tasks: revive(r.tasks),
    referrals: revive(r.referrals),
    closure: closure ? { reason: closure.reason, note: closure.note, closedAt: new Date(closure.closedAt as unknown as string) } : null,
    updatedAt: r.updated_at,
  };
}
