import {
  ACTION_PERMISSION,
  DomainError,
  READABLE_CLASSES,
  PURPOSE_OF_ROLE,
  UNKNOWN_LOCATION,
  can,
  contactIssues,
  decideIncidentCommand,
  invalid,
  type ContactChannel,
  type IncidentLocation,
  forbidden,
  type IncidentCommand,
  type IncidentState,
  type Permission,
  type Principal,
  type Reach,
} from '@continuum/domain';
import type { CreateIncidentRequest, IncidentListQuery, IncidentTransitionRequest, IncidentView } from '@continuum/contracts';
import type { AuditEntry } from '@continuum/storage';
import { disclosedClasses, presentEvents, presentIncident } from '../../presenters/incident.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { pinnedProtocol } from '../triage/protocols.ts';
import { accessFor, listableWith, loadInReach, part2For, reachOver } from '../reach.ts';
import { recordSubstanceUse } from './part2.ts';
import { performWrite } from '../write.ts';
import { filterOf, matchedThrough } from './search.ts';

/** Throws `forbidden` unless the principal holds the permission. */
export function authorise(principal: Principal, permission: Permission): void {
  if (!can(principal, permission)) throw forbidden(`Your role (${principal.role}) does not have the permission ${permission}`);
}

export const feedOf = (s: IncidentState) => [
  { entityType: 'incident', entityId: s.id, version: s.version, regionId: s.regionId, agencyId: s.agencyId },
];

/** What an audit row records of a read or change under a reach: classes shown, purpose, basis. */
export const auditOfReach = (reach: Reach): Partial<AuditEntry> => ({
  fieldClasses: disclosedClasses(reach.classes),
  purpose: reach.purpose,
  detail: { via: reach.via, ...(reach.agreementIds.length ? { agreementIds: reach.agreementIds } : {}), ...(reach.handoffIds?.length ? { handoffIds: reach.handoffIds } : {}) },
});

/** Refuses a change made against a version of the incident that is no longer current (409). */
export function requireVersion(expected: number | undefined, current: IncidentState): void {
  if (expected !== undefined && expected !== current.version) {
    throw new DomainError('conflict', `The incident changed since you loaded it (now version ${current.version})`, { currentVersion: current.version, currentStatus: current.status });
  }
}

/** Takes a new crisis call in: the `incident.received` event and its projection. */
export async function createIncident(services: Services, ctx: RequestContext, input: Omit<CreateIncidentRequest, 'channel'> & { channel?: ContactChannel }) {
  authorise(ctx.principal, 'incident.create');
  const channel = input.channel ?? 'call';
  // A chat to 911 or a 911 call with no location is refused before anything is written.
  const issues = contactIssues({ entryPoint: input.entryPoint, channel, location: input.location });
  if (issues.length > 0) throw invalid(issues);
  const { accuracy, ...given } = input.location ?? UNKNOWN_LOCATION;
  const location: IncidentLocation = accuracy === 'approximate' || accuracy === 'unknown' ? { ...given, accuracy } : given;
  const own: Reach = { classes: [...READABLE_CLASSES[ctx.principal.role]], via: 'own_agency', purpose: PURPOSE_OF_ROLE[ctx.principal.role], agreementIds: [] };
  return performWrite<IncidentView>(services, ctx, 'incident.create', async (tx, now) => {
    const id = services.newId();
    const received = {
      type: 'incident.received' as const,
      data: {
        agencyId: ctx.principal.agencyId,
        regionId: ctx.principal.regionId,
        entryPoint: input.entryPoint,
        summary: input.summary,
        location,
        caller: input.caller,
        person: input.person,
        safetyFlags: input.safetyFlags,
        channel,
        ...(input.preferredLanguage ? { preferredLanguage: input.preferredLanguage } : {}),
      },
    };
    const { state } = await tx.incidents.append(id, null, [{ event: received, reason: null }], { actorId: ctx.principal.userId, occurredAt: now });
    return {
      status: 201,
      body: presentIncident(state, ctx.principal, own.classes),
      audit: { action: 'incident.create', resourceType: 'incident', resourceId: id, ...auditOfReach(own) },
      feed: feedOf(state),
    };
  });
}

/**
 * What the audit row keeps of a §30 ground's override (issue 12 §4): that one was made and on
 * which ground, never the written reason (free text is clinical; the history keeps it).
 */
function groundAudited(before: IncidentState, after: IncidentState): Record<string, unknown> {
  if ((after.groundOverrides ?? 0) === (before.groundOverrides ?? 0)) return {};
  return { groundOverride: { ground: after.override?.justification ?? null } };
}

