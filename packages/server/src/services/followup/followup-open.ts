import { randomUUID } from 'node:crypto';
import { notFound, openEpisode, type EpisodeState, type ProgrammeId } from '@continuum/domain';
import type { Repositories } from '@continuum/storage';

/**
 * Opens the follow-up episode a disposition calls for, inside the caller's transaction (the
 * incident's close): writes its event and projection and returns the state. The caller writes
 * the audit row and the feed entry. An episode already open for this incident and programme is
 * returned as it is, so a retried close never opens a second one.
 */
export async function openEpisodeFromDisposition(
  tx: Repositories,
  args: { incidentId: string; agencyId: string; programme: ProgrammeId; personRef: string | null; openedAt: Date; actorId: string },
): Promise<EpisodeState> {
  const incident = await tx.incidents.get(args.incidentId);
  if (!incident) throw notFound('Incident', args.incidentId);
  const existing = await tx.followup.openFor(args.incidentId, args.programme);
  if (existing) return existing;
  // Unassigned: the programme's team picks it up from the agency's caseload.
  const decided = openEpisode({
    incidentId: args.incidentId,
    agencyId: args.agencyId,
    regionId: incident.regionId,
    programme: args.programme,
    personRef: args.personRef,
    openedAt: args.openedAt,
    assignedTo: null,
  });
  const { state } = await tx.followup.append(randomUUID(), null, decided, { actorId: args.actorId, occurredAt: args.openedAt });
  return state;
}
