import { CONTACT_MESSAGE_CLASS, DomainError, checkMessageFor, invalid, type ContactMessage, type Reach } from '@continuum/domain';
import type { ContactMessageList, ContactMessageListQuery, ContactMessageView, PostContactMessageRequest } from '@continuum/contracts';
import type { Repositories } from '@continuum/storage';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { loadInReach } from '../reach.ts';
import { performWrite } from '../write.ts';
import { auditOfReach, authorise } from './incidents.ts';

/** The feed's entity for a new message: the incident's id, heard by its clinical readers only (realtime/hub.ts). */
export const CONTACT_MESSAGE_FEED_ENTITY = 'contact_message';

/** A platform's clock a little ahead of ours is accepted; a message dated later than this is refused. */
const SENT_AT_AHEAD_MS = 5 * 60_000;

/** The transcript is clinical: a reach without clinical (police, EMS, an escalation's 911 centre) gets 403. */
function requireClinical(reach: Reach): void {
  if (!reach.classes.includes(CONTACT_MESSAGE_CLASS)) {
    throw new DomainError('forbidden', 'Your reach over this contact does not include clinical information, and its transcript is clinical');
  }
}

async function present(repos: Repositories, messages: ContactMessage[]): Promise<ContactMessageView[]> {
  const names = await repos.users.namesOf([...new Set(messages.map((m) => m.recordedBy))]);
  return messages.map((m) => ({
    id: m.id,
    incidentId: m.incidentId,
    direction: m.direction,
    body: m.body,
    sentAt: m.sentAt.toISOString(),
    recordedAt: m.recordedAt.toISOString(),
    recordedBy: names.get(m.recordedBy)?.displayName ?? m.recordedBy,
    externalId: m.externalId,
  }));
}

/**
 * Records one message of a text or chat contact (issue 11 §2): received from the person, as a
 * texting platform posts it, or typed by the counsellor. The same Idempotency-Key replays the
 * first answer; the same platform `externalId` answers the message already recorded (200).
 */
export async function postContactMessage(services: Services, ctx: RequestContext, incidentId: string, input: PostContactMessageRequest) {
  authorise(ctx.principal, 'contact.message');
  return performWrite<ContactMessageView>(services, ctx, 'incident.message', async (tx, now) => {
    const { state, reach } = await loadInReach(tx, ctx.principal, incidentId, now, { lock: true });
    requireClinical(reach);
    checkMessageFor(state);
    const sentAt = input.sentAt ? new Date(input.sentAt) : now;
    if (sentAt.getTime() > now.getTime() + SENT_AT_AHEAD_MS) {
      throw invalid([{ field: 'sentAt', rule: 'not_in_future', message: 'a message cannot have been sent more than 5 minutes from now' }]);
    }
    const audit = { action: 'incident.message', resourceType: 'incident', resourceId: incidentId, ...auditOfReach(reach), fieldClasses: [CONTACT_MESSAGE_CLASS] };
    const already = input.externalId ? await tx.contactMessages.byExternalId(incidentId, input.externalId) : null;
    if (already) {
      return { status: 200, body: (await present(tx, [already]))[0]!, audit: { ...audit, detail: { messageId: already.id, direction: already.direction, duplicateOf: input.externalId } }, feed: [] };
    }
    const message: ContactMessage = { id: services.newId(), incidentId, direction: input.direction, body: input.body, sentAt, recordedAt: now, recordedBy: ctx.principal.userId, externalId: input.externalId ?? null };
    await tx.contactMessages.append(message);
    return {
      status: 201,
      body: (await present(tx, [message]))[0]!,
      // The body is never in the audit row: it says a message was recorded, which way, and by whom.
      audit: { ...audit, detail: { ...(audit.detail ?? {}), messageId: message.id, direction: message.direction } },
      feed: [{ entityType: CONTACT_MESSAGE_FEED_ENTITY, entityId: incidentId, version: state.version, regionId: state.regionId, agencyId: state.agencyId }],
    };
  });
}

/** A text or chat contact's transcript, oldest first, for readers whose reach includes clinical; audited. */
export async function listContactMessages(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, incidentId: string, query: ContactMessageListQuery): Promise<ContactMessageList> {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadInReach(repos, ctx.principal, incidentId, now);
  requireClinical(reach);
  const messages = await repos.contactMessages.list(incidentId, query.limit);
  await repos.audit.write(
    auditOf(ctx, now, { action: 'incident.transcript', outcome: 'allowed', resourceType: 'incident', resourceId: incidentId, ...auditOfReach(reach), fieldClasses: [CONTACT_MESSAGE_CLASS], detail: { ...auditOfReach(reach).detail, messages: messages.length } }),
  );
  return { items: await present(repos, messages), channel: state.channel ?? 'call' };
}

