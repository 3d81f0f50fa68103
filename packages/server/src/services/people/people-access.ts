import { agenciesInReach, forbidden, notFound, reachOf, type Principal, type Reach } from '@continuum/domain';
import type { PersonRecord, Repositories } from '@continuum/storage';

/**
 * The reach over a person record: the agency that holds it, or another under a sharing agreement
 * in force (the incident rule of ADR 0006, applied to the record's owner). Break-glass opens one
 * incident, not a person's history, so no grant applies here. A reach without identity shows
 * nothing of a person, so it counts as none.
 */
export function personReach(principal: Principal, person: Pick<PersonRecord, 'id' | 'agencyId'>, agreements: Parameters<typeof reachOf>[2], now: Date): Reach | null {
  const reach = reachOf(principal, person, agreements, now);
  return reach && reach.classes.includes('identity') ? reach : null;
}

/** Loads a person and the reader's reach; out of reach answers exactly like absent (404). */
export async function loadPersonInReach(repos: Repositories, principal: Principal, id: string, now: Date, opts: { lock?: boolean } = {}) {
  const person = await repos.people.get(id, { lock: opts.lock });
  if (!person) throw notFound('Person', id);
  const agreements = await repos.sharing.current();
  const reach = personReach(principal, person, agreements, now);
  if (!reach) throw notFound('Person', id);
  return { person, reach, agreements };
}

/** The agencies whose person records a principal may look among, and the agreements that say so. */
export async function peopleInReach(repos: Repositories, principal: Principal, now: Date) {
  const agreements = await repos.sharing.current();
  return { agreements, agencyIds: agenciesInReach(principal, agreements, now) };
}

/** Refuses a reach that lacks a class the action needs (an agreement narrower than the role). */
export function requireClass(reach: Reach, cls: Reach['classes'][number], what: string): void {
  if (!reach.classes.includes(cls)) throw forbidden(`Your reach over this record does not include ${cls} information, which ${what} needs`);
}

export const personFeedOf = (p: Pick<PersonRecord, 'id' | 'agencyId' | 'version'>, regionId: string) => [
  { entityType: 'person', entityId: p.id, version: p.version, regionId, agencyId: p.agencyId },
];
