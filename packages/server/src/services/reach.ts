import { agenciesInReach, notFound, reachOf, withPart2, type IncidentState, type Part2Consent, type Part2Record, type Principal, type Reach } from '@continuum/domain';
import type { Repositories } from '@continuum/storage';

/**
 * The reach over one incident, Part 2 included, given the agreements, grants and consents in
 * force; `links` names the person each incident is linked to, whose person-level consents count;
 * `part2` holds the incidents' Part 2 records (a stream of their own, ADR 0016), whose programme
 * decides who may read them.
 */
export function reachOver(
  principal: Pick<Principal, 'role' | 'agencyId' | 'userId'>,
  state: Pick<IncidentState, 'id' | 'agencyId'>,
  access: {
    agreements: Parameters<typeof reachOf>[2];
    grants: Parameters<typeof reachOf>[4];
    /** What hand-offs of these incidents give their receivers (ADR 0028); none when absent. */
    handoffs?: Parameters<typeof reachOf>[5];
    consents: readonly Part2Consent[];
    links?: ReadonlyMap<string, string>;
    part2: ReadonlyMap<string, Part2Record>;
  },
  now: Date,
): Reach | null {
  const reach = reachOf(principal, state, access.agreements, now, access.grants, access.handoffs);
  if (!reach) return null;
  const record = { id: state.id, part2ProgrammeAgencyId: access.part2.get(state.id)?.programmeAgencyId ?? null, personId: access.links?.get(state.id) ?? null };
  return withPart2(reach, principal, record, access.consents, now);
}

/** The Part 2 record of an incident for a reader whose reach includes Part 2, else null. */
export const part2For = (reach: Reach, access: { part2: ReadonlyMap<string, Part2Record> }, incidentId: string): Part2Record | null =>
  reach.classes.includes('substance_use_part2') ? (access.part2.get(incidentId) ?? null) : null;

/**
 * What decides a principal's reach over the given incidents: five queries at once, then the
 * consents of the people linked to them when there are any. A caller that has just read the
 * sharing agreements (a list: which agencies it may list) passes them in rather than read them twice.
 */
export async function accessFor(repos: Repositories, principal: Principal, incidentIds: string[], now: Date, loaded: { agreements?: Awaited<ReturnType<Repositories['sharing']['current']>> } = {}) {
  const [agreements, grants, links, part2, handoffs, recordConsents] = await Promise.all([
    loaded.agreements ?? repos.sharing.current(),
    repos.sharing.grantsOf(principal.userId, now),
    repos.people.linksOf(incidentIds),
    repos.part2.recordsOf(incidentIds),
    repos.handoffs.grantsFor(incidentIds),
    repos.consents.forRecords(incidentIds),
  ]);
  const people = [...new Set(links.values())];
  // Most calls have no person linked (and a phone search finds one call): no round trip for none.
  const consents = people.length === 0
    ? recordConsents
    : [...recordConsents, ...(await repos.consents.forRecords(people))].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  return { agreements, grants, consents, links, part2, handoffs };
}

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
): Promise<{ state: IncidentState; reach: Reach; access: Awaited<ReturnType<typeof accessFor>> }> {
  const state = await repos.incidents.get(id, { lock: opts.lock });
  if (!state) throw notFound('Incident', id);
  const access = await accessFor(repos, principal, [id], now);
  const reach = reachOver(principal, state, access, now);
  if (!reach) throw notFound('Incident', id);
  return { state, reach, access };
}

/** The agencies whose incidents a principal may list now. */
export async function listableAgencies(repos: Repositories, principal: Principal, now: Date): Promise<string[]> {
  return (await listableWith(repos, principal, now)).agencyIds;
}

/** The agencies a principal may list now, with the agreements that decided it (for accessFor). */
export async function listableWith(repos: Repositories, principal: Principal, now: Date) {
  const agreements = await repos.sharing.current();
  return { agencyIds: agenciesInReach(principal, agreements, now), agreements };
}
