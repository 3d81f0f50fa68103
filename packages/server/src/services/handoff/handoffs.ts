import {
  ACTION_PERMISSION,
  AGENCY_KIND_LABELS,
  DomainError,
  HANDOFF_RECEIVERS,
  INCIDENT_ACTION_OF_RECEIVER,
  TRANSITIONS,
  decideHandoff,
  decideIncidentCommand,
  decideOffer,
  invalid,
  notFound,
  type Handoff,
  type HandoffCommand,
  type IncidentState,
  type Principal,
} from '@continuum/domain';
import type { HandoffDestinations, HandoffList, HandoffListQuery, HandoffView, IncidentView, OfferHandoffRequest } from '@continuum/contracts';
import type { FeedEntry, Repositories } from '@continuum/storage';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { presentIncident } from '../../presenters/incident.ts';
import { auditOfReach, authorise, feedOf, requireVersion } from '../incident/incidents.ts';
import { loadInReach, part2For, reachOver } from '../reach.ts';
import { performWrite } from '../write.ts';
import { namesFor, presentHandoff } from './present.ts';

/** Hand-off changes reach both agencies' consoles, and only theirs: one feed row for each side. */
export const feedOfHandoff = (h: Handoff): Omit<FeedEntry, 'position'>[] => [
  { entityType: 'handoff', entityId: h.id, version: h.version, regionId: h.regionId, agencyId: h.fromAgencyId },
  { entityType: 'handoff', entityId: h.id, version: h.version, regionId: h.regionId, agencyId: h.toAgencyId },
];

/** Present one hand-off with the names it mentions and its call's operational facts. */
async function present(repos: Repositories, reader: Principal, h: Handoff): Promise<HandoffView> {
  const [names, incident] = await Promise.all([namesFor(repos, [h]), repos.incidents.get(h.incidentId)]);
  return presentHandoff(h, reader, incident, names);
}

/** A hand-off the reader's agency sends or receives; any other answers as absent (404). */
async function loadMine(repos: Repositories, principal: Principal, id: string, opts: { lock?: boolean; receiving?: boolean } = {}): Promise<Handoff> {
  const h = await repos.handoffs.get(id, { lock: opts.lock });
  const mine = h && (h.toAgencyId === principal.agencyId || (!opts.receiving && h.fromAgencyId === principal.agencyId));
  if (!h || !mine) throw notFound('Hand-off', id);
  return h;
}

/**
 * Offers a call to another agency: the hand-off and, where the receiver's kind has one, the
 * incident's own step (transferred to 988, escalated to 911, routed to CARES), in one write.
 */
export async function offerHandoff(services: Services, ctx: RequestContext, input: OfferHandoffRequest) {
  authorise(ctx.principal, 'incident.hand_off');
  return performWrite<HandoffView>(services, ctx, 'handoff.offer', async (tx, now) => {
    const { state } = await loadInReach(tx, ctx.principal, input.incidentId, now, { lock: true });
    const { handoff, action, feed } = await offerWithin(services, tx, ctx, now, state, input);
    return {
      status: 201,
      body: await present(tx, ctx.principal, handoff),
      audit: { action: 'handoff.offer', resourceType: 'handoff', resourceId: handoff.id, fieldClasses: ['operational'], detail: { incidentId: state.id, kind: input.kind, toAgencyId: input.toAgencyId, incidentAction: action ?? null } },
      feed,
    };
  });
}

/**
 * The offer inside a write that already holds the incident's lock: the hand-off's first event and,
 * where the receiver's kind has one and the status still allows it, the incident's own step.
 * Shared by the hand-off route and the older transition route (transitionIncident), so that no
 * transfer, escalation or CARES routing exists that its receiver never sees.
 */
