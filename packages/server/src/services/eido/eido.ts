import {
  CALL_HANDLING_VENDORS,
  DomainError,
  READABLE_CLASSES,
  PURPOSE_OF_ROLE,
  decideIncidentCommand,
  forbidden,
  invalid,
  isNewerEido,
  mayExchangeEido,
  notFound,
  type DecidedEvent,
  type IncidentState,
  type Principal,
  type Reach,
} from '@continuum/domain';
import type { CadLinksView, EidoImportResult, EidoSubscriptionList, EidoSubscriptionRequest, EidoSubscriptionView } from '@continuum/contracts';
import type { EidoDelivery, EidoSubscription, Repositories } from '@continuum/storage';
import { presentIncident } from '../../presenters/incident.ts';
import { incidentIdOfEidoId, presentEido, type CadIdentifiers } from '../../presenters/eido.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { accessFor, loadInReach, reachOver } from '../reach.ts';
import { auditOfReach, authorise, feedOf } from '../incident/incidents.ts';
import { pinnedProtocol } from '../triage/protocols.ts';
import { performWrite } from '../write.ts';
import { readEido } from './read-eido.ts';
import { eidoIssues } from './schema.ts';

const requireCad = (p: Principal) => {
  if (!mayExchangeEido(p)) throw forbidden('EIDO is exchanged by a 911 CAD through an API token given the eido.write scope');
};

/** One incident as a NENA EIDO document, redacted to the reader's field classes; audited as a read. */
export async function exportEido(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>, id: string): Promise<Record<string, unknown>> {
  authorise(ctx.principal, 'incident.read');
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadInReach(repos, ctx.principal, id, now);
  const link = await repos.eido.linkOf(id);
  await repos.audit.write(auditOf(ctx, now, { action: 'incident.eido_export', outcome: 'allowed', resourceType: 'incident', resourceId: id, ...auditOfReach(reach) }));
  return presentEido(state, ctx.principal, reach.classes, link && { eidoId: link.eidoId, identifiers: link.identifiers as unknown as CadIdentifiers });
}

/** Triage from the CAD's vendor code, when the region's protocol maps it; else the interview starts here. */
async function triageFromCad(tx: Repositories, state: IncidentState, code: string | null): Promise<DecidedEvent[]> {
  if (!code || state.triage || state.status !== 'received') return [];
  const protocol = await pinnedProtocol(tx, state.regionId);
  const vendor = CALL_HANDLING_VENDORS.find((v) => protocol.vendorCodes.some((m) => m.vendor === v && m.code.toUpperCase() === code.trim().toUpperCase()));
  if (!vendor) return [];
  return decideIncidentCommand(state, { action: 'triage_by_vendor_code', vendor, code, protocol, regionId: state.regionId });
}

/**
 * Takes an EIDO from a 911 CAD (ADR 0029): a document failing the EIDO schema is refused with the
 * JSON path of each fault; one naming an incident of another region is refused (403); an EIDO id
 * and version already applied changes nothing (a CAD's retry); otherwise the incident is created
 * (or the one it names updated), the CAD's identifiers kept, and triage started from the CAD's
 * vendor code when the region's protocol maps it.
 */
export async function importEido(services: Services, ctx: RequestContext, doc: Record<string, unknown>) {
  requireCad(ctx.principal);
  const issues = eidoIssues(doc);
  if (issues.length) throw invalid(issues);
  const intake = readEido(doc);
  return performWrite<EidoImportResult>(services, ctx, 'eido.import', async (tx, now) => {
    const link = await tx.eido.linkByEidoId(intake.eidoId, { lock: true });
    const named = link?.incidentId ?? incidentIdOfEidoId(intake.eidoId);
    let current = named ? await tx.incidents.get(named, { lock: true }) : null;
    if (named && !current) throw notFound('Incident', named);
    if (current && current.regionId !== ctx.principal.regionId) {
      throw new DomainError('forbidden', `EIDO ${intake.eidoId} names an incident of region ${current.regionId}; your CAD's agency is in region ${ctx.principal.regionId}, and a CAD updates only its own region's incidents`, { regionId: current.regionId });
    }
    if (link && link.cadAgencyId !== ctx.principal.agencyId) {
      throw forbidden(`EIDO ${intake.eidoId} was sent by another agency's CAD (${link.cadAgencyId}); only it may update it`);
    }
    const own: Reach = { classes: [...READABLE_CLASSES[ctx.principal.role]], via: 'own_agency', purpose: PURPOSE_OF_ROLE[ctx.principal.role], agreementIds: [] };
    const reachOf = async (s: IncidentState) => (s.agencyId === ctx.principal.agencyId ? own : reachOver(ctx.principal, s, await accessFor(tx, ctx.principal, [s.id], now), now) ?? null);
    const answer = (s: IncidentState, reach: Reach, outcome: EidoImportResult['outcome'], version: Date) => ({
      outcome, eidoId: intake.eidoId, version: version.toISOString(), incident: presentIncident(s, ctx.principal, reach.classes),
    });

    if (current && link && !isNewerEido(link.version, intake.version)) {
      const reach = await reachOf(current);
      if (!reach) throw notFound('Incident', current.id);
      return { status: 200, body: answer(current, reach, 'unchanged', link.version), audit: { action: 'eido.import', resourceType: 'incident', resourceId: current.id, ...auditOfReach(reach), detail: { eidoId: intake.eidoId, version: intake.version.toISOString(), outcome: 'unchanged' } }, feed: [] };
    }

    let created = false;
    if (!current) {
      const id = services.newId();
      const received = { type: 'incident.received' as const, data: { agencyId: ctx.principal.agencyId, regionId: ctx.principal.regionId, entryPoint: '911' as const, summary: intake.summary, location: intake.location, caller: intake.caller, person: intake.person, safetyFlags: intake.safetyFlags } };
      current = (await tx.incidents.append(id, null, [{ event: received, reason: null }], { actorId: ctx.principal.userId, occurredAt: now })).state;
      created = true;
    }
    const triage = await triageFromCad(tx, current, intake.vendorCode);
    const state = triage.length ? (await tx.incidents.append(current.id, current, triage, { actorId: ctx.principal.userId, occurredAt: now })).state : current;
    await tx.eido.saveLink({ incidentId: state.id, eidoId: intake.eidoId, cadAgencyId: ctx.principal.agencyId, version: intake.version, identifiers: intake.identifiers as unknown as Record<string, unknown>, createdAt: link?.createdAt ?? now, updatedAt: now });
    const reach = await reachOf(state);
    if (!reach) throw notFound('Incident', state.id);
    const outcome = created ? 'created' : 'updated';
    return {
      status: created ? 201 : 200,
      body: answer(state, reach, outcome, intake.version),
      audit: { action: 'eido.import', resourceType: 'incident', resourceId: state.id, ...auditOfReach(reach), detail: { eidoId: intake.eidoId, version: intake.version.toISOString(), outcome, triagedFromCad: triage.length > 0 } },
      feed: created || triage.length ? feedOf(state) : [],
    };
  });
}

