import { DomainError, forbidden, isConsentActive, notFound, type Principal, type Purpose } from '@continuum/domain';
import type { ConsentRecord, Repositories } from '@continuum/storage';
import { auditOf, type Services } from './context.ts';
import { authorise } from './incidents.ts';
import { part2FeedOf } from './part2.ts';
import { loadInReach } from './reach.ts';

type Ctx = { principal: Principal; address: string | null };

const view = (c: ConsentRecord, now: Date) => ({
  id: c.id, recordId: c.recordId, programmeAgencyId: c.programmeAgencyId, recipientAgencyIds: c.recipientAgencyIds,
  purposes: c.purposes, expiresAt: c.expiresAt.toISOString(), revokedAt: c.revokedAt?.toISOString() ?? null,
  revokedReason: c.revokedReason, note: c.note, recordedAt: c.recordedAt.toISOString(), active: isConsentActive(c, now),
});

/** Only the programme that holds Part 2 information records or revokes consent to disclose it. */
async function programmeIncident(tx: Repositories, ctx: Ctx, id: string, now: Date) {
  authorise(ctx.principal, 'consent.record');
  const { state, access } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
  const part2 = access.part2.get(id);
  const programme = part2?.programmeAgencyId;
  if (!programme) throw new DomainError('conflict', 'This incident holds no Part 2 information to consent to', { currentStatus: state.status });
  if (programme !== ctx.principal.agencyId) throw forbidden('Only the programme that holds the Part 2 information records consent to disclose it');
  return { state, version: part2.version };
}

/** Records the person's consent to disclose the incident's Part 2 information to named agencies. */
export async function recordConsent(
  services: Services,
  ctx: Ctx,
  id: string,
  input: { recipientAgencyIds: string[]; purposes: Purpose[]; expiresAt: string; note?: string | undefined },
) {
  const now = services.clock();
  if (new Date(input.expiresAt) <= now) {
    throw new DomainError('validation_failed', 'expiresAt: must be in the future', {}, [{ field: 'expiresAt', rule: 'future', message: 'must be in the future' }]);
  }
  return services.store.transaction(async (tx) => {
    const { state, version } = await programmeIncident(tx, ctx, id, now);
    for (const a of input.recipientAgencyIds) {
      if (!(await tx.organisations.agency(a))) throw new DomainError('validation_failed', `recipientAgencyIds: no agency ${a}`, {}, [{ field: 'recipientAgencyIds', rule: 'exists', message: `no agency "${a}"` }]);
    }
    const consent: ConsentRecord = {
      id: services.newId(), recordId: id, programmeAgencyId: ctx.principal.agencyId, recipientAgencyIds: [...new Set(input.recipientAgencyIds)],
      purposes: input.purposes, expiresAt: new Date(input.expiresAt), revokedAt: null, revokedReason: null,
      note: input.note ?? null, recordedBy: ctx.principal.userId, recordedAt: now,
    };
    await tx.consents.create(consent);
    await tx.audit.write(auditOf(ctx, now, { action: 'consent.record', outcome: 'allowed', resourceType: 'incident', resourceId: id, fieldClasses: ['substance_use_part2'], detail: { consentId: consent.id, recipients: consent.recipientAgencyIds, purposes: consent.purposes, expiresAt: input.expiresAt } }));
    // Readers whose view now includes the information refetch; no one else hears of it (ADR 0016).
    await tx.feed.publish(part2FeedOf(state, version));
    return view(consent, now);
  });
}

/** Revokes a consent at once: the next read by a recipient no longer includes the information. */
export async function revokeConsent(services: Services, ctx: Ctx, id: string, consentId: string, reason: string) {
  const now = services.clock();
  return services.store.transaction(async (tx) => {
    const { state, version } = await programmeIncident(tx, ctx, id, now);
    const consent = (await tx.consents.forRecords([id])).find((c) => c.id === consentId);
    if (!consent) throw notFound('Consent', consentId);
    if (!(await tx.consents.revoke(consentId, now, reason))) throw new DomainError('conflict', 'This consent was already revoked');
    await tx.audit.write(auditOf(ctx, now, { action: 'consent.revoke', outcome: 'allowed', resourceType: 'incident', resourceId: id, detail: { consentId, reason } }));
    await tx.feed.publish(part2FeedOf(state, version));
    return view({ ...consent, revokedAt: now, revokedReason: reason }, now);
  });
}

/** The consents recorded for an incident's Part 2 information, for its programme; the read is audited (it discloses Part 2 data). */
export async function listConsents(services: Services, ctx: Ctx, id: string) {
  const now = services.clock();
  return services.store.transaction(async (tx) => {
    await programmeIncident(tx, ctx, id, now);
    const items = (await tx.consents.forRecords([id])).map((c) => view(c, now));
    await tx.audit.write(auditOf(ctx, now, { action: 'consent.list', outcome: 'allowed', resourceType: 'incident', resourceId: id, fieldClasses: ['substance_use_part2'], detail: { count: items.length } }));
    return { items };
  });
}
