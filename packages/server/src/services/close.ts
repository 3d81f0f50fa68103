import { clearOnClose, decideIncidentCommand, DomainError, type IncidentCommand } from '@continuum/domain';
import type { IncidentTransitionRequest, IncidentView } from '@continuum/contracts';
import type { LiveUnit } from '@continuum/storage';
import { presentIncident } from '../presenters/incident.ts';
import type { RequestContext, Services } from './context.ts';
import { applyUnitMoves } from './dispatch.ts';
import { auditOfReach, authorise, feedOf } from './incidents.ts';
import { loadInReach, reachOver } from './reach.ts';
import { performWrite } from './write.ts';

type CloseRequest = Extract<IncidentTransitionRequest, { action: 'close' }>;

/**
 * Closes a call with its disposition (issue 6 §4): the units still on it clear with it (a unit
 * transporting arrives first), their statuses move to available, and the disposition's detail is
 * recorded, all in one transaction with the audit row and the feed entries.
 */
export async function closeIncident(services: Services, ctx: RequestContext, id: string, input: CloseRequest) {
  authorise(ctx.principal, 'incident.close');
  return performWrite<IncidentView>(services, ctx, 'incident.close', async (tx, now) => {
    const { state: current, reach: before, access } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
    if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
      throw new DomainError('conflict', `The incident changed since you loaded it (now version ${current.version})`, { currentVersion: current.version, currentStatus: current.status });
    }
    const command: IncidentCommand = { action: 'close', disposition: input.disposition, details: input.details, reason: input.reason };
    const decided = decideIncidentCommand(current, command);
    const moves = clearOnClose(current);
    const { state } = await tx.incidents.append(id, current, decided, { actorId: ctx.principal.userId, occurredAt: now });
    const units = new Map<string, LiveUnit>();
    for (const unitId of [...new Set(moves.units.map((m) => m.unitId))].sort()) {
      const unit = await tx.unitStatus.get(unitId, { lock: true });
      if (unit) units.set(unitId, unit);
    }
    const unitFeed = await applyUnitMoves(tx, { events: [], units: moves.units.filter((m) => units.has(m.unitId)) }, units, id, ctx, now);
    const reach = reachOver(ctx.principal, state, access, now) ?? before;
    const audited = auditOfReach(reach);
    const d = state.dispositionDetail;
    return {
      status: 200,
      body: presentIncident(state, ctx.principal, reach.classes),
      audit: {
        action: 'incident.close',
        resourceType: 'incident',
        resourceId: id,
        ...audited,
        // The counted facts of the ending, never its clinical note or the place the person chose.
        detail: {
          ...audited.detail, from: current.status, to: state.status, version: state.version, disposition: state.disposition,
          ...(d ? { transportBy: d.transport?.by ?? null, destination: d.transport?.destination ?? null, facilityId: d.transport?.facilityId ?? null, arrest: d.arrest, useOfForce: d.useOfForce } : {}),
          ...(moves.units.length ? { unitsCleared: [...units.keys()] } : {}),
        },
      },
      feed: [...feedOf(state), ...unitFeed],
    };
  });
}
