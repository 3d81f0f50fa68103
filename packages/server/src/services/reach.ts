import { agenciesInReach, notFound, reachOf, type IncidentState, type Principal, type Reach } from '@continuum/domain';
import type { Repositories } from '@continuum/storage';

/**
 * Loads an incident and the reader's reach over it. Out of reach answers exactly like absent
 * (404): a guessed id from another agency reveals nothing.
 */
export async function loadInReach(
  repos: Repositories,
  principal: Principal,
  id: string,
  now: Date,
  opts: { lock?: boolean } = {},
): Promise<{ state: IncidentState; reach: Reach }> {
  const state = await repos.incidents.get(id, { lock: opts.lock });
  if (!state) throw notFound('Incident', id);
  const reach = reachOf(principal, state, await repos.sharing.current(), now, await repos.sharing.grantsOf(principal.userId, now));
  if (!reach) throw notFound('Incident', id);
  return { state, reach };
}

/** The agencies whose incidents a principal may list now. */
export async function listableAgencies(repos: Repositories, principal: Principal, now: Date): Promise<string[]> {
  return agenciesInReach(principal, await repos.sharing.current(), now);
}
