import { can, DomainError, forbidden, notFound, type Principal } from '@continuum/domain';
import type { LiveUnit, Repositories } from '@continuum/storage';
import { listableAgencies } from '../reach.ts';

/** How a principal stands towards one unit. */
export type UnitStanding = 'crew' | 'dispatcher' | 'reader' | 'none';

/**
 * Field crews change their own unit: one of their agency, or a co-response unit their agency
 * partners in (a unit has no crew roster yet, so the agency is what ties a person to it).
 * Dispatchers change any unit within their reach. Others within reach may only read it.
 * `agencies` is the reader's listable agencies, loaded only when the unit is not their own.
 */
export async function standingOver(repos: Repositories, principal: Principal, unit: LiveUnit, now: Date, agencies?: () => Promise<string[]>): Promise<UnitStanding> {
  const own = belongsTo(principal, unit);
  if (own && can(principal, 'incident.field_update')) return 'crew';
  const reachable = own || (await (agencies ?? (() => listableAgencies(repos, principal, now)))()).includes(unit.agencyId);
  if (!reachable) return 'none';
  return can(principal, 'incident.dispatch') ? 'dispatcher' : 'reader';
}

/**
 * Taking a unit off duty ends its crew's shift on the board: only the crew does that, from the
 * field (issue 15 §3). A desk role (one that dispatches) may move a unit between available and
 * out of service, but never sends a crew home, even a unit of its own agency.
 */
export const mayTakeOffDuty = (principal: Principal, standing: UnitStanding): boolean =>
  standing === 'crew' && !can(principal, 'incident.dispatch');

/** Throws unless the principal may take this unit off duty (see mayTakeOffDuty). */
export function requireOffDuty(principal: Principal, standing: UnitStanding, unitId: string): void {
  if (!mayTakeOffDuty(principal, standing)) {
    throw new DomainError('forbidden', `Only ${unitId}'s own crew takes it off duty, from the field view`, { rule: 'own_crew_only' });
  }
}

/** Whether the unit is the principal's agency's, or a co-response unit it partners in. */
export const belongsTo = (principal: Pick<Principal, 'agencyId'>, unit: { agencyId: string; partnerAgencyIds?: readonly string[] }): boolean =>
  unit.agencyId === principal.agencyId || (unit.partnerAgencyIds ?? []).includes(principal.agencyId);

/** Throws unless the principal may report for or change this unit; out of reach reads as absent. */
export function requireCommand(standing: UnitStanding, unitId: string): void {
  if (standing === 'none') throw notFound('Unit', unitId);
  if (standing === 'reader') throw forbidden('Field crews change only their own unit; dispatchers change any unit in reach');
}

/** Throws `forbidden` unless the principal holds one of the unit-command permissions. */
export function authoriseUnitCommand(principal: Principal): void {
  if (!can(principal, 'incident.field_update') && !can(principal, 'incident.dispatch')) {
    throw forbidden(`Your role (${principal.role}) has neither incident.field_update nor incident.dispatch`);
  }
}
