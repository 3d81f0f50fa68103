import { DEFAULT_POSITION_LIMITS, DomainError, decideUnitStatus, type PositionLimits } from '@continuum/domain';
import type { UnitList, UnitStatusRequest, UnitView } from '@continuum/contracts';
import type { LiveUnit } from '@continuum/storage';
import { recordFixWithChange } from './positions.ts';
import { presentUnit } from '../../presenters/unit.ts';
import { authorise } from '../incident/incidents.ts';
import { type RequestContext, type Services } from '../context.ts';
import { listableAgencies } from '../reach.ts';
import { authoriseUnitCommand, mayTakeOffDuty, requireCommand, requireOffDuty, standingOver } from './unit-access.ts';
import { performWrite } from '../write.ts';

/** Settings of units and positions, from the server configuration. */
export interface UnitSettings {
  staleAfterSeconds: number;
  limits: PositionLimits;
}

export const DEFAULT_UNIT_SETTINGS: UnitSettings = { staleAfterSeconds: 60, limits: DEFAULT_POSITION_LIMITS };

/** The live feed entry of a unit: one per status change, never per fix (docs/adr/0010). */
export const unitFeedOf = (u: LiveUnit) => [{ entityType: 'unit', entityId: u.id, version: u.version, regionId: u.regionId, agencyId: u.agencyId }];

/**
 * The units of the agencies within the reader's reach, with status and last position. Not
 * audited per read: it holds no personal data of callers, and the board polls it (ADR 0010).
 */
export async function listUnits(services: Services, ctx: Pick<RequestContext, 'principal'>, settings: UnitSettings): Promise<UnitList> {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const agencies = await listableAgencies(repos, ctx.principal, now);
  const units = await repos.unitStatus.list(agencies);
  const items: UnitView[] = [];
  for (const u of units) {
    const standing = await standingOver(repos, ctx.principal, u, now, async () => agencies);
    items.push(presentUnit(u, now, settings.staleAfterSeconds, standing === 'crew' || standing === 'dispatcher', mayTakeOffDuty(ctx.principal, standing)));
  }
  return { items, staleAfterSeconds: settings.staleAfterSeconds };
}

/**
 * Moves a unit along its status machine: the event (with where the unit was), the projection,
 * the audit row and the feed entry in one transaction; a position given with the change is also
 * recorded as a fix when it passes the same checks as any other.
 */
export async function changeUnitStatus(services: Services, ctx: RequestContext, id: string, input: UnitStatusRequest, settings: UnitSettings) {
  authoriseUnitCommand(ctx.principal);
  return performWrite<UnitView>(services, ctx, 'unit.status', async (tx, now) => {
    const unit = await tx.unitStatus.get(id, { lock: true });
    if (!unit) throw new DomainError('not_found', `Unit ${id} was not found`, { resource: 'Unit', id });
    const standing = await standingOver(tx, ctx.principal, unit, now);
    requireCommand(standing, id);
    if (input.status === 'off_duty') requireOffDuty(ctx.principal, standing, id);
    // A unit on a call moves with the call, so that the incident and its clock never disagree with it.
    if (unit.currentIncidentId) {
      throw new DomainError('conflict', `${unit.name} is on incident ${unit.currentIncidentId}: change its status there (POST /api/incidents/${unit.currentIncidentId}/assignments/${id})`, {
        currentIncidentId: unit.currentIncidentId, currentStatus: unit.status, rule: 'assigned_to_incident',
      });
    }
    if (input.expectedVersion !== undefined && input.expectedVersion !== unit.version) {
      throw new DomainError('conflict', `The unit changed since you loaded it (now version ${unit.version})`, { currentVersion: unit.version, currentStatus: unit.status });
    }
    const position = input.position ? { lat: input.position.lat, lon: input.position.lon, at: new Date(input.position.at) } : undefined;
    const decided = decideUnitStatus(unit, { status: input.status, reason: input.reason, position });
    let { state } = await tx.unitStatus.appendStatus(unit, decided, { actorId: ctx.principal.userId, occurredAt: now });
    if (position && (await recordFixWithChange(tx, state, position, now, settings))) state = { ...state, lastPosition: { ...position, accuracy: null, heading: null, speed: null } };
    return {
      status: 200,
      body: presentUnit(state, now, settings.staleAfterSeconds, true, mayTakeOffDuty(ctx.principal, standing)),
      audit: {
        action: 'unit.status',
        resourceType: 'unit',
        resourceId: id,
        purpose: 'crisis_response',
        detail: { from: unit.status, to: state.status, version: state.version, ...(decided.reason ? { reason: decided.reason } : {}), ...(decided.event.data.position ? { position: decided.event.data.position } : {}) },
      },
      feed: unitFeedOf(state),
    };
  });
}
