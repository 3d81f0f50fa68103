import type { OnboardingKind } from '@continuum/contracts';
import type { AuditEntry } from '@continuum/storage';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import type { AccountActor } from '../access/account-scope.ts';
import { toHsds } from '../destinations/facilities-hsds.ts';
import { authorise } from '../incident/incidents.ts';
import { toCsv } from './files.ts';
import { scopeOf } from './scope.ts';
import { agencyRows, crewRows, shiftRows, unitRows, userRows } from './state.ts';

/**
 * Exports one kind in the shape its import reads (ADR 0026), within the caller's scope, so that
 * importing the export changes nothing. Staff names and accounts are in it: the read is audited.
 */
export async function exportFile(services: Services, actor: AccountActor, kind: OnboardingKind, format: 'csv' | 'json', region?: string): Promise<{ type: string; body: string }> {
  if (actor !== 'system') authorise(actor.principal, 'user.manage');
  const tx = services.store.read;
  const now = services.clock();
  const scope = await scopeOf(tx, actor, region);
  let rows: Record<string, unknown>[];
  if (kind === 'facilities') {
    const [facilities, agencies] = await Promise.all([tx.facilities.list({ regionId: scope.regionId }), tx.organisations.agencies(scope.regionId)]);
    await audit(services, actor, now, kind, format, facilities.length);
    return { type: 'application/json', body: JSON.stringify(toHsds(facilities, new Map(agencies.map((a) => [a.id, a.name])))) };
  }
  if (kind === 'agencies') rows = [...(await agencyRows(tx, scope)).values()];
  else if (kind === 'units') rows = [...(await unitRows(tx, scope)).values()];
  else if (kind === 'crews') rows = [...(await crewRows(tx, scope)).values()].flat();
  else if (kind === 'shifts') rows = [...(await shiftRows(tx, scope, now)).values()].map(({ unit, startsAt, endsAt }) => ({ unit, startsAt, endsAt }));
  else rows = [...(await userRows(tx, scope)).values()].map(({ username, displayName, memberships, disabled }) => ({ username, displayName, memberships, disabled }));
  await audit(services, actor, now, kind, format, rows.length);
  return format === 'csv' ? { type: 'text/csv; charset=utf-8', body: toCsv(kind, rows) } : { type: 'application/json', body: JSON.stringify(rows) };
}

async function audit(services: Services, actor: AccountActor, at: Date, kind: OnboardingKind, format: string, rows: number): Promise<void> {
  const entry: Partial<AuditEntry> & Pick<AuditEntry, 'action' | 'outcome'> = { action: 'onboarding.export', outcome: 'allowed', resourceType: 'onboarding', resourceId: kind, detail: { kind, format, rows } };
  if (actor === 'system') {
    await services.store.read.audit.write({ at, actorId: null, role: null, agencyId: null, resourceType: null, resourceId: null, fieldClasses: [], purpose: null, address: null, ...entry, detail: { ...entry.detail, by: 'system' } });
  } else {
    await services.store.read.audit.write(auditOf(actor as RequestContext, at, entry));
  }
}
