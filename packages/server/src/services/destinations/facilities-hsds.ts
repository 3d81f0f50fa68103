import { createHash } from 'node:crypto';
import { WEEKDAYS, type AdmissionCriteria, type OpeningHours, type Weekday } from '@continuum/domain';
import type { FacilityRecord } from '@continuum/storage';

/**
 * Continuum's facilities as Open Referral HSDS 3.0: one organization per agency, and per facility
 * one location, one service and the service_at_location that joins them. HSDS ids are UUIDs and
 * ours are slugs, so ids are derived (name-based, RFC 4122 version 5 layout) and stable across
 * exports; our own ids travel as identifiers so that an import finds the same facility again.
 */

/** The identifier types that carry Continuum's ids through HSDS. */
export const HSDS_AGENCY_ID = 'continuum_agency_id';
export const HSDS_FACILITY_ID = 'continuum_facility_id';
/** The taxonomy of the attributes that carry what HSDS has no field for. */
export const HSDS_TAXONOMY = 'continuum';

/** A stable UUID for a name: SHA-1 of it, with the version and variant bits of RFC 4122 §4.3. */
export function hsdsId(name: string): string {
  const h = createHash('sha1').update(`continuum:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The flags of AdmissionCriteria that travel as boolean attributes (ages are HSDS fields). */
export const CRITERIA_FLAGS = ['voluntaryOnly', 'acceptsPoliceDropOff', 'medicalClearanceRequired', 'intoxicationAccepted', 'insuranceRequired'] as const satisfies readonly (keyof AdmissionCriteria)[];

const FLAG_WORDS: Record<(typeof CRITERIA_FLAGS)[number], string> = {
  voluntaryOnly: 'Voluntary admissions only',
  acceptsPoliceDropOff: 'Accepts police drop-offs',
  medicalClearanceRequired: 'Medical clearance required before admission',
  intoxicationAccepted: 'Accepts people who are intoxicated',
  insuranceRequired: 'Insurance required',
};

/** Weekly hours as HSDS schedules (iCalendar rules); 24/7 is every day from 00:00 to 00:00. */
export function schedulesOf(hours: OpeningHours, serviceId: string): Record<string, unknown>[] {
  const base = { service_id: serviceId, freq: 'WEEKLY', wkst: 'MO', interval: 1 };
  if (hours.kind === 'always') {
    return [{ id: hsdsId(`${serviceId}:schedule:always`), ...base, byday: WEEKDAYS.join(','), opens_at: '00:00', closes_at: '00:00', description: 'Open 24 hours a day, 7 days a week' }];
  }
  // One schedule per distinct opening time, listing its days, as HSDS examples do.
  const groups = new Map<string, Weekday[]>();
  for (const p of hours.periods) groups.set(`${p.opens}-${p.closes}`, [...(groups.get(`${p.opens}-${p.closes}`) ?? []), p.day]);
  return [...groups].map(([span, days]) => {
    const [opens, closes] = span.split('-') as [string, string];
    return { id: hsdsId(`${serviceId}:schedule:${span}`), ...base, byday: days.join(','), opens_at: opens, closes_at: closes, description: `Open ${opens} to ${closes}, local time (America/Chicago)` };
  });
}

const attribute = (serviceId: string, code: string, value: string, name: string) => ({
  id: hsdsId(`${serviceId}:attribute:${code}:${value}`),
  link_id: serviceId,
  link_type: 'service',
  link_entity: 'service',
  value,
  taxonomy_term: { id: hsdsId(`term:${code}`), code, name, description: name, taxonomy: HSDS_TAXONOMY },
});

/** An address line as the facility writes it, split for HSDS: "street, town, ST 12345". */
function addressOf(text: string, locationId: string) {
  const m = /^(.*),\s*([^,]+),\s*([A-Z]{2})\s*(\d{5}(?:-\d{4})?)?$/.exec(text.trim());
  const [street, city, state, postal] = m ? [m[1]!, m[2]!, m[3]!, m[4] ?? ''] : [text, '', 'IL', ''];
  return { id: hsdsId(`${locationId}:address`), location_id: locationId, address_1: street, city, state_province: state, postal_code: postal, country: 'US', address_type: 'physical' };
}

/** The facilities of a region as an HSDS 3.0 document; agency names are the organizations'. */
export function toHsds(facilities: readonly FacilityRecord[], agencyNames: ReadonlyMap<string, string>) {
  const organizations = [...new Set(facilities.map((f) => f.agencyId))].map((agencyId) => {
    const id = hsdsId(`agency:${agencyId}`);
    return {
      id,
      name: agencyNames.get(agencyId) ?? agencyId,
      description: `${agencyNames.get(agencyId) ?? agencyId}, a crisis facility operator in the Continuum directory`,
      organization_identifiers: [{ id: hsdsId(`agency:${agencyId}:identifier`), organization_id: id, identifier_type: HSDS_AGENCY_ID, identifier: agencyId }],
    };
  });
  const services = facilities.map((f) => {
    const id = hsdsId(`facility:${f.id}:service`);
    const c = f.criteria;
    return {
      id,
      organization_id: hsdsId(`agency:${f.agencyId}`),
      name: f.name,
      description: `${f.name}: ${f.services.join(', ') || 'crisis services'}`,
      status: 'active',
      eligibility_description: [c.minAge !== null ? `ages ${c.minAge}${c.maxAge !== null ? ` to ${c.maxAge}` : ' and over'}` : null, ...CRITERIA_FLAGS.filter((k) => c[k]).map((k) => FLAG_WORDS[k])].filter(Boolean).join('; '),
      ...(c.minAge !== null ? { minimum_age: c.minAge } : {}),
      ...(c.maxAge !== null ? { maximum_age: c.maxAge } : {}),
      phones: f.phone ? [{ id: hsdsId(`facility:${f.id}:phone`), service_id: id, number: f.phone }] : [],
      schedules: schedulesOf(f.hours, id),
      attributes: [
        attribute(id, 'facility_kind', f.kind, 'Kind of crisis facility'),
        attribute(id, 'capacity_unit', f.capacityUnit, 'What the facility counts'),
        ...(f.total !== null ? [attribute(id, 'capacity_total', String(f.total), 'Beds or chairs in all')] : []),
        ...CRITERIA_FLAGS.map((k) => attribute(id, k, String(c[k]), FLAG_WORDS[k])),
        ...f.services.map((s) => attribute(id, 'service_offered', s, 'Service offered')),
      ],
    };
  });
  const locations = facilities.map((f) => {
    const id = hsdsId(`facility:${f.id}:location`);
    return {
      id,
      location_type: 'physical',
      organization_id: hsdsId(`agency:${f.agencyId}`),
      name: f.name,
      latitude: f.location.lat,
      longitude: f.location.lon,
      external_identifier: f.id,
      external_identifier_type: HSDS_FACILITY_ID,
      addresses: [addressOf(f.location.address, id)],
    };
  });
  const service_at_locations = facilities.map((f) => ({
    id: hsdsId(`facility:${f.id}:service_at_location`),
    service_id: hsdsId(`facility:${f.id}:service`),
    location_id: hsdsId(`facility:${f.id}:location`),
  }));
  return { organizations, services, locations, service_at_locations };
}