export async function offerWithin(services: Services, tx: Repositories, ctx: RequestContext, now: Date, state: IncidentState, input: OfferHandoffRequest) {
  const note = input.note?.trim() ? input.note.trim() : null;
  if (input.kind === 'emergency_escalation' && !note) {
    throw invalid([{ field: 'note', rule: 'required', message: 'say what the danger is: 911 reads it first' }]);
  }
  const receiver = await tx.organisations.agency(input.toAgencyId);
  const event = decideOffer(
    { incidentId: state.id, regionId: state.regionId, fromAgencyId: ctx.principal.agencyId, kind: input.kind, toAgencyId: input.toAgencyId, note },
    receiver,
    await tx.handoffs.openOf(state.id),
  );
  const feed: Omit<FeedEntry, 'position'>[] = [];
  let incident = state;
  // The incident's status follows when it still can (a re-offer after a decline is already there).
  const action = receiver ? INCIDENT_ACTION_OF_RECEIVER[receiver.kind] : undefined;
  if (action && TRANSITIONS[action].from.includes(state.status)) {
    const decided = decideIncidentCommand(state, { action, reason: note ?? undefined } as Parameters<typeof decideIncidentCommand>[1]);
    incident = (await tx.incidents.append(state.id, state, decided, { actorId: ctx.principal.userId, occurredAt: now })).state;
    feed.push(...feedOf(incident));
  }
  const handoff = await tx.handoffs.append(services.newId(), null, [event], { actorId: ctx.principal.userId, occurredAt: now });
  return { handoff, incident, action, feed: [...feed, ...feedOfHandoff(handoff)] };
}

/** The hand-off kind the older transition route's actions stand for. */
const KIND_OF_ACTION = { transfer_to_988: 'cold_referral', escalate_to_911: 'emergency_escalation', route_to_cares: 'warm_transfer' } as const;
const RECEIVER_KIND_OF_ACTION = { transfer_to_988: '988_centre', escalate_to_911: 'psap', route_to_cares: 'cares_line' } as const;
export type HandoffAction = keyof typeof KIND_OF_ACTION;
export const isHandoffAction = (a: string): a is HandoffAction => a in KIND_OF_ACTION;

/**
 * The transition route's transfer, escalation and CARES routing as an offer to the region's one
 * agency of that kind. With none, or several to choose from, it is refused (422) naming the
 * hand-off route, where the sender names the receiver.
 */
export async function offerForAction(services: Services, tx: Repositories, ctx: RequestContext, now: Date, state: IncidentState, action: HandoffAction, reason: string | undefined) {
  const kind = RECEIVER_KIND_OF_ACTION[action];
  const candidates = (await tx.organisations.agencies(state.regionId)).filter((a) => a.kind === kind && a.id !== ctx.principal.agencyId);
  if (candidates.length !== 1) {
    const label = AGENCY_KIND_LABELS[kind] ?? kind;
    throw invalid([{
      field: 'action',
      rule: candidates.length === 0 ? 'no_receiver' : 'receiver_required',
      message: candidates.length === 0
        ? `the region has no ${label.replace(/^(a|the) /, '')} to receive this call`
        : `the region has ${candidates.length} agencies of the kind ${label.replace(/^(a|the) /, '')}: offer the call through POST /api/handoffs naming toAgencyId`,
    }]);
  }
  return offerWithin(services, tx, ctx, now, state, { incidentId: state.id, toAgencyId: candidates[0]!.id, kind: KIND_OF_ACTION[action], note: reason });
}

/** Accepts or declines an offer made to the reader's agency. */
export async function answerHandoff(services: Services, ctx: RequestContext, id: string, command: Extract<HandoffCommand, { action: 'accept' | 'decline' }>) {
  authorise(ctx.principal, 'handoff.receive');
  const action = `handoff.${command.action}`;
  return performWrite<HandoffView>(services, ctx, action, async (tx, now) => {
    // The row lock makes two receivers accepting at once queue: the second sees the first's acceptance.
    const current = await loadMine(tx, ctx.principal, id, { lock: true, receiving: true });
    let event;
    try {
      event = decideHandoff(current, command);
    } catch (err) {
      throw await namingWhoTookIt(tx, err, current);
    }
    const handoff = await tx.handoffs.append(id, current, [event], { actorId: ctx.principal.userId, occurredAt: now });
    return {
      status: 200,
      body: await present(tx, ctx.principal, handoff),
      audit: { action, resourceType: 'handoff', resourceId: id, fieldClasses: ['operational'], detail: { incidentId: handoff.incidentId, from: current.state, to: handoff.state } },
      feed: feedOfHandoff(handoff),
    };
  });
}

/** A refusal because someone else already took the call names them, so the second receiver knows who has it. */
async function namingWhoTookIt(repos: Repositories, err: unknown, h: Handoff): Promise<unknown> {
  if (!(err instanceof DomainError) || h.state !== 'accepted' || !h.decidedBy) return err;
  const name = (await repos.users.namesOf([h.decidedBy])).get(h.decidedBy)?.displayName ?? 'another member of staff';
  const when = h.decidedAt?.toISOString() ?? null;
  return new DomainError('conflict', `${name} already accepted this hand-off`, { ...err.details, acceptedBy: { id: h.decidedBy, name }, acceptedAt: when });
}

