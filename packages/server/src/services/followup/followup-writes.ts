import {
  addTask,
  assignEpisode,
  forbidden,
  changeReferralStatus,
  closeEpisode,
  completeTask,
  DomainError,
  invalid,
  logAttempt,
  makeReferral,
  openEpisode,
  reachOf,
  READABLE_CLASSES,
  PURPOSE_OF_ROLE,
  type DecidedEvent,
  type EpisodeState,
  type FollowupEvent,
  type Reach,
} from '@continuum/domain';
import type { AssignEpisodeRequest, AttemptRequest, CloseEpisodeRequest, EpisodeView, OpenEpisodeRequest, ReferralRequest, ReferralStatusRequest, TaskRequest } from '@continuum/contracts';
import { presentEpisode } from '../../presenters/followup.ts';
import type { RequestContext, Services } from '../context.ts';
import { auditOfEpisode, checkVersion, episodeFeedOf, loadEpisodeInReach } from './followup-access.ts';
import { authorise } from '../incident/incidents.ts';
import { loadInReach } from '../reach.ts';
import { performWrite } from '../write.ts';

type Decide = (state: EpisodeState, now: Date) => DecidedEvent<FollowupEvent>[];

/**
 * The flow of every change to an episode: authorise, load it under lock within reach, check the
 * version, decide, append, audit, feed, all in one performWrite transaction. `detail` adds what
 * the audit row should say beyond the version (never a note's text: it is clinical).
 */
async function changeEpisode(services: Services, ctx: RequestContext, id: string, action: string, expectedVersion: number | undefined, decide: Decide, detail: Record<string, unknown> = {}) {
  authorise(ctx.principal, 'followup.manage');
  return performWrite<EpisodeView>(services, ctx, action, async (tx, now) => {
    const { state: current, reach } = await loadEpisodeInReach(tx, ctx.principal, id, now, { lock: true });
    checkVersion(current, expectedVersion);
    const { state } = await tx.followup.append(id, current, decide(current, now), { actorId: ctx.principal.userId, occurredAt: now });
    const audited = auditOfEpisode(id, reach);
    return {
      status: 200,
      body: presentEpisode(state, ctx.principal, reach.classes, now),
      audit: { action, ...audited, detail: { ...audited.detail, ...detail, from: current.status, to: state.status, version: state.version } },
      feed: episodeFeedOf(state),
    };
  });
}

/**
 * Opens an episode by hand from an ended incident in reach, for the signed-in person's own
 * agency (their programme) and assigned to them. One open episode per incident and programme.
 */
export async function openEpisodeManually(services: Services, ctx: RequestContext, input: OpenEpisodeRequest) {
  authorise(ctx.principal, 'followup.manage');
  const p = ctx.principal;
  return performWrite<EpisodeView>(services, ctx, 'followup.open', async (tx, now) => {
    const { state: incident } = await loadInReach(tx, p, input.incidentId, now);
    if (incident.status !== 'closed') {
      throw invalid([{ field: 'incidentId', rule: 'incident_closed', message: `follow-up opens once the incident is closed with a disposition (it is ${incident.status.replaceAll('_', ' ')})` }]);
    }
    const existing = await tx.followup.openFor(incident.id, input.programme);
    if (existing) throw new DomainError('conflict', 'This incident already has an open episode under this programme', { episodeId: existing.id });
    const id = services.newId();
    const decided = openEpisode({ incidentId: incident.id, agencyId: p.agencyId, regionId: incident.regionId, programme: input.programme, personRef: input.personRef ?? null, openedAt: now, assignedTo: p.userId });
    const { state } = await tx.followup.append(id, null, decided, { actorId: p.userId, occurredAt: now }).catch((err: { code?: string }) => {
      // Two opens racing past the check above: the partial unique index lets one win.
      if (err.code === '23505') throw new DomainError('conflict', 'This incident already has an open episode under this programme');
      throw err;
    });
    // Opened in the reader's own agency: the reach is their own.
    const reach: Reach = reachOf(p, { id, agencyId: p.agencyId }, [], now) ?? { classes: [...READABLE_CLASSES[p.role]], via: 'own_agency', purpose: PURPOSE_OF_ROLE[p.role], agreementIds: [] };
    const audited = auditOfEpisode(id, reach);
    return {
      status: 201,
      body: presentEpisode(state, p, reach.classes, now),
      audit: { action: 'followup.open', ...audited, detail: { ...audited.detail, incidentId: incident.id, programme: input.programme, version: state.version } },
      feed: episodeFeedOf(state),
    };
  });
}

