import { can, forbidden, notFound, type Principal } from '@continuum/domain';
import type { LiveUnit, Repositories } from '@continuum/storage';
import { standingOver } from './unit-access.ts';

/** What a principal may do with a unit's catalogue entry. */
export interface CatalogueRights {
  read: boolean;
  /** Set who rides: dispatchers and supervisors of the owning or a partner agency (partners staff the team). */
  crew: boolean;
  /** Capabilities, service area, shifts: administrators and supervisors of the owning agency only. */
  manage: boolean;
}

/** The principal's rights over one unit; out of reach means no right at all. */
export async function catalogueRights(repos: Repositories, principal: Principal, unit: LiveUnit, now: Date): Promise<CatalogueRights> {
  const read = can(principal, 'incident.read') && (await standingOver(repos, principal, unit, now)) !== 'none';
  const owner = unit.agencyId === principal.agencyId;
  const staffing = owner || unit.partnerAgencyIds.includes(principal.agencyId);
  return { read, crew: read && staffing && can(principal, 'unit.crew'), manage: read && owner && can(principal, 'unit.manage') };
}

/**
 * Throws unless the principal holds `right` over the unit: a unit out of reach reads as absent
 * (404), one in reach but not theirs to change is a 403 that says whose it is.
 */
export function requireRight(rights: CatalogueRights, right: 'read' | 'crew' | 'manage', unit: LiveUnit): void {
  if (!rights.read) throw notFound('Unit', unit.id);
  if (right === 'crew' && !rights.crew) throw forbidden(`Only dispatchers and supervisors of ${unit.agencyId} or its partner agencies set the crew of ${unit.id}`);
  if (right === 'manage' && !rights.manage) throw forbidden(`Only administrators and supervisors of ${unit.agencyId} manage ${unit.id}`);
}
