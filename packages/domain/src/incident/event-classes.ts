import type { FieldClass } from '../access/field-classes.ts';
import type { IncidentEvent, IncidentEventType, RecordedIncidentEvent } from './events.ts';

type DataOf<T extends IncidentEventType> = Extract<IncidentEvent, { type: T }>['data'];

/**
 * The class of one field of an event: one class for the whole value, or, for an object whose
 * parts differ (a caller's name is identity, the callback number location and safety), a class
 * for every part. The types make every key of every event's data name its class: a field added
 * to an event without one does not compile.
 */
export type FieldSpec<V> =
  | FieldClass
  | (NonNullable<V> extends readonly unknown[] ? never : NonNullable<V> extends object ? { readonly [K in keyof Required<NonNullable<V>>]: FieldSpec<NonNullable<V>[K]> } : never);

/** What an event type reveals by its type alone, and the class of each field of its data. */
export interface EventClassSpec<T extends IncidentEventType> {
  type: FieldClass;
  data: { readonly [K in keyof Required<DataOf<T>>]: FieldSpec<DataOf<T>[K]> };
}

/**
 * The event history's allow-list, one place for every event type (DOMAIN.md §9): the same classes
 * as the incident's own fields (presenters/incident.ts). A reader who may not read an event's
 * type class does not learn the event exists; a field of a class the reader
 * may not read is left out. Free text typed by staff (a release reason, a field note, a close
 * note, the person's chosen place) is clinical: it is where a diagnosis or a medication gets
 * written down. A free-text destination is a place: location and safety, as the scene's address.
 * Part 2 records are no incident events: they are a stream of their own (part2-record.ts), so
 * that they leave no trace in the incident's version, time or feed.
 */
export const INCIDENT_EVENT_CLASSES = {
  'incident.received': {
    type: 'operational',
    data: {
      agencyId: 'operational',
      regionId: 'operational',
      entryPoint: 'operational',
      summary: 'clinical',
      location: 'location_safety',
      caller: { name: 'identity', callbackNumber: 'location_safety' },
      person: { name: 'identity', age: 'demographics', medicaid: 'demographics', dcfsWard: 'demographics', disability: 'demographics' },
      safetyFlags: 'location_safety',
      simulated: 'operational',
      channel: 'operational',
      // The person's language says something about who they are: demographics, as their age.
      preferredLanguage: 'demographics',
    },
  },
  'incident.triage_answered': { type: 'operational', data: { protocolVersion: 'operational', questionId: 'clinical', answerKey: 'clinical', answerKeys: 'clinical' } },
  'incident.triage_answer_undone': { type: 'operational', data: { protocolVersion: 'operational', questionId: 'clinical', answerKey: 'clinical', answerKeys: 'clinical' } },
  'incident.triaged': {
    type: 'operational',
    data: {
      level: 'operational',
      protocolVersion: 'operational',
      factors: 'clinical',
      decidingFactors: 'clinical',
      emergent: 'operational',
      recommended: 'operational',
      vendorCode: 'operational',
      groundFactors: 'clinical',
      provisional: 'operational',
      unknowns: 'clinical',
    },
  },
  'incident.response_overridden': {
    type: 'operational',
    data: { from: 'operational', to: 'operational', reasonCode: 'operational', justification: 'operational', note: 'clinical', groundOverride: { reason: 'clinical', by: 'operational' } },
  },
  // Who at 988 said no team can make the maximum is staff, not the person: operational.
  'incident.safety_flag_marked': { type: 'operational', data: { flag: 'location_safety', as: 'location_safety' } },
  'incident.location_corrected': { type: 'operational', data: { location: 'location_safety', previous: 'location_safety' } },
  'incident.crisis_team_unavailability_reported': { type: 'operational', data: { reportedBy: 'operational', reportRef: 'operational', recordedBy: 'operational' } },
  'incident.transferred_to_988': { type: 'operational', data: {} },
  'incident.escalated_to_911': { type: 'operational', data: {} },
  // Routing to the CARES line says the person is under 21 on Medicaid or a ward of DCFS.
  'incident.routed_to_cares': { type: 'operational', data: { basis: 'demographics', maxResponseMinutes: 'operational' } },
  'incident.queued_for_dispatch': { type: 'operational', data: {} },
  'incident.dispatched': { type: 'operational', data: { units: 'operational' } },
  'incident.en_route': { type: 'operational', data: {} },
  'incident.on_scene': { type: 'operational', data: {} },
  'incident.transport_started': { type: 'operational', data: { destination: 'location_safety' } },
  'incident.closed': {
    type: 'operational',
    data: {
      disposition: 'operational',
      detail: {
        transport: { by: 'operational', destination: 'operational', facilityId: 'operational', place: 'clinical' },
        referredTo: 'clinical',
        involuntaryPetition: 'operational',
        arrest: 'operational',
        useOfForce: 'operational',
        injuries: 'operational',
        deflectionPathway: 'operational',
        diversion: 'operational',
        note: 'clinical',
      },
    },
  },
  'incident.cancelled': { type: 'operational', data: {} },
  'incident.reopened': { type: 'operational', data: {} },
  'incident.unit_assigned': {
    type: 'operational',
    data: {
      unitId: 'operational',
      unitName: 'operational',
      agencyId: 'operational',
      partnerAgencyIds: 'operational',
      model: 'operational',
      mode: 'operational',
      justification: { code: 'operational', breaks: 'operational', cessa30: 'operational', note: 'clinical', groundOverride: { reason: 'clinical', by: 'operational' } },
    },
  },
  'incident.unit_progressed': { type: 'operational', data: { unitId: 'operational', stage: 'operational', destination: 'location_safety', facilityId: 'operational', position: 'location_safety' } },
  'incident.unit_released': { type: 'operational', data: { unitId: 'operational', kind: 'operational', reason: 'clinical' } },
  'incident.unit_checked_in': { type: 'operational', data: { unitId: 'operational', position: 'location_safety' } },
  'incident.panic_raised': { type: 'operational', data: { unitId: 'operational', position: 'location_safety' } },
  'incident.panic_resolved': { type: 'operational', data: { unitId: 'operational' } },
  'incident.hazard_noted': { type: 'operational', data: { actorId: 'operational', text: 'location_safety' } },
  'incident.note_added': { type: 'operational', data: { actorId: 'operational', unitId: 'operational', text: 'clinical' } },
} as const satisfies { readonly [T in IncidentEventType]: EventClassSpec<T> };