/** One hand-off, for either side; the read is audited. */
export async function readHandoff(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, id: string): Promise<HandoffView> {
  authorise(ctx.principal, 'handoff.receive');
  const repos = services.store.read;
  const h = await loadMine(repos, ctx.principal, id);
  await repos.audit.write(auditOf(ctx, services.clock(), { action: 'handoff.read', outcome: 'allowed', resourceType: 'handoff', resourceId: id, fieldClasses: ['operational'] }));
  return present(repos, ctx.principal, h);
}

/** The reader's agency's inbox (offered to it), sent list, or both; open ones first. */
export async function listHandoffs(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, query: HandoffListQuery): Promise<HandoffList> {
  authorise(ctx.principal, 'handoff.receive');
  const repos = services.store.read;
  const agency = ctx.principal.agencyId;
  const items = await repos.handoffs.list({
    ...(query.box === 'inbox' ? { toAgencyId: agency } : query.box === 'sent' ? { fromAgencyId: agency } : { agencyId: agency }),
    incidentId: query.incidentId,
    limit: query.limit,
  });
  const [names, incidents] = await Promise.all([namesFor(repos, items), Promise.all([...new Set(items.map((h) => h.incidentId))].map((i) => repos.incidents.get(i)))]);
  const byId = new Map(incidents.flatMap((s) => (s ? [[s.id, s] as const] : [])));
  await repos.audit.write(
    auditOf(ctx, services.clock(), { action: 'handoff.list', outcome: 'allowed', resourceType: 'handoff', fieldClasses: ['operational'], detail: { box: query.box, ids: items.map((h) => h.id) } }),
  );
  return {
    items: items.map((h) => presentHandoff(h, ctx.principal, byId.get(h.incidentId) ?? null, names)),
    open: items.filter((h) => h.state === 'offered' && h.toAgencyId === agency).length,
  };
}

/** The agencies of the reader's region that take hand-offs (not the reader's own), with the kinds each takes. */
export async function handoffDestinations(services: Services, ctx: Pick<RequestContext, 'principal'>): Promise<HandoffDestinations> {
  authorise(ctx.principal, 'incident.hand_off');
  const agencies = await services.store.read.organisations.agencies(ctx.principal.regionId);
  return {
    items: agencies
      .filter((a) => a.id !== ctx.principal.agencyId && (HANDOFF_RECEIVERS[a.kind] ?? []).length > 0)
      .map((a) => ({ agencyId: a.id, name: a.name, agencyKind: a.kind, takes: [...HANDOFF_RECEIVERS[a.kind]!] })),
  };
}

/**
 * The older transition route's `transfer_to_988`, `escalate_to_911` and `route_to_cares`: the
 * incident's guards first (level 1 for 988, a reason for 911, youth and a triage level for CARES),
 * then an offer to the region's one agency of that kind in the same write, so the receiver's inbox
 * shows it. The answer is the incident, as the transition route has always answered.
 */
export async function transitionAsHandoff(services: Services, ctx: RequestContext, id: string, input: { action: HandoffAction; reason?: string; expectedVersion?: number }) {
  authorise(ctx.principal, ACTION_PERMISSION[input.action]);
  const action = `incident.${input.action}`;
  return performWrite<IncidentView>(services, ctx, action, async (tx, now) => {
    const { state: current, access } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
    requireVersion(input.expectedVersion, current);
    // Refused here with the incident's own rule before any receiver is looked for.
    decideIncidentCommand(current, { action: input.action, reason: input.reason } as Parameters<typeof decideIncidentCommand>[1]);
    const { handoff, incident, feed } = await offerForAction(services, tx, ctx, now, current, input.action, input.reason);
    const reach = reachOver(ctx.principal, incident, access, now);
    if (!reach) throw notFound('Incident', id);
    const audited = auditOfReach(reach);
    return {
      status: 200,
      body: presentIncident(incident, ctx.principal, reach.classes, part2For(reach, access, id)),
      audit: { action, resourceType: 'incident', resourceId: id, ...audited, detail: { ...audited.detail, from: current.status, to: incident.status, version: incident.version, handoffId: handoff.id, toAgencyId: handoff.toAgencyId } },
      feed,
    };
  });
}
