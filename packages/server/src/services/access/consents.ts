import { DomainError, forbidden, isConsentActive, notFound, type Principal, type Purpose } from '@continuum/domain';
import type { ConsentRecord, Repositories } from '@continuum/storage';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { part2FeedOf } from '../incident/part2.ts';
import { loadInReach } from '../reach.ts';
import { performWrite } from '../write.ts';

type Ctx = { principal: Principal; address: string | null };

const view = (c: ConsentRecord, now: Date) => ({
  id: c.id, recordId: c.recordId, programmeAgencyId: c.programmeAgencyId, recipientAgencyIds: c.recipientAgencyIds,
  purposes: c.purposes, expiresAt: c.expiresAt.toISOString(), revokedAt: c.revokedAt?.toISOString() ?? null,
  revokedReason: c.revokedReason, note: c.note, recordedAt: c.recordedAt.toISOString(), active: isConsentActive(c, now),
});

/**
 * Only the programme that holds Part 2 information records or revokes consent to disclose it.
 * Everyone else gets one answer whether or not the incident holds Part 2 information: a
 * distinct "none here" would reveal that a Part 2 record exists without consent (issue 10).
 */
async function programmeIncident(tx: Repositories, ctx: Ctx, id: string, now: Date) {
  authorise(ctx.principal, 'consent.record');
  const { state, access } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
  const part2 = access.part2.get(id);
  if (!part2 || part2.programmeAgencyId !== ctx.principal.agencyId) throw forbidden('Only the programme that holds the Part 2 information records consent to disclose it');
  return { state, version: part2.version };
}

/** Records the person's consent to disclose the incident's Part 2 information to named agencies. */
export async function recordConsent(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: { recipientAgencyIds: string[]; purposes: Purpose[]; expiresAt: string; note?: string | undefined },
) {
  return performWrite(services, ctx, 'consent.record', async (tx, now) => {
    if (new Date(input.expiresAt) <= now) {
      throw new DomainError('validation_failed', 'expiresAt: must be in the future', {}, [{ field: 'expiresAt', rule: 'future', message: 'must be in the future' }]);
    }
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
    return {
      status: 201,
      body: view(consent, now),
      audit: { action: 'consent.record', resourceType: 'incident', resourceId: id, fieldClasses: ['substance_use_part2'], detail: { consentId: consent.id, recipients: consent.recipientAgencyIds, purposes: consent.purposes, expiresAt: input.expiresAt } },
      // Readers whose view now includes the information refetch; no one else hears of it (ADR 0016).
      feed: part2FeedOf(state, version),
    };
  });
}

/** Revokes a consent at once: the next read by a recipient no longer includes the information. */
export async function revokeConsent(services: Services, ctx: RequestContext, id: string, consentId: string, reason: string) {
  return performWrite(services, ctx, 'consent.revoke', async (tx, now) => {
    const { state, version } = await programmeIncident(tx, ctx, id, now);
    const consent = (await tx.consents.forRecords([id])).find((c) => c.id === consentId);
    if (!consent) throw notFound('Consent', consentId);
    if (!(await tx.consents.revoke(consentId, now, reason))) throw new DomainError('conflict', 'This consent was already revoked');
    return {
      status: 200,
      body: view({ ...consent, revokedAt: now, revokedReason: reason }, now),
      audit: { action: 'consent.revoke', resourceType: 'incident', resourceId: id, detail: { consentId, reason } },
      feed: part2FeedOf(state, version),
    };
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
