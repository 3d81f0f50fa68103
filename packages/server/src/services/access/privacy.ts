import { DomainError, PURPOSE_OF_ROLE, READABLE_CLASSES, isAgreementActive, notFound, type FieldClass, type Principal, type Purpose } from '@continuum/domain';
import type { AgreementView } from '@continuum/contracts';
import type { AgreementRecord } from '@continuum/storage';
import { presentIncident } from '../../presenters/incident.ts';
import { REGIONAL_ADMIN_ACTION } from './account-scope.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { auditOfReach, authorise } from '../incident/incidents.ts';
import { performWrite } from '../write.ts';

type Ctx = { principal: Principal; address: string | null };

/** How long a break-glass opening lasts. */
export const BREAK_GLASS_MINUTES = 60;

const view = (a: AgreementRecord, now: Date): AgreementView => ({
  id: a.id,
  name: a.name,
  agencyIds: a.agencyIds,
  purposes: a.purposes,
  fieldClasses: a.fieldClasses,
  startsAt: a.startsAt.toISOString(),
  endsAt: a.endsAt?.toISOString() ?? null,
  endedAt: a.endedAt?.toISOString() ?? null,
  endedReason: a.endedReason,
  active: isAgreementActive(a, now),
});

/** Every agreement, ended ones included: the record of what was shared when. */
export async function listAgreements(services: Services, ctx: Ctx) {
  authorise(ctx.principal, 'agreement.read');
  const now = services.clock();
  return { items: (await services.store.read.sharing.all()).map((a) => view(a, now)) };
}

/** Records a data-sharing agreement; access follows from it at once, in every server process. */
export async function createAgreement(
  services: Services,
  ctx: RequestContext,
  input: { name: string; agencyIds: string[]; purposes: Purpose[]; fieldClasses: FieldClass[]; startsAt: string; endsAt: string | null },
) {
  authorise(ctx.principal, 'agreement.manage');
  return performWrite<AgreementView>(services, ctx, 'agreement.create', async (tx, now) => {
    const id = services.newId();
    const agencyIds = [...new Set(input.agencyIds)];
    const missing = [];
    for (const a of agencyIds) if (!(await tx.organisations.agency(a))) missing.push(a);
    if (missing.length) {
      throw new DomainError('validation_failed', `agencyIds: unknown agencies ${missing.join(', ')}`, {}, missing.map((m) => ({ field: 'agencyIds', rule: 'exists', message: `no agency "${m}"` })));
    }
    const record: AgreementRecord = {
      id, name: input.name, agencyIds, purposes: input.purposes, fieldClasses: input.fieldClasses,
      startsAt: new Date(input.startsAt), endsAt: input.endsAt ? new Date(input.endsAt) : null, endedAt: null, endedReason: null,
      createdAt: now, createdBy: ctx.principal.userId,
    };
    await tx.sharing.create(record);
    return {
      status: 201,
      body: view(record, now),
      audit: { action: 'agreement.create', resourceType: 'sharing_agreement', resourceId: id, detail: { agencyIds, purposes: input.purposes, fieldClasses: input.fieldClasses } },
      feed: [{ entityType: 'sharing_agreement', entityId: id, version: 1, regionId: ctx.principal.regionId, agencyId: ctx.principal.agencyId }],
    };
  });
}

/** Ends an agreement now: the access it gave ends with it, including open live feeds. */
export async function endAgreement(services: Services, ctx: RequestContext, id: string, reason: string) {
  authorise(ctx.principal, 'agreement.manage');
  return performWrite<AgreementView>(services, ctx, 'agreement.end', async (tx, now) => {
    const existing = await tx.sharing.get(id);
    if (!existing) throw notFound('Agreement', id);
    if (!(await tx.sharing.end(id, now, reason))) {
      throw new DomainError('conflict', 'This agreement has already ended', { endedAt: existing.endedAt?.toISOString() });
    }
    return {
      status: 200,
      body: view({ ...existing, endedAt: now, endedReason: reason }, now),
      audit: { action: 'agreement.end', resourceType: 'sharing_agreement', resourceId: id, detail: { reason } },
      feed: [{ entityType: 'sharing_agreement', entityId: id, version: 2, regionId: ctx.principal.regionId, agencyId: ctx.principal.agencyId }],
    };
  });
}

/**
 * A supervisor opens an incident no agreement lets them read, with a written reason. The opening
 * lasts BREAK_GLASS_MINUTES, alerts privacy officers at once, and stays in the audit trail.
 */
export async function breakGlass(services: Services, ctx: RequestContext, incidentId: string, reason: string) {
  authorise(ctx.principal, 'incident.break_glass');
  // A retry with the same key replays this answer: one grant, one alert to the privacy officer.
  return performWrite(services, ctx, 'incident.break_glass', async (tx, now) => {
    const state = await tx.incidents.get(incidentId);
    // Within the supervisor's own region only; elsewhere the record does not exist for them.
    if (!state || state.regionId !== ctx.principal.regionId) throw notFound('Incident', incidentId);
    const expiresAt = new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000);
    await tx.sharing.grant({ id: services.newId(), userId: ctx.principal.userId, recordType: 'incident', recordId: incidentId, reason, grantedAt: now, expiresAt });
    const reach = { classes: [...READABLE_CLASSES[ctx.principal.role]], via: 'break_glass' as const, purpose: PURPOSE_OF_ROLE[ctx.principal.role], agreementIds: [] };
    const audited = auditOfReach(reach);
    return {
      status: 200,
      body: { incident: presentIncident(state, ctx.principal, reach.classes), expiresAt: expiresAt.toISOString() },
      audit: { action: 'incident.break_glass', resourceType: 'incident', resourceId: incidentId, ...audited, detail: { ...audited.detail, reason, expiresAt: expiresAt.toISOString() } },
      feed: [
        { entityType: 'break_glass', entityId: ctx.principal.userId, version: 1, regionId: state.regionId, agencyId: state.agencyId },
        { entityType: 'privacy_alert', entityId: incidentId, version: 1, regionId: state.regionId, agencyId: state.agencyId },
      ],
    };
  });
}

/** Break-glass openings and regional administration, newest first: what a privacy officer reviews. */
export async function privacyAlerts(services: Services, ctx: Ctx, limit = 100) {
  authorise(ctx.principal, 'privacy.alerts');
  // Break-glass openings, and every use of a regional administration grant (ADR 0017).
  const found = await Promise.all(['incident.break_glass', REGIONAL_ADMIN_ACTION].map((action) => services.store.read.audit.search({ action, limit })));
  const rows = found.flat().sort((a, b) => b.id - a.id).slice(0, limit);
  await services.store.read.audit.write(auditOf(ctx, services.clock(), { action: 'privacy.alerts.read', outcome: 'allowed', resourceType: 'audit', detail: { count: rows.length } }));
  const [names, agencies] = await Promise.all([
    services.store.read.users.namesOf(rows.flatMap((r) => (r.actorId ? [r.actorId] : []))),
    // The agencies by name, for reading: the trail keeps the id (one small table, every region's).
    rows.some((r) => r.agencyId) ? services.store.read.organisations.agencies() : Promise.resolve([]),
  ]);
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  return {
    items: rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), actorId: r.actorId, actorName: (r.actorId && names.get(r.actorId)?.displayName) || null, role: r.role, agencyId: r.agencyId,
      agencyName: (r.agencyId && agencyName.get(r.agencyId)) || null, action: r.action,
      resourceType: r.resourceType, resourceId: r.resourceId, reason: typeof r.detail.reason === 'string' ? r.detail.reason : null,
    })),
  };
}