/** Moves an incident along its state machine; an illegal move is refused with the current state. */
export async function transitionIncident(services: Services, ctx: RequestContext, id: string, input: IncidentTransitionRequest) {
  // Closing clears the call's units and opens its follow-up: it is services/close.ts's to do.
  if (input.action === 'close') throw new Error('close an incident with closeIncident (services/close.ts)');
  // Part 2 data is a stream of its own (ADR 0016): it never moves the incident's version or feed.
  if (input.action === 'record_substance_use') return recordSubstanceUse(services, ctx, id, input);
  authorise(ctx.principal, ACTION_PERMISSION[input.action]);
  const action = `incident.${input.action}`;
  return performWrite<IncidentView>(services, ctx, action, async (tx, now) => {
    const { state: current, reach: before, access } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
    requireVersion(input.expectedVersion, current);
    const { expectedVersion: _ignored, ...body } = input;
    // A vendor code is read against the protocol the region has pinned now.
    const command: IncidentCommand =
      body.action === 'triage_by_vendor_code'
        ? { ...body, protocol: await pinnedProtocol(tx, current.regionId), regionId: current.regionId }
        : body.action === 'override_response'
          ? { ...body, actorId: ctx.principal.userId, maySupervise: can(ctx.principal, 'incident.override_ground') }
          : body.action === 'report_crisis_team_unavailable'
            ? { ...body, actorId: ctx.principal.userId }
            : (body as IncidentCommand);
    const decided = decideIncidentCommand(current, command);
    const { state } = await tx.incidents.append(id, current, decided, { actorId: ctx.principal.userId, occurredAt: now });
    const reach = reachOver(ctx.principal, state, access, now) ?? before;
    const audited = auditOfReach(reach);
    return {
      status: 200,
      body: presentIncident(state, ctx.principal, reach.classes, part2For(reach, access, id)),
      audit: { action, resourceType: 'incident', resourceId: id, ...audited, detail: { ...audited.detail, from: current.status, to: state.status, version: state.version, ...groundAudited(current, state) } },
      feed: feedOf(state),
    };
  });
}

/** One incident, as the reader may see it; the read is audited with the classes disclosed. */
export async function readIncident(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, id: string) {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const { state, reach, access } = await loadInReach(services.store.read, ctx.principal, id, now);
  await services.store.read.audit.write(
    auditOf(ctx, now, { action: 'incident.read', outcome: 'allowed', resourceType: 'incident', resourceId: id, ...auditOfReach(reach) }),
  );
  return presentIncident(state, ctx.principal, reach.classes, part2For(reach, access, id));
}

/**
 * The incidents of the agencies within reach, newest first, filtered and searched (search.ts);
 * the list read is audited once with its ids, and a search with what it matched through (a
 * search by name is a read of identity: the audit row says so).
 */
export async function listIncidents(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, query: IncidentListQuery) {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const filter = filterOf(query);
  const { agencyIds, agreements } = await listableWith(repos, ctx.principal, now);
  const rows = await repos.incidents.list({ agencyIds, ...filter });
  const access = await accessFor(repos, ctx.principal, rows.map((r) => r.id), now, { agreements });
  const matchedBy = new Set<string>();
  const shown = rows.flatMap((s) => {
    const reach = reachOver(ctx.principal, s, access, now);
    if (!reach) return [];
    if (filter.text) {
      // Found only through a field this reader may read here, or not at all.
      const through = matchedThrough(s, filter.text).filter((m) => reach.classes.includes(m.cls));
      if (through.length === 0) return [];
      for (const m of through) matchedBy.add(m.field);
    }
    return [{ view: presentIncident(s, ctx.principal, reach.classes, part2For(reach, access, s.id)), reach }];
  });
  const search = filter.text ? { search: { matchedBy: [...matchedBy].sort(), filters: Object.keys(query).filter((k) => k !== 'limit' && k !== 'q').sort() } } : {};
  // Committed without waiting for the disk (ADR 0041): the flush, not the search, was most of its time.
  await repos.audit.writeRead(
    auditOf(ctx, now, {
      action: filter.text ? 'incident.search' : 'incident.list',
      outcome: 'allowed',
      resourceType: 'incident',
      fieldClasses: [...new Set(shown.flatMap((x) => disclosedClasses(x.reach.classes)))],
      purpose: PURPOSE_OF_ROLE[ctx.principal.role],
      detail: { ids: shown.map((x) => x.view.id), ...search },
    }),
  );
  const items = shown.map((x) => x.view);
  const last = rows.at(-1);
  return { items, nextBefore: rows.length === query.limit && last ? last.receivedAt.toISOString() : null };
}

/**
 * The event history of one incident, through the same reach as the incident itself; the read
 * is audited as a read of the incident is, with the classes it disclosed. The Part 2 stream is
 * read only for a reader whose reach includes Part 2.
 */
export async function incidentHistory(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, id: string) {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const { reach } = await loadInReach(repos, ctx.principal, id, now);
  const events = await repos.incidents.events(id);
  const part2Events = reach.classes.includes('substance_use_part2') ? await repos.part2.events(id) : [];
  await repos.audit.write(auditOf(ctx, now, { action: 'incident.history', outcome: 'allowed', resourceType: 'incident', resourceId: id, ...auditOfReach(reach) }));
  return presentEvents(events, reach.classes, part2Events);
}
