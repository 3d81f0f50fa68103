import { DomainError, notFound, reachOf, type EpisodeState, type Principal, type Reach } from '@continuum/domain';
import type { AuditEntry, Repositories } from '@continuum/storage';
import { disclosedEpisodeClasses } from '../../presenters/followup.ts';
import { authorise } from '../incident/incidents.ts';

/** The reach over an episode: the programme's own agency, or an agreement for follow-up in force. */
export async function episodeReach(repos: Repositories, principal: Principal, episode: Pick<EpisodeState, 'id' | 'agencyId'>, now: Date): Promise<Reach | null> {
  const [agreements, grants] = await Promise.all([repos.sharing.current(), repos.sharing.grantsOf(principal.userId, now)]);
  return reachOf(principal, { id: episode.id, agencyId: episode.agencyId }, agreements, now, grants);
}

/**
 * Loads an episode the principal may read, with the reach over it. Out of reach answers exactly
 * like absent (404): a guessed id from another agency reveals nothing.
 */
export async function loadEpisodeInReach(repos: Repositories, principal: Principal, id: string, now: Date, opts: { lock?: boolean } = {}): Promise<{ state: EpisodeState; reach: Reach }> {
  authorise(principal, 'followup.read');
  const state = await repos.followup.get(id, { lock: opts.lock });
  if (!state) throw notFound('Episode', id);
  const reach = await episodeReach(repos, principal, state, now);
  if (!reach) throw notFound('Episode', id);
  return { state, reach };
}

/** Refuses a write based on a stale read, instead of overwriting a newer change. */
export function checkVersion(state: EpisodeState, expected: number | undefined): void {
  if (expected !== undefined && expected !== state.version) {
    throw new DomainError('conflict', `The episode changed since you loaded it (now version ${state.version})`, { currentVersion: state.version, currentStatus: state.status });
  }
}

/** What an audit row records of a read or change of an episode: classes shown, purpose, basis. */
export const auditOfEpisode = (episodeId: string, reach: Reach): Partial<AuditEntry> => ({
  resourceType: 'followup_episode',
  resourceId: episodeId,
  fieldClasses: disclosedEpisodeClasses(reach.classes),
  purpose: reach.purpose,
  detail: { via: reach.via, ...(reach.agreementIds.length ? { agreementIds: reach.agreementIds } : {}) },
});

/** The feed entry of a changed episode: heard only by readers of follow-up within reach. */
export const episodeFeedOf = (s: EpisodeState) => [{ entityType: 'followup_episode', entityId: s.id, version: s.version, regionId: s.regionId, agencyId: s.agencyId }];
