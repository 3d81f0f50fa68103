import { clearOnClose, decideIncidentCommand, programmeForUnitModel, type Disposition, type EpisodeState, type IncidentCommand, type IncidentState } from '@continuum/domain';
import type { IncidentTransitionRequest, IncidentView } from '@continuum/contracts';
import type { LiveUnit, Repositories } from '@continuum/storage';
import { presentIncident } from '../../presenters/incident.ts';
import type { RequestContext, Services } from '../context.ts';
import { applyUnitMoves } from '../dispatch/dispatch.ts';
import { destinationFacility } from '../dispatch/dispatch-actions.ts';
import { auditOfReach, authorise, feedOf, requireVersion } from './incidents.ts';
import { loadInReach, part2For, reachOver } from '../reach.ts';
import { episodeFeedOf } from '../followup/followup-access.ts';
import { openEpisodeFromDisposition } from '../followup/followup-open.ts';
import { performWrite } from '../write.ts';

/** Endings after which nobody is followed up: no one was found, no one needed it, or the person went to jail. */
const NO_FOLLOW_UP: readonly Disposition[] = ['unable_to_locate', 'no_response_needed', 'arrest', 'escalated_to_911', 'transferred_to_988', 'routed_to_cares'];

/**
 * Opens the follow-up episode the call's programme owes the person (DOMAIN.md §7): the programme
 * of the crisis team that answered (a child or young person: the youth programme), held by the
 * region's follow-up provider when it has one, else by the team's own agency.
 */
async function openFollowUp(tx: Repositories, s: IncidentState, actorId: string, now: Date): Promise<EpisodeState | null> {
  if (!s.disposition || NO_FOLLOW_UP.includes(s.disposition)) return null;
  const answered = s.response.assignments.filter((a) => a.stage === 'cleared');
  const team = answered.find((a) => programmeForUnitModel(a.model) !== null);
  // A call routed to the CARES line owes the child the youth programme's follow-up whether a team
  // went or the CARES counsellor resolved it on the phone (issue 11 §3).
  const viaCares = s.caresMaxResponseMinutes !== undefined;
  if (!team && !viaCares) return null;
  const youth = viaCares || (s.person.age !== undefined && s.person.age < 18);
  const programme = youth ? 'youth_cares' : programmeForUnitModel(team!.model)!;
  const agency = await tx.organisations.agency(s.agencyId);
  const provider = agency ? (await tx.organisations.agencies(agency.regionId)).find((a) => a.kind === 'followup_provider') : undefined;
  const personRef = (await tx.people.linksOf([s.id])).get(s.id) ?? null;
  return openEpisodeFromDisposition(tx, { incidentId: s.id, agencyId: provider?.id ?? team?.agencyId ?? s.agencyId, programme, personRef, openedAt: now, actorId });
}

type CloseRequest = Extract<IncidentTransitionRequest, { action: 'close' }>;

/**
 * Closes a call with its disposition (issue 6 §4): the units still on it clear with it (a unit
 * transporting arrives first), their statuses move to available, the disposition's detail is
 * recorded and the programme's follow-up episode opened, all in one transaction with the audit
 * row and the feed entries.
 */
export async function closeIncident(services: Services, ctx: RequestContext, id: string, input: CloseRequest) {
  authorise(ctx.principal, 'incident.close');
  return performWrite<IncidentView>(services, ctx, 'incident.close', async (tx, now) => {
    const { state: current, reach: before, access } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
    requireVersion(input.expectedVersion, current);
    const facilityId = input.details?.transport?.facilityId;
    if (facilityId) await destinationFacility(tx, facilityId, current.regionId, 'details.transport.facilityId');
    const command: IncidentCommand = { action: 'close', disposition: input.disposition, details: input.details, reason: input.reason };
    const decided = decideIncidentCommand(current, command);
    const moves = clearOnClose(current);
    const { state } = await tx.incidents.append(id, current, decided, { actorId: ctx.principal.userId, occurredAt: now });
    const units = new Map<string, LiveUnit>();
    for (const unitId of [...new Set(moves.units.map((m) => m.unitId))].sort()) {
      const unit = await tx.unitStatus.get(unitId, { lock: true });
      if (unit) units.set(unitId, unit);
    }
    const unitFeed = await applyUnitMoves(tx, { events: [], units: moves.units.filter((m) => units.has(m.unitId)) }, units, id, ctx, now);
    const episode = input.followUp === false ? null : await openFollowUp(tx, state, ctx.principal.userId, now);
    const reach = reachOver(ctx.principal, state, access, now) ?? before;
    const audited = auditOfReach(reach);
    const d = state.dispositionDetail;
    return {
      status: 200,
      body: presentIncident(state, ctx.principal, reach.classes, part2For(reach, access, id)),
      audit: {
        action: 'incident.close',
        resourceType: 'incident',
        resourceId: id,
        ...audited,
        // The counted facts of the ending, never its clinical note or the place the person chose.
        detail: {
          ...audited.detail, from: current.status, to: state.status, version: state.version, disposition: state.disposition,
          ...(d ? { transportBy: d.transport?.by ?? null, destination: d.transport?.destination ?? null, facilityId: d.transport?.facilityId ?? null, arrest: d.arrest, useOfForce: d.useOfForce } : {}),
          ...(moves.units.length ? { unitsCleared: [...units.keys()] } : {}),
          ...(episode ? { followUpEpisodeId: episode.id, programme: episode.programme } : {}),
          ...(input.followUp === false ? { followUp: 'declined' } : {}),
        },
      },
      feed: [...feedOf(state), ...unitFeed, ...(episode ? episodeFeedOf(episode) : [])],
    };
  });
}
