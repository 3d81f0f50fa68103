import { calendarDateIn, decideLink, DomainError, decideUnlink, foldLink, rankCandidates, scoreCandidate, type IncidentState, type MatchQuery, type Principal } from '@continuum/domain';
import { PEOPLE_LIMITS, type PersonCandidates, type PersonLinkRequest } from '@continuum/contracts';
import type { Repositories } from '@continuum/storage';
import { presentCandidate } from '../../presenters/person.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { authorise, feedOf } from '../incident/incidents.ts';
import { loadPersonInReach, peopleInReach, personFeedOf, personReach, requireClass } from './people-access.ts';
import { candidateKeys, newPersonRecord } from './people.ts';
import { loadInReach } from '../reach.ts';
import { performWrite } from '../write.ts';

type ReadCtx = Pick<RequestContext, 'principal' | 'address'>;

/**
 * What the call says of its person. The callback number is usually the person's own phone when
 * they call for themselves; when it is a relative's, the score says the names differ.
 */
export const queryOfIncident = (s: IncidentState, now: Date): MatchQuery => ({
  name: s.person.name ?? null,
  age: s.person.age === undefined ? null : { years: s.person.age, today: calendarDateIn(now) },
  phones: s.caller.callbackNumber ? [s.caller.callbackNumber] : [],
});

/** The incident's current link and its ranked candidates, as the reader may see them. */
async function candidatesOf(repos: Repositories, principal: Principal, state: IncidentState, now: Date): Promise<PersonCandidates> {
  const { agreements, agencyIds } = await peopleInReach(repos, principal, now);
  const current = foldLink(await repos.people.linkEvents(state.id));
  const query = queryOfIncident(state, now);
  const pool = (await repos.people.candidates({ agencyIds, ...candidateKeys(query) })).filter((p) => p.id !== current?.personId && personReach(principal, p, agreements, now));
  const candidates = rankCandidates(query, pool, PEOPLE_LIMITS.candidates).map((c) => presentCandidate(c.person, c.match));
  let linked: PersonCandidates['linked'] = null;
  if (current) {
    const events = await repos.people.linkEvents(state.id);
    const person = await repos.people.get(current.personId);
    const linkedAt = events.at(-1)!.occurredAt.toISOString();
    const visible = person && personReach(principal, person, agreements, now);
    linked = person ? { personId: person.id, agencyId: person.agencyId, linkedAt, ...(visible ? { name: person.name, dateOfBirth: person.dateOfBirth } : {}) } : null;
  }
  return { incidentId: state.id, linked, candidates };
}

/** The records that may be the incident's person, ranked with reasons. It proposes; it never links. */
export async function personCandidates(services: Services, ctx: ReadCtx, id: string): Promise<PersonCandidates> {
  authorise(ctx.principal, 'person.read');
  const now = services.clock();
  const repos = services.store.read;
  const { state, reach } = await loadInReach(repos, ctx.principal, id, now);
  requireClass(reach, 'identity', 'matching the person');
  const body = await candidatesOf(repos, ctx.principal, state, now);
  await repos.audit.write(auditOf(ctx, now, {
    action: 'person.candidates', outcome: 'allowed', resourceType: 'incident', resourceId: id, purpose: reach.purpose,
    fieldClasses: body.candidates.length || body.linked ? ['identity'] : [],
    detail: { personIds: body.candidates.map((c) => c.personId), linkedPersonId: body.linked?.personId ?? null },
  }));
  return body;
}

/** Links the incident to a person a user confirmed, or to a new record made from the call. */
export async function linkPerson(services: Services, ctx: RequestContext, id: string, input: PersonLinkRequest) {
  authorise(ctx.principal, 'person.link');
  return performWrite<PersonCandidates>(services, ctx, 'person.link', async (tx, now) => {
    const { state, reach } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
    requireClass(reach, 'identity', 'linking the person');
    const current = foldLink(await tx.people.linkEvents(id));
    const feed = [...feedOf(state)];
    let personId: string;
    let proposal;
    if ('newPerson' in input) {
      const person = newPersonRecord(services, ctx.principal, input.newPerson, now, 'newPerson');
      // Decided before the record is stored: a refused link leaves no orphan record behind.
      decideLink(current, id, person.id, { basis: 'created_from_incident', score: null, band: null });
      await tx.people.create(person);
      feed.push(...personFeedOf(person, ctx.principal.regionId));
      personId = person.id;
      proposal = { basis: 'created_from_incident' as const, score: null, band: null };
    } else {
      const { person } = await loadPersonInReach(tx, ctx.principal, input.personId, now).catch((err: unknown) => {
        // Absent or out of reach alike, but said of the field that named it, not of the incident in the path.
        if (err instanceof DomainError && err.code === 'not_found') throw new DomainError('not_found', err.message, err.details, [{ field: 'personId', rule: 'exists', message: 'no person record with this id is in your reach' }]);
        throw err;
      });
      // The score at the moment of confirmation is kept with the link: why it looked right then.
      const match = scoreCandidate(queryOfIncident(state, now), person);
      personId = person.id;
      proposal = { basis: input.basis, score: match.score, band: match.band };
    }
    const event = decideLink(current, id, personId, proposal);
    await tx.people.appendLink({ ...event, id: services.newId(), actorId: ctx.principal.userId, agencyId: ctx.principal.agencyId, occurredAt: now });
    return {
      status: 200,
      body: await candidatesOf(tx, ctx.principal, state, now),
      audit: { action: 'person.link', resourceType: 'incident', resourceId: id, fieldClasses: ['identity'], purpose: reach.purpose, detail: { personId, ...proposal, created: 'newPerson' in input } },
      feed,
    };
  });
}

/** Undoes the incident's link, with the reason it was wrong; the link stays in the history. */
export async function unlinkPerson(services: Services, ctx: RequestContext, id: string, reason: string) {
  authorise(ctx.principal, 'person.link');
  return performWrite<PersonCandidates>(services, ctx, 'person.unlink', async (tx, now) => {
    const { state, reach } = await loadInReach(tx, ctx.principal, id, now, { lock: true });
    requireClass(reach, 'identity', 'undoing a link');
    const event = decideUnlink(foldLink(await tx.people.linkEvents(id)), id, reason);
    await tx.people.appendLink({ ...event, id: services.newId(), actorId: ctx.principal.userId, agencyId: ctx.principal.agencyId, occurredAt: now });
    return {
      status: 200,
      body: await candidatesOf(tx, ctx.principal, state, now),
      // The reason is free text about a person: auditors read the row, so it is kept on the event only.
      audit: { action: 'person.unlink', resourceType: 'incident', resourceId: id, fieldClasses: ['identity'], purpose: reach.purpose, detail: { personId: event.personId } },
      feed: feedOf(state),
    };
  });
}