/** Logs a contact attempt; unanswered ones stop at the programme's limit (domain: logAttempt). */
export const recordAttempt = (services: Services, ctx: RequestContext, id: string, input: AttemptRequest) =>
  changeEpisode(
    services, ctx, id, 'followup.attempt', input.expectedVersion,
    (s, now) => logAttempt(s, { attemptId: services.newId(), outcome: input.outcome, at: input.at ? new Date(input.at) : now, note: input.note ?? null, actorId: ctx.principal.userId }, now),
    { outcome: input.outcome },
  );

/** Adds a task with a due date (a reminder once it comes due). */
export const recordTask = (services: Services, ctx: RequestContext, id: string, input: TaskRequest) =>
  changeEpisode(services, ctx, id, 'followup.task', input.expectedVersion, (s) => addTask(s, { taskId: services.newId(), title: input.title, dueAt: new Date(input.dueAt) }), { dueAt: input.dueAt });

/** Marks a task done. */
export const finishTask = (services: Services, ctx: RequestContext, id: string, taskId: string) =>
  changeEpisode(services, ctx, id, 'followup.task_complete', undefined, (s) => completeTask(s, taskId), { taskId });

/** Starts a warm hand-off referral, as requested. */
export const recordReferral = (services: Services, ctx: RequestContext, id: string, input: ReferralRequest) =>
  changeEpisode(services, ctx, id, 'followup.referral', input.expectedVersion, (s) =>
    makeReferral(s, { referralId: services.newId(), providerName: input.providerName, providerAgencyId: input.providerAgencyId ?? null, service: input.service, appointmentAt: input.appointmentAt ? new Date(input.appointmentAt) : null }),
  );

/** Moves a referral along its table. */
export const updateReferral = (services: Services, ctx: RequestContext, id: string, referralId: string, input: ReferralStatusRequest) =>
  changeEpisode(
    services, ctx, id, 'followup.referral_status', input.expectedVersion,
    (s) => changeReferralStatus(s, { referralId, status: input.status, appointmentAt: input.appointmentAt ? new Date(input.appointmentAt) : null, reason: input.reason ?? null }),
    { referralId, referralStatus: input.status },
  );

/** Closes an episode with a reason from CLOSURE_REASONS; without one, nothing is written. */
export const closeEpisodeWith = (services: Services, ctx: RequestContext, id: string, input: CloseEpisodeRequest) =>
  changeEpisode(services, ctx, id, 'followup.close', input.expectedVersion, (s, now) => closeEpisode(s, { reason: input.reason, note: input.note ?? null }, now), { reason: input.reason });

/**
 * Takes an episode into the signed-in person's caseload, or hands it back to the agency's. Only
 * a supervisor takes one from a colleague or hands back a colleague's: a case manager cannot be
 * relieved of a person by someone else's click.
 */
export const assignEpisodeTo = (services: Services, ctx: RequestContext, id: string, input: AssignEpisodeRequest) =>
  changeEpisode(services, ctx, id, 'followup.assign', input.expectedVersion, (s) => {
    const me = ctx.principal.userId;
    const someoneElse = s.assignedTo !== null && s.assignedTo !== me;
    if (someoneElse && ctx.principal.role !== 'supervisor') throw forbidden('This episode is a colleague’s: ask them or a supervisor to hand it over');
    return assignEpisode(s, input.take ? me : null);
  }, { take: input.take });
