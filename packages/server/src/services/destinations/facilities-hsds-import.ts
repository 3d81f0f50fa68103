import { DEFAULT_CRITERIA, FACILITY_SERVICES, hoursIssues, invalid, isFacilityKind, WEEKDAYS, type FacilityService, type FieldIssue, type OpeningHours, type OpeningPeriod, type Weekday } from '@continuum/domain';
import type { HsdsDocument, HsdsImportResult } from '@continuum/contracts';
import type { FacilityEntry, FacilityRecord, Repositories } from '@continuum/storage';
import type { RequestContext, Services } from '../context.ts';
import { authorise } from '../incident/incidents.ts';
import { CRITERIA_FLAGS, HSDS_AGENCY_ID, HSDS_FACILITY_ID, hsdsId } from './facilities-hsds.ts';
import { facilityFeedOf } from './facilities.ts';
import { performWrite } from '../write.ts';

type Service = HsdsDocument['services'][number];

const HHMM = (t: string | undefined) => (t && /^\d{2}:\d{2}(:\d{2})?$/.test(t) ? t.slice(0, 5) : (t ?? ''));

/** HSDS schedules as weekly hours; none, or every day 00:00 to 00:00, is 24/7. */
function hoursOf(s: Service, field: string, issues: FieldIssue[]): OpeningHours {
  const schedules = s.schedules ?? [];
  if (schedules.length === 0) return { kind: 'always' };
  const periods: OpeningPeriod[] = [];
  schedules.forEach((sc, i) => {
    if (sc.freq !== undefined && sc.freq !== 'WEEKLY') issues.push({ field: `${field}.schedules.${i}.freq`, rule: 'enum', message: 'only WEEKLY schedules are read' });
    const days = (sc.byday ?? WEEKDAYS.join(',')).split(',').map((d) => d.trim().toUpperCase());
    for (const day of days) periods.push({ day: day as Weekday, opens: HHMM(sc.opens_at), closes: HHMM(sc.closes_at) });
  });
  const hours: OpeningHours = { kind: 'weekly', periods };
  for (const issue of hoursIssues(hours, `${field}.schedules`)) issues.push(issue);
  const allDay = WEEKDAYS.every((d) => periods.some((p) => p.day === d && p.opens === '00:00' && p.closes === '00:00'));
  return allDay ? { kind: 'always' } : hours;
}

const ageOf = (v: number | null | undefined, field: string, issues: FieldIssue[]): number | null => {
  if (v === undefined || v === null) return null;
  if (!Number.isInteger(v) || v < 0 || v > 130) issues.push({ field, rule: 'age', message: 'must be a whole number of years from 0 to 130' });
  return v;
};

/**
 * Reads an HSDS document into facility entries: each service_at_location is one facility.
 * Every problem is named by its path in the document, and nothing is written unless all pass.
 */
export async function facilitiesFromHsds(repos: Repositories, doc: HsdsDocument, regionId: string): Promise<FacilityEntry[]> {
  const issues: FieldIssue[] = [];
  const index = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((x, i) => [x.id, { x, i }]));
  const services = index(doc.services);
  const locations = index(doc.locations);
  const orgs = index(doc.organizations);
  const idOfLocation = await locationMatcher(repos, regionId);
  const seen = new Map<string, string>();
  const entries: FacilityEntry[] = [];
  for (const [n, sal] of doc.service_at_locations.entries()) {
    const at = `service_at_locations.${n}`;
    const svc = services.get(sal.service_id);
    const loc = locations.get(sal.location_id);
    if (!svc) issues.push({ field: `${at}.service_id`, rule: 'unknown_reference', message: `no service ${sal.service_id} in services` });
    if (!loc) issues.push({ field: `${at}.location_id`, rule: 'unknown_reference', message: `no location ${sal.location_id} in locations` });
    if (!svc || !loc) continue;
    const sf = `services.${svc.i}`;
    const s = svc.x;
    const org = orgs.get(s.organization_id);
    if (!org) {
      issues.push({ field: `${sf}.organization_id`, rule: 'unknown_reference', message: `no organization ${s.organization_id} in organizations` });
      continue;
    }
    const agencyId = org.x.organization_identifiers?.find((o) => o.identifier_type === HSDS_AGENCY_ID)?.identifier;
    const agency = agencyId ? await repos.organisations.agency(agencyId) : null;
    if (!agencyId) issues.push({ field: `organizations.${org.i}.organization_identifiers`, rule: 'required', message: `needs an identifier of type ${HSDS_AGENCY_ID} naming the agency that runs it` });
    else if (!agency || agency.regionId !== regionId) issues.push({ field: `organizations.${org.i}.organization_identifiers`, rule: 'unknown_agency', message: `no agency ${agencyId} in your region` });
    const attrs = new Map<string, string[]>();
    for (const a of s.attributes ?? []) {
      const code = a.taxonomy_term?.code;
      if (code && a.value !== undefined) attrs.set(code, [...(attrs.get(code) ?? []), a.value]);
    }
    const kind = attrs.get('facility_kind')?.[0] ?? '';
    if (!isFacilityKind(kind)) {
      issues.push({ field: `${sf}.attributes`, rule: 'facility_kind', message: 'needs a facility_kind attribute naming a kind of crisis facility (e.g. living_room)' });
      continue;
    }
    const flag = (k: (typeof CRITERIA_FLAGS)[number]) => {
      const v = attrs.get(k)?.[0];
      return v === undefined ? DEFAULT_CRITERIA[kind][k] : v === 'true';
    };
    const total = attrs.get('capacity_total')?.[0];
    if (total !== undefined && !/^\d+$/.test(total)) issues.push({ field: `${sf}.attributes`, rule: 'capacity_total', message: 'capacity_total must be a whole number' });
    const address = loc.x.addresses?.[0];
    const id = idOfLocation(loc.x, `locations.${loc.i}`, issues);
    if (id === null) continue;
    const twice = seen.get(id);
    if (twice) issues.push({ field: `${at}.location_id`, rule: 'duplicate', message: `facility ${id} is already imported by ${twice}: one service per location` });
    seen.set(id, at);
    entries.push({
      id,
      agencyId: agencyId ?? '',
      kind,
      name: s.name,
      location: { lat: loc.x.latitude, lon: loc.x.longitude, address: address ? `${address.address_1}, ${address.city}, ${address.state_province} ${address.postal_code}`.trim() : '' },
      phone: s.phones?.[0]?.number ?? null,
      hours: hoursOf(s, sf, issues),
      services: (attrs.get('service_offered') ?? []).filter((x): x is FacilityService => (FACILITY_SERVICES as readonly string[]).includes(x)),
      criteria: {
        minAge: ageOf(s.minimum_age, `${sf}.minimum_age`, issues),
        maxAge: ageOf(s.maximum_age, `${sf}.maximum_age`, issues),
        voluntaryOnly: flag('voluntaryOnly'),
        acceptsPoliceDropOff: flag('acceptsPoliceDropOff'),
        medicalClearanceRequired: flag('medicalClearanceRequired'),
        intoxicationAccepted: flag('intoxicationAccepted'),
        insuranceRequired: flag('insuranceRequired'),
      },
      capacityUnit: attrs.get('capacity_unit')?.[0] === 'chairs' ? 'chairs' : kind === 'living_room' && !attrs.has('capacity_unit') ? 'chairs' : 'beds',
      total: total !== undefined && /^\d+$/.test(total) ? Number(total) : null,
    });
  }
  if (issues.length > 0) throw invalid(issues);
  return entries;
}