/**
 * The classes of an event's envelope. The reason given with a step (a cancel, a reopen, a close)
 * is free text: clinical, whatever the step.
 */
export const EVENT_ENVELOPE_CLASSES = { occurredAt: 'operational', actorId: 'operational', reason: 'clinical' } as const satisfies Record<string, FieldClass>;

/** An event as one reader may see it: null when the reader may not learn that it exists. */
export interface RedactedEvent {
  type: IncidentEventType;
  occurredAt?: Date;
  actorId?: string;
  reason?: string | null;
  data: Record<string, unknown>;
}

type AnySpec = FieldClass | { readonly [k: string]: AnySpec };

/** Keeps the parts of a value whose class is readable; undefined when nothing of it is. */
function keep(value: unknown, spec: AnySpec, readable: readonly FieldClass[]): unknown {
  if (typeof spec === 'string') return readable.includes(spec) ? value : undefined;
  if (value === null || value === undefined) return anyReadable(spec, readable) ? value : undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, part] of Object.entries(spec)) {
    const kept = keep((value as Record<string, unknown>)[k], part, readable);
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length > 0 || anyReadable(spec, readable) ? out : undefined;
}

const anyReadable = (spec: AnySpec, readable: readonly FieldClass[]): boolean =>
  typeof spec === 'string' ? readable.includes(spec) : Object.values(spec).some((s) => anyReadable(s, readable));

/** Every class an event's spec names (for tests and for what an audit row records). */
export const classesOf = (spec: AnySpec): FieldClass[] =>
  typeof spec === 'string' ? [spec] : [...new Set(Object.values(spec).flatMap(classesOf))];

/**
 * One event as a reader with these classes may see it. A type with no entry (an event written
 * by a newer version) is withheld, not shown whole: the allow-list fails closed.
 */
export function redactEvent(e: Pick<RecordedIncidentEvent, 'type' | 'occurredAt' | 'actorId' | 'reason' | 'data'>, readable: readonly FieldClass[]): RedactedEvent | null {
  const spec = (INCIDENT_EVENT_CLASSES as Record<string, { type: FieldClass; data: Record<string, AnySpec> } | undefined>)[e.type];
  if (!spec || !readable.includes(spec.type)) return null;
  const data = (keep(e.data ?? {}, spec.data, readable) ?? {}) as Record<string, unknown>;
  const out: RedactedEvent = { type: e.type, data };
  if (readable.includes(EVENT_ENVELOPE_CLASSES.occurredAt)) out.occurredAt = e.occurredAt;
  if (readable.includes(EVENT_ENVELOPE_CLASSES.actorId)) out.actorId = e.actorId;
  if (readable.includes(EVENT_ENVELOPE_CLASSES.reason)) out.reason = e.reason;
  return out;
}
