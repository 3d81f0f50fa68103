import { DomainError, forbidden } from '@continuum/domain';
import type { AdminGrant, AgencyRecord, Repositories } from '@continuum/storage';
import { accountWrite, type AccountActor } from '../access/account-scope.ts';
import { authorise } from '../incident/incidents.ts';
import type { Services } from '../context.ts';
import type { WriteOutcome } from '../write.ts';

/**
 * Who administers what (ADR 0025). An administrator reads their own region and changes their own
 * agency (its record, its units); a regional administration grant (ADR 0017, `continuum admin
 * grant`) covers a whole region: its settings, its agencies, their units and its districts. The
 * command line acts as the system, which reaches everything. Nothing else, whatever the role.
 */
export type AdminActor = AccountActor;

/** The grants in force of the actor; the system needs none. */
async function grantsOf(tx: Repositories, actor: AdminActor): Promise<AdminGrant[]> {
  if (actor === 'system') return [];
  authorise(actor.principal, 'organisation.manage');
  return tx.adminGrants.inForce(actor.principal.userId);
}

/** The regions the actor may read: their own and those a grant covers (the system: every region). */
export async function readableRegionIds(tx: Repositories, actor: AdminActor): Promise<string[]> {
  if (actor === 'system') return (await tx.organisations.regions()).map((r) => r.id);
  const grants = await grantsOf(tx, actor);
  return [...new Set([actor.principal.regionId, ...grants.map((g) => g.regionId)])];
}

/** The regions the actor may change: those a grant covers (the system: every region). */
export async function changeableRegionIds(tx: Repositories, actor: AdminActor): Promise<Set<string>> {
  if (actor === 'system') return new Set((await tx.organisations.regions()).map((r) => r.id));
  return new Set((await grantsOf(tx, actor)).map((g) => g.regionId));
}

/** Whether the actor may change this agency: their own, or one in a region a grant covers. */
export function mayChangeAgency(actor: AdminActor, agency: Pick<AgencyRecord, 'id' | 'regionId'>, changeable: Set<string>): boolean {
  return actor === 'system' || agency.id === actor.principal.agencyId || changeable.has(agency.regionId);
}

/**
 * The region, when the actor may read it; a region outside their reach reads as absent (404),
 * naming the parameter the id came in.
 */
export async function readableRegion(tx: Repositories, actor: AdminActor, regionId: string, field = 'regionId') {
  const region = await tx.organisations.regionDetail(regionId);
  if (!region || !(await readableRegionIds(tx, actor)).includes(regionId)) {
    throw new DomainError('not_found', `Region ${regionId} was not found`, { resource: 'Region', id: regionId }, [{ field, rule: 'exists', message: `no region "${regionId}" within your reach` }]);
  }
  return region;
}

/** Throws 403 unless a grant (or the system) covers the region: region-wide changes need one. */
export async function requireRegionChange(tx: Repositories, actor: AdminActor, regionId: string): Promise<void> {
  if (!(await changeableRegionIds(tx, actor)).has(regionId)) {
    throw forbidden(`Changing region ${regionId}, its agencies or its districts needs a regional administration grant for it (continuum admin grant)`);
  }
}

/**
 * The agency, when the actor may change it: 404 when absent or outside every readable region,
 * 403 when readable but neither their own nor covered by a grant.
 */
export async function changeableAgency(tx: Repositories, actor: AdminActor, agencyId: string, field = 'agencyId'): Promise<AgencyRecord> {
  const agency = await tx.organisations.agency(agencyId);
  if (!agency || !(await readableRegionIds(tx, actor)).includes(agency.regionId)) {
    throw new DomainError('not_found', `Agency ${agencyId} was not found`, { resource: 'Agency', id: agencyId }, [{ field, rule: 'exists', message: `no agency "${agencyId}" within your reach` }]);
  }
  if (!mayChangeAgency(actor, agency, await changeableRegionIds(tx, actor))) {
    throw forbidden(`Administrators change their own agency only; ${agencyId} is another agency (a regional grant covers a whole region)`);
  }
  return agency;
}

/** An agency a field refers to (a partner, a follow-up provider) must exist: 400 naming the field. */
export async function existingAgency(tx: Repositories, agencyId: string, field: string): Promise<AgencyRecord> {
  const agency = await tx.organisations.agency(agencyId);
  if (!agency) throw new DomainError('validation_failed', `${field}: no agency ${agencyId}`, {}, [{ field, rule: 'exists', message: `no agency "${agencyId}"` }]);
  return agency;
}

/** A stale expected version: 409 with the current one. */
export function requireVersionOf(what: string, expected: number | undefined, current: number): void {
  if (expected !== undefined && expected !== current) {
    throw new DomainError('conflict', `The ${what} changed since you loaded it (now version ${current})`, { currentVersion: current }, [{ field: 'expectedVersion', rule: 'current_version', message: `the current version is ${current}` }]);
  }
}

/** The principal's id for the audit's detail, or the system. */
export const actorIdOf = (actor: AdminActor): string | null => (actor === 'system' ? null : actor.principal.userId);

/**
 * Runs an administration change: through performWrite for an API caller (Idempotency-Key, audit,
 * feed in one transaction), in one transaction with a system audit row for the command line.
 */
export function adminWrite<T>(services: Services, actor: AdminActor, action: string, work: (tx: Repositories, now: Date) => Promise<WriteOutcome<T>>) {
  if (actor !== 'system') authorise(actor.principal, 'organisation.manage');
  return accountWrite(services, actor, action, (tx, now) => work(tx, now));
}

