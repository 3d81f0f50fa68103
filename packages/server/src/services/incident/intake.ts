import { DomainError, decideIncidentCommand, forbidden, evaluateTriage, triageOptionsOf, type IncidentState, type Principal, type Protocol, type Reach } from '@continuum/domain';
import type { TriageAnswerRequest, TriageUndoRequest, TriageView } from '@continuum/contracts';
import type { Repositories } from '@continuum/storage';
import { presentTriage } from '../../presenters/triage.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { auditOfReach, authorise, feedOf } from './incidents.ts';
import { loadInReach } from '../reach.ts';
import { pinnedProtocol, protocolByVersion } from '../triage/protocols.ts';
import { performWrite } from '../write.ts';

/** The protocol an incident is triaged under: the version its interview began with, else the region's pin. */
async function protocolFor(repos: Repositories, state: IncidentState): Promise<Protocol> {
  return state.interview ? protocolByVersion(repos, state.interview.protocolVersion) : pinnedProtocol(repos, state.regionId);
}

async function load(repos: Repositories, principal: Principal, id: string, now: Date, lock: boolean): Promise<{ state: IncidentState; reach: Reach }> {
  const loaded = await loadInReach(repos, principal, id, now, { lock });
  // The interview is clinical: a reader whose reach leaves clinical out (911 taking an emergency
  // escalation by its hand-off, ADR 0028) dispatches from the call's facts, not from the answers.
  if (!loaded.reach.classes.includes('clinical')) throw forbidden('You read this call without its clinical answers: the interview is not shown');
  if (loaded.state.triage && !loaded.state.interview) {
    throw new DomainError('conflict', 'This incident was triaged without the guided interview', { currentStatus: loaded.state.status });
  }
  return loaded;
}

/** The interview as it stands, for a call-taker opening or resuming it. */
export async function triageView(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, id: string): Promise<TriageView> {
  authorise(ctx.principal, 'incident.triage');
  const now = services.clock();
  const { state, reach } = await load(services.store.read, ctx.principal, id, now, false);
  const protocol = await protocolFor(services.store.read, state);
  const result = evaluateTriage(protocol, state.interview?.answers ?? [], triageOptionsOf(state, state.regionId));
  await services.store.read.audit.write(
    auditOf(ctx, now, { action: 'incident.triage.read', outcome: 'allowed', resourceType: 'incident', resourceId: id, ...auditOfReach(reach) }),
  );
  return presentTriage(state, result, protocol, ctx.principal);
}

/**
 * Records one answer; when it completes the interview, the determination is recorded with it.
 * An answer to an unknown question, one not offered, or one after the determination changes nothing.
 */
export async function answerTriage(services: Services, ctx: RequestContext, id: string, input: TriageAnswerRequest) {
  authorise(ctx.principal, 'incident.triage');
  return performWrite<TriageView>(services, ctx, 'incident.answer', async (tx, now) => {
    const { state: current, reach } = await load(tx, ctx.principal, id, now, true);
    const protocol = await protocolFor(tx, current);
    const decided = decideIncidentCommand(current, { action: 'answer', ...input, protocol, regionId: current.regionId });
    const { state, events } = await tx.incidents.append(id, current, decided, { actorId: ctx.principal.userId, occurredAt: now });
    const result = evaluateTriage(protocol, state.interview?.answers ?? [], triageOptionsOf(state, state.regionId));
    return {
      status: 200,
      body: presentTriage(state, result, protocol, ctx.principal),
      audit: {
        action: 'incident.answer',
        resourceType: 'incident',
        resourceId: id,
        ...auditOfReach(reach),
        detail: { questionId: input.questionId, determined: events.some((e) => e.type === 'incident.triaged'), version: state.version },
      },
      feed: feedOf(state),
    };
  });
}

/**
 * Takes back the last answer before the determination: the interview is evaluated again from the
 * answers that remain. Both the answer and its undoing stay in the incident's history (issue 12 §7).
 */
export async function undoTriageAnswer(services: Services, ctx: RequestContext, id: string, input: TriageUndoRequest) {
  authorise(ctx.principal, 'incident.triage');
  return performWrite<TriageView>(services, ctx, 'incident.undo_answer', async (tx, now) => {
    const { state: current, reach } = await load(tx, ctx.principal, id, now, true);
    const protocol = await protocolFor(tx, current);
    const decided = decideIncidentCommand(current, { action: 'undo_answer', questionId: input.questionId, ...(input.reason ? { reason: input.reason } : {}) });
    const { state } = await tx.incidents.append(id, current, decided, { actorId: ctx.principal.userId, occurredAt: now });
    const result = evaluateTriage(protocol, state.interview?.answers ?? [], triageOptionsOf(state, state.regionId));
    return {
      status: 200,
      body: presentTriage(state, result, protocol, ctx.principal),
      // The question, never the answer: answers are clinical and the audit trail is read more widely.
      audit: { action: 'incident.undo_answer', resourceType: 'incident', resourceId: id, ...auditOfReach(reach), detail: { questionId: input.questionId, version: state.version } },
      feed: feedOf(state),
    };
  });
}
