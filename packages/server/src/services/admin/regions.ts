import { invalid, regionSettingsIssues, type FieldIssue } from '@continuum/domain';
import type { RegionAdminList, RegionAdminView, UpdateRegionRequest } from '@continuum/contracts';
import type { RegionDetail, Repositories } from '@continuum/storage';
import type { Services } from '../context.ts';
import { adminWrite, changeableRegionIds, readableRegion, readableRegionIds, requireRegionChange, requireVersionOf, type AdminActor } from './admin-scope.ts';

/** A region as its administrators see it. */
export function presentRegion(r: RegionDetail, mayChange: boolean): RegionAdminView {
  return {
    id: r.id, kind: r.kind, name: r.name, parentId: r.parentId, timeZone: r.timeZone,
    maxResponseMinutes: { default: r.maxResponseMinutes.default, byLevel: { ...r.maxResponseMinutes.byLevel }, byEmergencyType: { ...r.maxResponseMinutes.byEmergencyType } },
    followupProviderId: r.followupProviderId, backup988CentreId: r.backup988CentreId,
    version: r.version, updatedAt: r.updatedAt?.toISOString() ?? null, mayChange,
  };
}

/** The regions the actor may read (their own, and any a grant covers), each saying whether they may change it. */
export async function listRegions(services: Services, actor: AdminActor): Promise<RegionAdminList> {
  const repos = services.store.read;
  const changeable = await changeableRegionIds(repos, actor);
  const items: RegionAdminView[] = [];
  for (const id of (await readableRegionIds(repos, actor)).sort()) {
    const r = await repos.organisations.regionDetail(id);
    if (r) items.push(presentRegion(r, changeable.has(id)));
  }
  return { items };
}

/** One region with its settings (404 outside the actor's reach). */
export async function getRegion(services: Services, actor: AdminActor, regionId: string): Promise<RegionAdminView> {
  const repos = services.store.read;
  const r = await readableRegion(repos, actor, regionId);
  return presentRegion(r, (await changeableRegionIds(repos, actor)).has(regionId));
}

/** The agency fields of a region's settings must name agencies of the right kind. */
async function providerIssues(tx: Repositories, input: UpdateRegionRequest): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const check = async (field: 'followupProviderId' | 'backup988CentreId', kinds: readonly string[], what: string) => {
    const id = input[field];
    if (id === undefined || id === null) return;
    const agency = await tx.organisations.agency(id);
    if (!agency) issues.push({ field, rule: 'exists', message: `no agency "${id}"` });
    else if (!kinds.includes(agency.kind)) issues.push({ field, rule: 'agency_kind', message: `${id} is a ${agency.kind}; ${what}` });
  };
  await check('followupProviderId', ['followup_provider', 'mcrt_provider', 'ccbhc', 'outpatient_provider'], 'the follow-up provider is a follow-up, MCRT, CCBHC or outpatient provider');
  await check('backup988CentreId', ['988_centre'], 'the backup is a 988 centre');
  return issues;
}

/**
 * Changes a region's name, time zone, maxima, follow-up provider or backup 988 centre. Needs a
 * regional administration grant for the region (or the command line); audited with what changed.
 */
export function updateRegion(services: Services, actor: AdminActor, regionId: string, input: UpdateRegionRequest) {
  return adminWrite<RegionAdminView>(services, actor, 'region.update', async (tx, now) => {
    const current = await readableRegion(tx, actor, regionId, 'params.regionId');
    await requireRegionChange(tx, actor, regionId);
    const locked = (await tx.organisations.regionDetail(regionId, { lock: true }))!;
    requireVersionOf('region', input.expectedVersion, locked.version);
    const issues = [...regionSettingsIssues(input), ...(await providerIssues(tx, input))];
    if (issues.length) throw invalid(issues);
    const next = {
      name: input.name ?? locked.name,
      timeZone: input.timeZone ?? locked.timeZone,
      maxResponseMinutes: input.maxResponseMinutes ?? locked.maxResponseMinutes,
      followupProviderId: input.followupProviderId !== undefined ? input.followupProviderId : locked.followupProviderId,
      backup988CentreId: input.backup988CentreId !== undefined ? input.backup988CentreId : locked.backup988CentreId,
    };
    await tx.organisations.updateRegion(regionId, next, now);
    const after = (await tx.organisations.regionDetail(regionId))!;
    const { expectedVersion: _v, ...changed } = input;
    return {
      status: 200,
      body: presentRegion(after, true),
      audit: { action: 'region.update', resourceType: 'region', resourceId: regionId, detail: { changed: Object.keys(changed), before: pick(current, Object.keys(changed)), after: changed } },
      feed: [{ entityType: 'region', entityId: regionId, version: after.version, regionId, agencyId: actor === 'system' ? regionId : actor.principal.agencyId }],
    };
  });
}

const pick = (r: RegionDetail, keys: string[]): Record<string, unknown> => Object.fromEntries(keys.map((k) => [k, (r as unknown as Record<string, unknown>)[k]]));