const subscriptionView = (s: EidoSubscription): EidoSubscriptionView => ({ id: s.id, url: s.url, agencyId: s.agencyId, createdAt: s.createdAt.toISOString(), endedAt: s.endedAt?.toISOString() ?? null });

/** Registers the calling CAD's webhook for updates of the incidents its agency sent. */
export async function subscribeEido(services: Services, ctx: RequestContext, tokenId: string, input: EidoSubscriptionRequest) {
  requireCad(ctx.principal);
  return performWrite<EidoSubscriptionView>(services, ctx, 'eido.subscribe', async (tx, now) => {
    const s = { id: services.newId(), tokenId, agencyId: ctx.principal.agencyId, url: input.url, createdAt: now };
    await tx.eido.subscribe(s);
    return { status: 201, body: subscriptionView({ ...s, endedAt: null }), audit: { action: 'eido.subscribe', resourceType: 'eido_subscription', resourceId: s.id, detail: { url: s.url } }, feed: [] };
  });
}

export async function listEidoSubscriptions(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>): Promise<EidoSubscriptionList> {
  requireCad(ctx.principal);
  return { items: (await services.store.read.eido.subscriptions([ctx.principal.agencyId])).map(subscriptionView) };
}

/** Ends one of the agency's webhooks; what it had waiting is no longer sent. Another agency's answers 404. */
export async function endEidoSubscription(services: Services, ctx: RequestContext, id: string) {
  requireCad(ctx.principal);
  return performWrite<EidoSubscriptionView>(services, ctx, 'eido.unsubscribe', async (tx, now) => {
    const s = await tx.eido.subscription(id);
    if (!s || s.agencyId !== ctx.principal.agencyId || s.endedAt) throw notFound('Subscription', id);
    await tx.eido.endSubscription(id, now);
    return { status: 200, body: subscriptionView({ ...s, endedAt: now }), audit: { action: 'eido.unsubscribe', resourceType: 'eido_subscription', resourceId: id }, feed: [] };
  });
}

const deliveryView = (d: EidoDelivery) => ({
  id: d.id,
  subscriptionId: d.subscriptionId,
  incidentId: d.incidentId,
  incidentVersion: d.incidentVersion,
  eidoId: d.eidoId,
  attempts: d.attempts,
  state: d.deliveredAt ? ('delivered' as const) : d.gaveUpAt ? ('failed' as const) : ('waiting' as const),
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  nextAttemptAt: d.deliveredAt || d.gaveUpAt ? null : d.nextAttemptAt.toISOString(),
  lastStatus: d.lastStatus,
  lastError: d.lastError,
});

/** The administrator's view of the CAD links of their agency: eido tokens, webhooks, the last deliveries and failures. */
export async function cadLinks(services: Services, ctx: Pick<RequestContext, 'principal' | 'address'>): Promise<CadLinksView> {
  authorise(ctx.principal, 'user.manage');
  const now = services.clock();
  const repos = services.store.read;
  const agencies = [ctx.principal.agencyId];
  const [tokens, subscriptions] = await Promise.all([repos.eido.eidoTokens(agencies), repos.eido.subscriptions(agencies, { includeEnded: true })]);
  const ids = subscriptions.map((s) => s.id);
  const [counts, deliveries] = await Promise.all([repos.eido.deliveryCounts(ids), repos.eido.recentDeliveries(ids, 50)]);
  await repos.audit.write(auditOf(ctx, now, { action: 'eido.links', outcome: 'allowed', detail: { agencies } }));
  return {
    tokens: tokens.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), expiresAt: t.expiresAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null })),
    subscriptions: subscriptions.map((s) => ({ ...subscriptionView(s), tokenId: s.tokenId, ...(counts.get(s.id) ?? { delivered: 0, waiting: 0, failed: 0 }) })),
    deliveries: deliveries.map(deliveryView),
  };
}
