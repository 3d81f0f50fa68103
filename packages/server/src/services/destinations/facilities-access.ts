import { can, forbidden, type Principal } from '@continuum/domain';
import type { FacilityRecord } from '@continuum/storage';

/**
 * A facility's staff are the members of its agency (the tenancy tree): only they may say how
 * many beds or chairs are free and confirm who arrived. A supervisor of another agency may not.
 */
export const isFacilityStaff = (principal: Principal, facility: Pick<FacilityRecord, 'agencyId'>): boolean =>
  principal.agencyId === facility.agencyId && can(principal, 'facility.capacity');

/** Throws a 403 that says whose facility it is, unless the principal is of its staff. */
export function requireFacilityStaff(principal: Principal, facility: Pick<FacilityRecord, 'agencyId' | 'name'>): void {
  if (!can(principal, 'facility.capacity')) throw forbidden(`Your role (${principal.role}) does not have the permission facility.capacity`);
  if (principal.agencyId !== facility.agencyId) throw forbidden(`Only the staff of ${facility.agencyId} report the figures of ${facility.name}`);
}

/** Announcing an arrival is a responding crew's or a dispatcher's work. */
export function requireResponder(principal: Principal): void {
  if (!can(principal, 'incident.field_update') && !can(principal, 'incident.dispatch')) {
    throw forbidden(`Your role (${principal.role}) may not announce arrivals: it needs incident.field_update or incident.dispatch`);
  }
}