type Location = HsdsDocument['locations'][number];

/**
 * Which facility a location is. Our identifier when it carries one (malformed: refused with its
 * path); else the location's own HSDS id, matched against the ids our export gives our facilities'
 * locations, so a re-import that lost the identifier updates the facility instead of duplicating
 * it; else a new facility named after that HSDS id (a directory from elsewhere).
 */
async function locationMatcher(repos: Repositories, regionId: string) {
  const exported = new Map((await repos.facilities.list({ regionId })).map((f) => [hsdsId(`facility:${f.id}:location`), f.id]));
  return (loc: Location, field: string, issues: FieldIssue[]): string | null => {
    if (loc.external_identifier_type === HSDS_FACILITY_ID) {
      const external = loc.external_identifier ?? '';
      if (/^[\w.:-]{1,100}$/.test(external)) return external;
      issues.push({ field: `${field}.external_identifier`, rule: 'format', message: `a ${HSDS_FACILITY_ID} is 1 to 100 letters, digits and . _ : -` });
      return null;
    }
    return exported.get(loc.id) ?? `hsds-${loc.id}`.slice(0, 100);
  };
}

// Keys sorted: jsonb hands objects back in its own key order, which is not a change.
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;

/** The directory facts of a stored facility, to compare with an imported entry. */
const factsOf = (f: FacilityRecord | FacilityEntry): string =>
  JSON.stringify(canonical([f.agencyId, f.kind, f.name, f.location, f.phone, f.hours, f.services, f.criteria, f.capacityUnit, f.total]));

/**
 * The work of an HSDS import in a transaction: what it would create, change and leave alone, and
 * on a real run the upserts and their feed. Shared with onboarding (services/onboarding/).
 */
export async function hsdsImportWork(tx: Repositories, doc: HsdsDocument, regionId: string, dryRun: boolean) {
  const entries = await facilitiesFromHsds(tx, doc, regionId);
  const result: HsdsImportResult = { dryRun, created: [], updated: [], unchanged: [] };
  const feed = [];
  for (const e of entries) {
    const before = await tx.facilities.get(e.id, { lock: true });
    if (before && before.regionId !== regionId) throw invalid([{ field: 'locations', rule: 'other_region', message: `facility ${e.id} belongs to another region` }]);
    if (before && e.total !== null && before.available > e.total) {
      throw invalid([{ field: 'services', rule: 'capacity_total', message: `${e.id} reports ${before.available} available now, more than the imported total of ${e.total}` }]);
    }
    const bucket = !before ? result.created : factsOf(before) === factsOf(e) ? result.unchanged : result.updated;
    bucket.push(e.id);
    if (dryRun || bucket === result.unchanged) continue;
    await tx.facilities.upsert(e);
    const after = (await tx.facilities.get(e.id))!;
    feed.push(...facilityFeedOf(after, after.version));
  }
  return { result, feed };
}

/**
 * Upserts facilities from an HSDS document (administrators), or on a dry run reports what it
 * would create, change and leave alone. Live figures are never imported: staff report those.
 */
export function importHsds(services: Services, ctx: RequestContext, doc: HsdsDocument, dryRun: boolean) {
  authorise(ctx.principal, 'facility.manage');
  return performWrite<HsdsImportResult>(services, ctx, 'facility.import', async (tx) => {
    const { result, feed } = await hsdsImportWork(tx, doc, ctx.principal.regionId, dryRun);
    return { status: 200, body: result, audit: { action: 'facility.import', resourceType: 'facility', purpose: 'crisis_response', detail: { ...result } }, feed };
  });
}
