import { DomainError, forbidden, invalid, isConsentActive, notFound, type Purpose } from '@continuum/domain';
import type { PersonView } from '@continuum/contracts';
import type { ConsentRecord, Repositories } from '@continuum/storage';
import type { RequestContext, Services } from '../context.ts';
import { authorise, feedOf } from '../incident/incidents.ts';
import { loadPersonInReach, personFeedOf } from './people-access.ts';
import { performWrite } from '../write.ts';

type ConsentView = NonNullable<PersonView['consents']>[number];

const view = (c: ConsentRecord, now: Date): ConsentView => ({
  id: c.id, programmeAgencyId: c.programmeAgencyId, recipientAgencyIds: c.recipientAgencyIds, purposes: c.purposes,
  expiresAt: c.expiresAt.toISOString(), revokedAt: c.revokedAt?.toISOString() ?? null, revokedReason: c.revokedReason,
  note: c.note, recordedAt: c.recordedAt.toISOString(), active: isConsentActive(c, now),
});

/**
 * The agency that holds the person record is the programme that discloses: only it records or
 * revokes the person's consent (ADR 0009), which then covers every incident linked to the person.
 */
async function ownPerson(tx: Repositories, ctx: RequestContext, id: string, now: Date) {
  authorise(ctx.principal, 'consent.record');
  const { person } = await loadPersonInReach(tx, ctx.principal, id, now, { lock: true });
  if (person.agencyId !== ctx.principal.agencyId) throw forbidden('Only the agency that holds the person record records consent for it');
  const regionId = (await tx.organisations.agency(person.agencyId))?.regionId ?? ctx.principal.regionId;
  // Readers of the linked incidents refetch: their Part 2 view may change with the consent.
  const incidents = await Promise.all((await tx.people.contactsOf(id)).map((c) => tx.incidents.get(c.incidentId)));
  const feed = [...personFeedOf(person, regionId), ...incidents.flatMap((s) => (s ? feedOf(s) : []))];
  return { person, feed };
}

/** Records the person's consent to disclose their information, Part 2 included, to named agencies. */
export async function recordPersonConsent(
  services: Services,
  ctx: RequestContext,
  id: string,
  input: { recipientAgencyIds: string[]; purposes: Purpose[]; expiresAt: string; note?: string | undefined },
) {
  return performWrite<ConsentView>(services, ctx, 'person.consent_record', async (tx, now) => {
    const { feed } = await ownPerson(tx, ctx, id, now);
    if (new Date(input.expiresAt) <= now) throw invalid([{ field: 'expiresAt', rule: 'future', message: 'must be in the future' }]);
    for (const [i, a] of input.recipientAgencyIds.entries()) {
      if (!(await tx.organisations.agency(a))) throw invalid([{ field: `recipientAgencyIds.${i}`, rule: 'exists', message: `no agency "${a}"` }]);
    }
    const consent: ConsentRecord = {
      id: services.newId(), recordType: 'person', recordId: id, programmeAgencyId: ctx.principal.agencyId,
      recipientAgencyIds: [...new Set(input.recipientAgencyIds)], purposes: input.purposes, expiresAt: new Date(input.expiresAt),
      revokedAt: null, revokedReason: null, note: input.note ?? null, recordedBy: ctx.principal.userId, recordedAt: now,
    };
    await tx.consents.create(consent);
    return {
      status: 201,
      body: view(consent, now),
      audit: { action: 'person.consent_record', resourceType: 'person', resourceId: id, fieldClasses: ['substance_use_part2'], detail: { consentId: consent.id, recipients: consent.recipientAgencyIds, purposes: consent.purposes, expiresAt: input.expiresAt } },
      feed,
    };
  });
}

/** Revokes a person-level consent at once: the next read by a recipient no longer includes the information. */
export async function revokePersonConsent(services: Services, ctx: RequestContext, id: string, consentId: string, reason: string) {
  return performWrite<ConsentView>(services, ctx, 'person.consent_revoke', async (tx, now) => {
    const { feed } = await ownPerson(tx, ctx, id, now);
    const consent = (await tx.consents.forRecords([id])).find((c) => c.id === consentId && c.recordType === 'person');
    if (!consent) throw notFound('Consent', consentId);
    if (!(await tx.consents.revoke(consentId, now, reason))) throw new DomainError('conflict', 'This consent was already revoked');
    return {
      status: 200,
      body: view({ ...consent, revokedAt: now, revokedReason: reason }, now),
      audit: { action: 'person.consent_revoke', resourceType: 'person', resourceId: id, detail: { consentId } },
      feed,
    };
  });
}
