import {
  calendarDateIn,
  citStanding,
  DomainError,
  expiryOf,
  invalid,
  TRAINED_ROLES,
  trainingIssues,
  type CalendarDate,
  type TrainedRole,
} from '@continuum/domain';
import type { RefresherList, TrainingRecordList, TrainingRecordRequest, TrainingRecordView } from '@continuum/contracts';
import type { Repositories, TrainingRecord } from '@continuum/storage';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { listableAgencies } from '../reach.ts';
import { performWrite } from '../write.ts';

/**
 * CIT and training records (issue 12 §6): supervisors and administrators record the courses of
 * officers and telecommunicators in their reach, list them, and see who is due a refresher.
 * Staff data: no caller's data is read or shown.
 */

/**
 * The agencies whose staff records a reader keeps: their own (an administrator reads no incident
 * classes, so sharing gives them no reach) and those shared with them.
 */
async function trainingAgencies(repos: Repositories, principal: RequestContext['principal'], now: Date): Promise<string[]> {
  return [...new Set([principal.agencyId, ...(await listableAgencies(repos, principal, now))])];
}

const view = (r: TrainingRecord): TrainingRecordView => ({
  id: r.id, agencyId: r.agencyId, userId: r.userId, personName: r.personName, personRole: r.personRole, course: r.course,
  completedOn: r.completedOn, hours: r.hours, expiresOn: r.expiresOn, validUntil: expiryOf(r), recordedAt: r.recordedAt.toISOString(),
});

/** Who a record is about: the account when there is one, else the name within the agency. */
export const personKey = (p: { agencyId: string; userId: string | null; personName: string }): string =>
  p.userId ? `user:${p.userId}` : `name:${p.agencyId}:${p.personName.trim().toLowerCase()}`;

/** The records grouped by person. */
export function byPerson(records: readonly TrainingRecord[]): Map<string, TrainingRecord[]> {
  const out = new Map<string, TrainingRecord[]>();
  for (const r of records) {
    const k = personKey(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Whether an officer on a unit's crew holds a current CIT course today: their account's records,
 * or for a crew member without one, records under their name in the unit's owning or a partner
 * agency (a co-response unit's deputy is the sheriff's).
 */
export function officerCitCurrent(people: ReadonlyMap<string, readonly TrainingRecord[]>, member: { userId: string | null; name: string }, agencyIds: readonly string[], today: CalendarDate): boolean {
  const records = member.userId
    ? people.get(personKey({ agencyId: '', userId: member.userId, personName: member.name })) ?? []
    : agencyIds.flatMap((agencyId) => people.get(personKey({ agencyId, userId: null, personName: member.name })) ?? []);
  const s = citStanding(records, 'police_officer', today).status;
  return s === 'current' || s === 'due';
}

export async function listTraining(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>): Promise<TrainingRecordList> {
  authorise(ctx.principal, 'training.read');
  const now = services.clock();
  const repos = services.store.read;
  const items = (await repos.training.ofAgencies(await trainingAgencies(repos, ctx.principal, now))).map(view);
  await repos.audit.write(auditOf(ctx, now, { action: 'training.list', outcome: 'allowed', resourceType: 'training_record', fieldClasses: ['operational'], detail: { count: items.length } }));
  return { items };
}

/**
 * Who is due a CIT refresher (or past due, or has no CIT course at all): every officer and
 * telecommunicator account in reach, and every person named in a record, except those current.
 * Overdue first, then by days left.
 */
export async function refreshersDue(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>): Promise<RefresherList> {
  authorise(ctx.principal, 'training.read');
  const now = services.clock();
  const today = calendarDateIn(now);
  const repos = services.store.read;
  const agencies = await trainingAgencies(repos, ctx.principal, now);
  const people = byPerson(await repos.training.ofAgencies(agencies));
  const rows: RefresherList['items'] = [];
  const seen = new Set<string>();
  const add = (p: { agencyId: string; userId: string | null; personName: string; personRole: TrainedRole }) => {
    const k = `${personKey(p)}|${p.personRole}`;
    if (seen.has(k)) return;
    seen.add(k);
    const standing = citStanding(people.get(personKey(p)) ?? [], p.personRole, today);
    if (standing.status !== 'current') rows.push({ ...p, ...standing });
  };
  for (const list of people.values()) for (const r of list) add(r);
  for (const m of await repos.users.membersOf(agencies)) {
    if (m.disabled || !(TRAINED_ROLES as readonly string[]).includes(m.role)) continue;
    add({ agencyId: m.agencyId, userId: m.userId, personName: m.displayName, personRole: m.role as TrainedRole });
  }
  const order = { overdue: 0, due: 1, never_trained: 2, current: 3 } as const;
  rows.sort((a, b) => order[a.status] - order[b.status] || (a.daysLeft ?? 0) - (b.daysLeft ?? 0) || a.personName.localeCompare(b.personName));
  await repos.audit.write(auditOf(ctx, now, { action: 'training.refreshers', outcome: 'allowed', resourceType: 'training_record', fieldClasses: ['operational'], detail: { count: rows.length } }));
  return { today, items: rows };
}

/** Records one course: checked in the domain, limited to agencies in reach, through the write path. */
export async function recordTraining(services: Services, ctx: RequestContext, input: TrainingRecordRequest) {
  authorise(ctx.principal, 'training.manage');
  return performWrite<TrainingRecordView>(services, ctx, 'training.record', async (tx, now) => {
    const today = calendarDateIn(now);
    const issues = trainingIssues(input, today);
    if (issues.length > 0) throw invalid(issues);
    const agencyId = input.agencyId ?? ctx.principal.agencyId;
    await requirePerson(tx, ctx, agencyId, input, now);
    const record: TrainingRecord = {
      id: services.newId(), agencyId, userId: input.userId, personName: input.personName, personRole: input.personRole, course: input.course,
      completedOn: input.completedOn, hours: input.hours, expiresOn: input.expiresOn, recordedBy: ctx.principal.userId, recordedAt: now,
    };
    await tx.training.insert(record);
    return {
      status: 201,
      body: view(record),
      audit: { action: 'training.record', resourceType: 'training_record', resourceId: record.id, purpose: 'crisis_response', detail: { agencyId, personRole: record.personRole, course: record.course, userId: record.userId } },
      feed: [],
    };
  });
}

/** The agency must be in reach, and a named account must hold the role in that agency. */
async function requirePerson(tx: Repositories, ctx: RequestContext, agencyId: string, input: TrainingRecordRequest, now: Date): Promise<void> {
  if (!(await trainingAgencies(tx, ctx.principal, now)).includes(agencyId)) {
    throw new DomainError('unknown_reference', `No agency ${agencyId} in your reach`, {}, [{ field: 'agencyId', rule: 'out_of_reach', message: `no agency ${agencyId} in your reach` }]);
  }
  if (input.userId === null) return;
  const member = (await tx.users.membersOf([agencyId])).find((m) => m.userId === input.userId && m.role === input.personRole);
  if (!member) {
    throw new DomainError('unknown_reference', `No ${input.personRole.replace('_', ' ')} account ${input.userId} in ${agencyId}`, {}, [
      { field: 'userId', rule: 'unknown_member', message: `no ${input.personRole.replace('_', ' ')} account ${input.userId} in agency ${agencyId}` },
    ]);
  }
}
