import { ACTION_PERMISSION, decideSubstanceUse, type IncidentState } from '@continuum/domain';
import type { IncidentView } from '@continuum/contracts';
import type { FeedEntry } from '@continuum/storage';
import { presentIncident } from '../../presenters/incident.ts';
import type { RequestContext, Services } from '../context.ts';
import { auditOfReach, authorise, requireVersion } from './incidents.ts';
import { loadInReach, reachOver } from '../reach.ts';
import { performWrite } from '../write.ts';

/** The feed's record type of a Part 2 change: the hub sends it only to readers who may read Part 2 there. */
export const PART2_FEED_ENTITY = 'incident_part2';

/**
 * The invalidation of an incident's Part 2 record. Never the incident's own entry: that one
 * reaches every reader in reach, and one with no visible change would tell that something hidden
 * changed (ADR 0016).
 */
export const part2FeedOf = (incident: Pick<IncidentState, 'id' | 'regionId' | 'agencyId'>, version: number): Omit<FeedEntry, 'position'>[] => [
  { entityType: PART2_FEED_ENTITY, entityId: incident.id, version, regionId: incident.regionId, agencyId: incident.agencyId },
];

/**
 * Records substance-use information (42 CFR Part 2) on an incident, for the recorder's programme,
 * in the incident's Part 2 stream: the incident's version, time and events stay as they were.
 * `expectedVersion` is the incident's, as the recorder saw it.
 */
export async function recordSubstanceUse(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: { note: string; reason?: string | undefined; expectedVersion?: number | undefined },
) {
  authorise(ctx.principal, ACTION_PERMISSION.record_substance_use);
  const action = 'incident.record_substance_use';
  return performWrite<IncidentView>(services, ctx, action, async (tx, now) => {
    // The incident's row is locked first, as every change of it does, so recordings queue behind a close.
    const { state, reach: before, access } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
    requireVersion(input.expectedVersion, state);
    const current = await tx.part2.get(id, { lock: true });
    const decided = decideSubstanceUse(state, { note: input.note, reason: input.reason, programmeAgencyId: ctx.principal.agencyId });
    const { record } = await tx.part2.append(id, current, decided, { actorId: ctx.principal.userId, occurredAt: now });
    const reach = reachOver(ctx.principal, state, { ...access, part2: new Map(access.part2).set(id, record) }, now) ?? before;
    const audited = auditOfReach(reach);
    const shown = reach.classes.includes('substance_use_part2') ? record : null;
    return {
      status: 200,
      body: presentIncident(state, ctx.principal, reach.classes, shown),
      audit: { action, resourceType: 'incident', resourceId: id, ...audited, detail: { ...audited.detail, stream: 'part2', version: record.version } },
      feed: part2FeedOf(state, record.version),
    };
  });
}
