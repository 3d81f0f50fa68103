import {
  ACTION_PERMISSION,
  DomainError,
  can,
  decideIncidentCommand,
  forbidden,
  notFound,
  withinReach,
  type IncidentCommand,
  type IncidentState,
  type Permission,
  type Principal,
} from '@continuum/domain';
import type { CreateIncidentRequest, IncidentTransitionRequest, IncidentView } from '@continuum/contracts';
import type { Repositories } from '@continuum/storage';
import { disclosedClasses, presentEvent, presentIncident } from '../presenters/incident.ts';
import { auditOf, type RequestContext, type Services } from './context.ts';
import { performWrite } from './write.ts';

/** Throws `forbidden` unless the principal holds the permission. */
export function authorise(principal: Principal, permission: Permission): void {
  if (!can(principal, permission)) throw forbidden(`Your role (${principal.role}) does not have the permission ${permission}`);
}

const feedOf = (s: IncidentState) => [
  { entityType: 'incident', entityId: s.id, version: s.version, regionId: s.regionId, agencyId: s.agencyId },
];

/** Takes a new crisis call in: the `incident.received` event and its projection. */
export async function createIncident(services: Services, ctx: RequestContext, input: CreateIncidentRequest) {
  authorise(ctx.principal, 'incident.create');
  return performWrite<IncidentView>(services, ctx, 'incident.create', async (tx, now) => {
    const id = services.newId();
    const received = {
      type: 'incident.received' as const,
      data: {
        agencyId: ctx.principal.agencyId,
        regionId: ctx.principal.regionId,
        entryPoint: input.entryPoint,
        summary: input.summary,
        location: input.location,
        caller: input.caller,
        person: input.person,
        safetyFlags: input.safetyFlags,
      },
    };
    const { state } = await tx.incidents.append(id, null, [{ event: received, reason: null }], { actorId: ctx.principal.userId, occurredAt: now });
    return {
      status: 201,
      body: presentIncident(state, ctx.principal),
      audit: { action: 'incident.create', resourceType: 'incident', resourceId: id, fieldClasses: disclosedClasses(ctx.principal) },
      feed: feedOf(state),
    };
  });
}

/** Moves an incident along its state machine; an illegal move is refused with the current state. */
export async function transitionIncident(services: Services, ctx: RequestContext, id: string, input: IncidentTransitionRequest) {
  authorise(ctx.principal, ACTION_PERMISSION[input.action]);
  const action = `incident.${input.action}`;
  return performWrite<IncidentView>(services, ctx, action, async (tx, now) => {
    const current = await loadWithinReach(tx, ctx.principal, id, true);
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw new DomainError('conflict', `The incident changed since you loaded it (now version ${current.version})`, {
        currentVersion: current.version,
        currentStatus: current.status,
      });
    }
    const { expectedVersion: _ignored, ...command } = input;
    const decided = decideIncidentCommand(current, command as IncidentCommand);
    const { state } = await tx.incidents.append(id, current, decided, { actorId: ctx.principal.userId, occurredAt: now });
    return {
      status: 200,
      body: presentIncident(state, ctx.principal),
      audit: {
        action,
        resourceType: 'incident',
        resourceId: id,
        fieldClasses: disclosedClasses(ctx.principal),
        detail: { from: current.status, to: state.status, version: state.version },
      },
      feed: feedOf(state),
    };
  });
}

/** One incident, as the reader may see it; the read is audited with the classes disclosed. */
export async function readIncident(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, id: string) {
  authorise(ctx.principal, 'incident.read');
  const state = await loadWithinReach(services.store.read, ctx.principal, id, false);
  const view = presentIncident(state, ctx.principal);
  await services.store.read.audit.write(
    auditOf(ctx, services.clock(), {
      action: 'incident.read',
      outcome: 'allowed',
      resourceType: 'incident',
      resourceId: id,
      fieldClasses: disclosedClasses(ctx.principal),
    }),
  );
  return view;
}

/** The incidents of the reader's region, newest first; the list read is audited once with its ids. */
export async function listIncidents(
  services: Services,
  ctx: Pick<RequestContext, 'principal' | 'address'>,
  query: { statuses?: string[]; limit: number; before?: string },
) {
  authorise(ctx.principal, 'incident.read');
  const rows = await services.store.read.incidents.list({
    regionId: ctx.principal.regionId,
    statuses: query.statuses as IncidentState['status'][] | undefined,
    limit: query.limit,
    before: query.before ? new Date(query.before) : undefined,
  });
  const items = rows.map((s) => presentIncident(s, ctx.principal));
  await services.store.read.audit.write(
    auditOf(ctx, services.clock(), {
      action: 'incident.list',
      outcome: 'allowed',
      resourceType: 'incident',
      fieldClasses: disclosedClasses(ctx.principal),
      detail: { ids: rows.map((r) => r.id) },
    }),
  );
  const last = rows.at(-1);
  return { items, nextBefore: rows.length === query.limit && last ? last.receivedAt.toISOString() : null };
}

/** The event history of one incident. */
export async function incidentHistory(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, id: string) {
  authorise(ctx.principal, 'incident.read');
  await loadWithinReach(services.store.read, ctx.principal, id, false);
  const events = await services.store.read.incidents.events(id);
  return { items: events.map(presentEvent) };
}

/** Outside the reader's reach looks exactly like absent: ids guessed across agencies reveal nothing. */
async function loadWithinReach(repos: Repositories, principal: Principal, id: string, lock: boolean): Promise<IncidentState> {
  const state = await repos.incidents.get(id, { lock });
  if (!state || !withinReach(principal, state)) throw notFound('Incident', id);
  return state;
}
