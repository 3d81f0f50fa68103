import { calendarDateIn, DomainError, invalid, PURPOSE_OF_ROLE, normaliseName, personIssues, phoneKey, scoreCandidate, type CandidateScore, type MatchQuery, type Principal, type Reach } from '@continuum/domain';
import type { CreatePersonRequest, PersonSearchResult, PersonView, SafetyPlanRequest } from '@continuum/contracts';
import type { AuditEntry, CandidateKeys, PersonRecord, Repositories } from '@continuum/storage';
import { disclosedPersonClasses, presentCandidate, presentPerson } from '../../presenters/person.ts';
import { auditOf, type RequestContext, type Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { loadPersonInReach, peopleInReach, personFeedOf, personReach, requireClass } from './people-access.ts';
import { listableAgencies } from '../reach.ts';
import { performWrite } from '../write.ts';

type ReadCtx = Pick<RequestContext, 'principal' | 'address'>;

/** What an audit row records of a person read under a reach: the classes shown, purpose and basis. */
export const auditOfPersonReach = (reach: Reach): Partial<AuditEntry> => ({
  fieldClasses: disclosedPersonClasses(reach.classes),
  purpose: reach.purpose,
  detail: { via: reach.via, ...(reach.agreementIds.length ? { agreementIds: reach.agreementIds } : {}) },
});

/** The person's record as one reader sees it: contacts narrowed to the incidents the reader reaches. */
export async function personViewFor(repos: Repositories, principal: Principal, person: PersonRecord, reach: Reach, now: Date): Promise<PersonView> {
  const listable = new Set(await listableAgencies(repos, principal, now));
  const contacts = [];
  for (const c of (await repos.people.contactsOf(person.id)).slice(0, 50)) {
    const incident = await repos.incidents.get(c.incidentId);
    if (incident && listable.has(incident.agencyId)) contacts.push(c);
  }
  const consents = (await repos.consents.forRecords([person.id])).filter((c) => c.recordType === 'person');
  return presentPerson({ person, contacts, consents }, principal, reach.classes, now);
}

/** Builds a new person record held by the principal's agency; the rules the schema cannot say are checked here. */
export function newPersonRecord(services: Services, principal: Principal, input: CreatePersonRequest, now: Date, field = ''): PersonRecord {
  const issues = personIssues(input, calendarDateIn(now), field);
  if (issues.length > 0) throw invalid(issues);
  return {
    id: services.newId(), agencyId: principal.agencyId, name: input.name, dateOfBirth: input.dateOfBirth, phones: input.phones,
    demographics: input.demographics, safetyPlan: null, version: 1, createdBy: principal.userId, createdAt: now, updatedAt: now,
  };
}

/** Creates a person record outside any call (a case manager's referral, say). */
export async function createPerson(services: Services, ctx: RequestContext, input: CreatePersonRequest) {
  authorise(ctx.principal, 'person.manage');
  return performWrite<PersonView>(services, ctx, 'person.create', async (tx, now) => {
    const person = newPersonRecord(services, ctx.principal, input, now);
    await tx.people.create(person);
    const reach = personReach(ctx.principal, person, [], now)!;
    return {
      status: 201,
      body: await personViewFor(tx, ctx.principal, person, reach, now),
      audit: { action: 'person.create', resourceType: 'person', resourceId: person.id, ...auditOfPersonReach(reach) },
      feed: personFeedOf(person, ctx.principal.regionId),
    };
  });
}

/** One person record, as the reader may see it; the read is audited with the classes disclosed. */
export async function readPerson(services: Services, ctx: ReadCtx, id: string) {
  authorise(ctx.principal, 'person.read');
  const now = services.clock();
  const repos = services.store.read;
  const { person, reach } = await loadPersonInReach(repos, ctx.principal, id, now);
  const view = await personViewFor(repos, ctx.principal, person, reach, now);
  await repos.audit.write(auditOf(ctx, now, { action: 'person.read', outcome: 'allowed', resourceType: 'person', resourceId: id, ...auditOfPersonReach(reach) }));
  return view;
}

/** The keys that bring records in to be scored: the date of birth, phone keys, first letters of the name. */
export function candidateKeys(query: MatchQuery): Omit<CandidateKeys, 'agencyIds'> {
  const initials = [...new Set(normaliseName(query.name ?? '').split(' ').filter(Boolean).map((w) => w.charAt(0)))];
  const phoneKeys = [...new Set((query.phones ?? []).map(phoneKey).filter((k): k is string => k !== null))];
  return { datesOfBirth: query.dateOfBirth ? [query.dateOfBirth] : [], phoneKeys, initials };
}

/** Reads a search box: dates and phone numbers are picked out, the rest is a name. */
export function parseSearch(q: string): MatchQuery {
  const dates = q.match(/\b\d{4}-\d{2}-\d{2}\b/g) ?? [];
  let rest = q.replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ');
  const phones = (rest.match(/\+?[\d][\d ().-]{5,}\d/g) ?? []).filter((p) => p.replace(/\D/g, '').length >= 7);
  for (const p of phones) rest = rest.replace(p, ' ');
  const name = rest.replace(/\s+/g, ' ').trim();
  return { name: name || null, dateOfBirth: dates[0] ?? null, phones };
}

/**
 * Finds people by name, date of birth or phone within reach, best first. Unlike the candidate
 * list, a search shows weaker matches too: the person typing is looking on purpose.
 */
export async function searchPeople(services: Services, ctx: ReadCtx, q: string): Promise<PersonSearchResult> {
  authorise(ctx.principal, 'person.read');
  const now = services.clock();
  const repos = services.store.read;
  const query = parseSearch(q);
  const { agreements, agencyIds } = await peopleInReach(repos, ctx.principal, now);
  const pool = (await repos.people.candidates({ agencyIds, ...candidateKeys(query) })).filter((p) => personReach(ctx.principal, p, agreements, now));
  const items = pool
    .map((person) => ({ person, match: scoreCandidate(query, person) }))
    .map((x) => ({ ...x, loose: looseScore(x.match) }))
    .filter((x) => x.loose > 0)
    .sort((a, b) => b.loose - a.loose || b.match.score - a.match.score)
    .slice(0, 20)
    .map((x) => presentCandidate(x.person, x.match));
  // The search text is identity: the audit keeps what was shown, not what was typed.
  await repos.audit.write(auditOf(ctx, now, {
    action: 'person.search', outcome: 'allowed', resourceType: 'person', fieldClasses: items.length ? ['identity'] : [],
    purpose: PURPOSE_OF_ROLE[ctx.principal.role], detail: { ids: items.map((i) => i.personId) },
  }));
  return { items };
}

/** A search ranks on the fields asked about only, so one name or one phone can find someone. */
function looseScore(match: CandidateScore): number {
  const asked = match.reasons.filter((r) => r.outcome !== 'absent');
  if (asked.length === 0) return 0;
  return asked.reduce((n, r) => n + r.similarity, 0) / asked.length;
}

/** Replaces a person's safety plan; a stale `expectedVersion` is refused with the current one. */
export async function setSafetyPlan(services: Services, ctx: RequestContext, id: string, input: SafetyPlanRequest) {
  authorise(ctx.principal, 'person.manage');
  return performWrite<PersonView>(services, ctx, 'person.safety_plan', async (tx, now) => {
    const { person, reach } = await loadPersonInReach(tx, ctx.principal, id, now, { lock: true });
    requireClass(reach, 'clinical', 'a safety plan');
    if (input.expectedVersion !== undefined && input.expectedVersion !== person.version) {
      throw new DomainError('conflict', `The record changed since you loaded it (now version ${person.version})`, { currentVersion: person.version });
    }
    const { expectedVersion: _ignored, ...plan } = input;
    await tx.people.setSafetyPlan(id, plan, now);
    const updated = (await tx.people.get(id))!;
    const agency = await tx.organisations.agency(person.agencyId);
    const audited = auditOfPersonReach(reach);
    return {
      status: 200,
      body: await personViewFor(tx, ctx.principal, updated, reach, now),
      // The plan's words stay out of the audit row: it is read by auditors, who read no clinical data.
      audit: { action: 'person.safety_plan', resourceType: 'person', resourceId: id, ...audited, detail: { ...audited.detail, version: updated.version } },
      feed: personFeedOf(updated, agency?.regionId ?? ctx.principal.regionId),
    };
  });
}
