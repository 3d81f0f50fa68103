import { DomainError, forbidden } from '@continuum/domain';
import type { AdminGrant, Repositories } from '@continuum/storage';
import type { AccountActor } from '../access/account-scope.ts';
import { authorise } from '../incident/incidents.ts';

/**
 * Whose records an import may touch and an export may show (ADR 0026): an administrator acts in
 * their own agency; with a regional grant in force for their region (ADR 0017), in every agency
 * of it, and only then may they create agencies. The command line, run by whoever runs the
 * server, acts as the system in one region.
 */
export interface OnboardingScope {
  regionId: string;
  /** The existing agencies within reach. */
  agencyIds: Set<string>;
  wholeRegion: boolean;
  /** The grant that widened the reach, when one did: each import under it alerts the privacy officer. */
  grant: AdminGrant | null;
}

export async function scopeOf(tx: Repositories, actor: AccountActor, region?: string): Promise<OnboardingScope> {
  if (actor === 'system') {
    const regions = await tx.organisations.regions();
    const regionId = region ?? (regions.length === 1 ? regions[0]!.id : undefined);
    if (!regionId) throw new DomainError('validation_failed', `Name the region: this database has ${regions.length} regions`, {}, [{ field: 'region', rule: 'required', message: `one of ${regions.map((r) => r.id).join(', ') || '(none yet)'}` }]);
    if (!regions.some((r) => r.id === regionId)) throw new DomainError('validation_failed', `No region ${regionId}`, {}, [{ field: 'region', rule: 'exists', message: `no region "${regionId}"` }]);
    const agencies = await tx.organisations.agencies(regionId);
    return { regionId, agencyIds: new Set(agencies.map((a) => a.id)), wholeRegion: true, grant: null };
  }
  const { principal } = actor;
  authorise(principal, 'user.manage');
  const grant = (await tx.adminGrants.inForce(principal.userId)).find((g) => g.regionId === principal.regionId) ?? null;
  const agencies = grant ? (await tx.organisations.agencies(principal.regionId)).map((a) => a.id) : [principal.agencyId];
  return { regionId: principal.regionId, agencyIds: new Set(agencies), wholeRegion: grant !== null, grant };
}

/** Refuses a row that reaches an agency outside the scope, naming its line (403: the caller may know the agency exists). */
export function requireReach(scope: OnboardingScope, agencyId: string, line: number): void {
  if (!scope.agencyIds.has(agencyId)) {
    throw forbidden(`line ${line}: ${agencyId} is outside your reach; administrators act in their own agency, or with a regional grant in every agency of their region`);
  }
}
