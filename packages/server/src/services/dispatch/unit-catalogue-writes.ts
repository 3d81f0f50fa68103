import { calendarDateIn, crewIssues, invalid, notFound, serviceAreaIssues, shiftIssues, type CrewMember, type FieldIssue, type Permission } from '@continuum/domain';
import { UNIT_CATALOGUE_LIMITS, type CapabilitiesRequest, type CrewRequest, type ServiceAreaGeometry, type ServiceAreaRequest, type ShiftRequest, type UnitDetail } from '@continuum/contracts';
import type { LiveUnit, Repositories } from '@continuum/storage';
import { presentUnitDetail } from '../../presenters/unit-detail.ts';
import type { RequestContext, Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { loadDetailParts } from './unit-catalogue.ts';
import { catalogueRights, requireRight } from './unit-catalogue-access.ts';
import { unitFeedOf } from './units.ts';
import { performWrite, type WriteOutcome } from '../write.ts';

/**
 * Changes to a unit's catalogue entry. Each one locks the unit's row (so two dispatchers'
 * rosters or two overlapping shifts cannot both land), checks the rule in the domain, writes,
 * and answers with the unit's page, audited and published on the feed in one transaction.
 */
async function changeUnit(
  services: Services,
  ctx: RequestContext,
  action: string,
  id: string,
  right: { permission: Permission; need: 'crew' | 'manage' },
  work: (tx: Repositories, unit: LiveUnit, now: Date) => Promise<Record<string, unknown>>,
) {
  authorise(ctx.principal, right.permission);
  return performWrite<UnitDetail>(services, ctx, action, async (tx, now): Promise<WriteOutcome<UnitDetail>> => {
    const unit = await tx.unitStatus.get(id, { lock: true });
    if (!unit) throw notFound('Unit', id);
    const rights = await catalogueRights(tx, ctx.principal, unit, now);
    requireRight(rights, right.need, unit);
    const detail = await work(tx, unit, now);
    const body = presentUnitDetail(await loadDetailParts(tx, unit, now), now, calendarDateIn(now), rights);
    return { status: 200, body, audit: { action, resourceType: 'unit', resourceId: id, purpose: 'crisis_response', detail }, feed: unitFeedOf(unit) };
  });
}

const fail = (issues: FieldIssue[]) => {
  if (issues.length > 0) throw invalid(issues);
};

/** Sets the members on shift: names, roles, linked accounts and credentials, replacing the roster. */
export function setCrew(services: Services, ctx: RequestContext, id: string, input: CrewRequest) {
  return changeUnit(services, ctx, 'unit.crew', id, { permission: 'unit.crew', need: 'crew' }, async (tx, unit, now) => {
    const members: CrewMember[] = input.members;
    fail(crewIssues(members, calendarDateIn(now), 'members'));
    fail(await accountIssues(tx, unit, members));
    await tx.unitCatalogue.setCrew(id, members);
    return { members: members.map((m) => ({ role: m.role, userId: m.userId })) };
  });
}

/** A linked account must exist and belong to the unit's owning or a partner agency. */
async function accountIssues(tx: Repositories, unit: LiveUnit, members: readonly CrewMember[]): Promise<FieldIssue[]> {
  const staffing = new Set([unit.agencyId, ...unit.partnerAgencyIds]);
  const issues: FieldIssue[] = [];
  for (const [i, m] of members.entries()) {
    if (m.userId === null) continue;
    const field = `members.${i}.userId`;
    if (!(await tx.users.byId(m.userId))) {
      issues.push({ field, rule: 'unknown_user', message: `no user account ${m.userId}` });
    } else if (!(await tx.users.memberships(m.userId)).some((ms) => staffing.has(ms.agencyId))) {
      issues.push({ field, rule: 'not_staff', message: `the account is not a member of ${[...staffing].join(' or ')}` });
    }
  }
  return issues;
}

/** Sets what the team carries or can do. */
export function setCapabilities(services: Services, ctx: RequestContext, id: string, input: CapabilitiesRequest) {
  return changeUnit(services, ctx, 'unit.capabilities', id, { permission: 'unit.manage', need: 'manage' }, async (tx) => {
    const capabilities = capabilitiesOf(input);
    await tx.unitCatalogue.setCapabilities(id, capabilities);
    return { capabilities };
  });
}

/** Refuses a service area over the size limit or breaking the domain's rules, naming the field (also the admin import's). */
export function checkServiceArea(area: ServiceAreaGeometry, field = 'serviceArea'): void {
  const positions = (area.type === 'Polygon' ? area.coordinates : area.coordinates.flat()).reduce((n, ring) => n + ring.length, 0);
  if (positions > UNIT_CATALOGUE_LIMITS.serviceAreaPositions) {
    fail([{ field: `${field}.coordinates`, rule: 'max_positions', message: `at most ${UNIT_CATALOGUE_LIMITS.serviceAreaPositions} positions` }]);
  }
  fail(serviceAreaIssues(area, field));
}

/** Languages as stored: lower case, each once. */
export const capabilitiesOf = (input: CapabilitiesRequest) => ({ ...input, languages: [...new Set(input.languages.map((l) => l.toLowerCase()))] });

/** Sets the area the unit may be sent to, or null to fall back to the owning agency's county. */
export function setServiceArea(services: Services, ctx: RequestContext, id: string, input: ServiceAreaRequest) {
  return changeUnit(services, ctx, 'unit.service_area', id, { permission: 'unit.manage', need: 'manage' }, async (tx) => {
    const area = input.serviceArea;
    if (area) checkServiceArea(area);
    await tx.unitCatalogue.setServiceArea(id, area);
    // The geometry itself is in the row; the audit says what kind of change it was.
    return area ? { source: 'custom', type: area.type } : { source: 'county' };
  });
}

/** Schedules one shift; it must end after it starts and overlap none of the unit's others. */
export function addShift(services: Services, ctx: RequestContext, id: string, input: ShiftRequest) {
  return changeUnit(services, ctx, 'unit.shift_add', id, { permission: 'unit.manage', need: 'manage' }, async (tx, _unit, now) => {
    const candidate = { startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt) };
    const nearby = candidate.endsAt > candidate.startsAt ? await tx.unitCatalogue.shifts([id], { after: candidate.startsAt, before: candidate.endsAt }) : [];
    fail(shiftIssues(candidate, nearby));
    const shiftId = services.newId();
    await tx.unitCatalogue.addShift({ id: shiftId, unitId: id, ...candidate, createdBy: ctx.principal.userId, createdAt: now });
    return { shiftId, startsAt: input.startsAt, endsAt: input.endsAt };
  });
}

/** Removes one scheduled shift. */
export function removeShift(services: Services, ctx: RequestContext, id: string, shiftId: string) {
  return changeUnit(services, ctx, 'unit.shift_remove', id, { permission: 'unit.manage', need: 'manage' }, async (tx) => {
    const removed = await tx.unitCatalogue.removeShift(id, shiftId);
    if (!removed) throw notFound('Shift', shiftId);
    return { shiftId, startsAt: removed.startsAt.toISOString(), endsAt: removed.endsAt.toISOString() };
  });
}
