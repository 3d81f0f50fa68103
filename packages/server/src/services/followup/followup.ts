import { caseloadOrder, CLOSURE_REASONS, DomainError, PURPOSE_OF_ROLE, type EpisodeState, type Reach } from '@continuum/domain';
import { FOLLOWUP_LIMITS, type CaseloadView } from '@continuum/contracts';
import { disclosedEpisodeClasses, presentEpisode } from '../../presenters/followup.ts';
import { referralBundle } from '../../presenters/followup-fhir.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { auditOfEpisode, episodeReach, loadEpisodeInReach } from './followup-access.ts';
import { authorise } from '../incident/incidents.ts';
import { episodeContact } from './followup-contact.ts';

type ReadContext = Pick<RequestContext, 'principal' | 'address'>;

/**
 * The signed-in person's caseload: open episodes assigned to them or held by their agency,
 * overdue first (`caseloadOrder`). The list read is audited once, with its ids.
 */
export async function readCaseload(services: Services, ctx: ReadContext): Promise<CaseloadView> {
  authorise(ctx.principal, 'followup.read');
  const now = services.clock();
  const repos = services.store.read;
  const rows = await repos.followup.openCaseload({ userId: ctx.principal.userId, agencyIds: [ctx.principal.agencyId], limit: FOLLOWUP_LIMITS.caseload });
  const shown: { episode: EpisodeState; reach: Reach; contact: Awaited<ReturnType<typeof episodeContact>> }[] = [];
  for (const episode of caseloadOrder(rows, now)) {
    const reach = await episodeReach(repos, ctx.principal, episode, now);
    // Who to call, on every row: a caseload of programme codes cannot be worked from (issue 15 §6).
    if (reach) shown.push({ episode, reach, contact: await episodeContact(repos, ctx.principal, episode, reach, now) });
  }
  await repos.audit.write(
    auditOf(ctx, now, {
      action: 'followup.caseload',
      outcome: 'allowed',
      resourceType: 'followup_episode',
      fieldClasses: [...new Set(shown.flatMap((x) => [...disclosedEpisodeClasses(x.reach.classes), ...x.contact.classes]))],
      purpose: PURPOSE_OF_ROLE[ctx.principal.role],
      detail: { ids: shown.map((x) => x.episode.id) },
    }),
  );
  const items = shown.map(({ episode, reach, contact }) => ({
    ...presentEpisode(episode, ctx.principal, reach.classes, now),
    ...(contact.call ? { call: contact.call } : {}),
    ...(contact.person ? { person: contact.person } : {}),
  }));
  return { items, closureReasons: [...CLOSURE_REASONS] };
}

/**
 * One episode as the reader may see it, with who to call and why (followup-contact.ts); the read
 * is audited with every class disclosed, the call's and the person's included.
 */
export async function readEpisode(services: Services, ctx: ReadContext, id: string) {
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadEpisodeInReach(repos, ctx.principal, id, now);
  const contact = await episodeContact(repos, ctx.principal, state, reach, now);
  const audited = auditOfEpisode(id, reach);
  await repos.audit.write(auditOf(ctx, now, {
    action: 'followup.read',
    outcome: 'allowed',
    ...audited,
    fieldClasses: [...new Set([...(audited.fieldClasses ?? []), ...contact.classes])],
    detail: { ...audited.detail, incidentId: state.incidentId, ...(contact.personId ? { personId: contact.personId } : {}) },
  }));
  const view = presentEpisode(state, ctx.principal, reach.classes, now);
  return { ...view, ...(contact.call ? { call: contact.call } : {}), ...(contact.person ? { person: contact.person } : {}) };
}

/**
 * A referral as a FHIR R4 Bundle of a ServiceRequest and its Task, for the receiving provider.
 * An export is a disclosure: audited with the referral's id and the classes it carried.
 */
export async function exportReferral(services: Services, ctx: ReadContext, id: string, referralId: string) {
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadEpisodeInReach(repos, ctx.principal, id, now);
  // Referrals are clinical: a reader who may not see them gets nothing to export.
  if (!reach.classes.includes('clinical')) throw new DomainError('forbidden', 'Referrals are clinical records your reach does not include');
  const referral = state.referrals.find((r) => r.id === referralId);
  if (!referral) throw new DomainError('not_found', `Referral ${referralId} was not found on this episode`, { resource: 'Referral', id: referralId });
  const agency = await repos.organisations.agency(state.agencyId);
  const bundle = referralBundle(state, referral, { readable: reach.classes, requesterName: agency?.name ?? state.agencyId, now });
  const audited = auditOfEpisode(id, reach);
  await repos.audit.write(auditOf(ctx, now, { action: 'followup.referral_export', outcome: 'allowed', ...audited, detail: { ...audited.detail, referralId, format: 'fhir-r4' } }));
  return bundle;
}
