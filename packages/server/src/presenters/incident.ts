import {
  ACTION_PERMISSION,
  availableActions,
  can,
  FIELD_CLASSES,
  PART2_NOTICE,
  redactEvent,
  type FieldClass,
  PART2_EVENT_CLASSES,
  type IncidentState,
  type Part2Record,
  type Principal,
  type RecordedIncidentEvent,
  type RecordedPart2Event,
} from '@continuum/domain';
import type { IncidentEventList, IncidentView } from '@continuum/contracts';

type Optional = Exclude<keyof IncidentView, 'redacted'>;
/** An incident with its Part 2 record (a stream of its own, ADR 0016) merged in for the view. */
type Source = IncidentState & { part2: Part2Record | null };

/**
 * The allow-list: each field that leaves the server for an incident, with its class and how to
 * read it. A field not listed here never leaves; a class the reader may not read is dropped.
 */
const FIELDS: { [K in Optional]: { cls: FieldClass; get: (s: Source, p: Principal) => IncidentView[K] | undefined } } = {
  id: { cls: 'operational', get: (s) => s.id },
  number: { cls: 'operational', get: (s) => s.number },
  simulated: { cls: 'operational', get: (s) => s.simulated === true },
  agencyId: { cls: 'operational', get: (s) => s.agencyId },
  regionId: { cls: 'operational', get: (s) => s.regionId },
  entryPoint: { cls: 'operational', get: (s) => s.entryPoint },
  status: { cls: 'operational', get: (s) => s.status },
  version: { cls: 'operational', get: (s) => s.version },
  riskLevel: { cls: 'operational', get: (s) => s.triage?.level ?? null },
  protocolVersion: { cls: 'operational', get: (s) => s.triage?.protocolVersion ?? null },
  disposition: { cls: 'operational', get: (s) => s.disposition },
  dispositionDetail: {
    cls: 'operational',
    get: ({ dispositionDetail: d }) =>
      d && {
        transport: d.transport && { by: d.transport.by, destination: d.transport.destination, facilityId: d.transport.facilityId },
        involuntaryPetition: d.involuntaryPetition,
        arrest: d.arrest,
        useOfForce: d.useOfForce,
        injuries: d.injuries,
        deflectionPathway: d.deflectionPathway,
        diversion: d.diversion,
      },
  },
  dispositionNotes: { cls: 'clinical', get: ({ dispositionDetail: d }) => d && { place: d.transport?.place ?? null, referredTo: d.referredTo, note: d.note } },
  receivedAt: { cls: 'operational', get: (s) => s.receivedAt.toISOString() },
  updatedAt: { cls: 'operational', get: (s) => s.updatedAt.toISOString() },
  closedAt: { cls: 'operational', get: (s) => s.closedAt?.toISOString() ?? null },
  allowedActions: {
    cls: 'operational',
    get: (s, p) => availableActions(s).filter((a) => can(p, ACTION_PERMISSION[a])),
  },
  location: { cls: 'location_safety', get: (s) => s.location },
  channel: { cls: 'operational', get: (s) => s.channel ?? 'call' },
  caresMaxResponseMinutes: { cls: 'operational', get: (s) => s.caresMaxResponseMinutes },
  preferredLanguage: { cls: 'demographics', get: (s) => s.preferredLanguage },
  safetyFlags: { cls: 'location_safety', get: (s) => s.safetyFlags },
  // A mark names the flag it marks: the same class as the flag.
  markedFlags: { cls: 'location_safety', get: (s) => s.markedFlags ?? [] },
  callbackNumber: { cls: 'location_safety', get: (s) => s.caller.callbackNumber },
  callerName: { cls: 'identity', get: (s) => s.caller.name },
  personName: { cls: 'identity', get: (s) => s.person.name },
  personAge: { cls: 'demographics', get: (s) => s.person.age },
  medicaid: { cls: 'demographics', get: (s) => s.person.medicaid },
  dcfsWard: { cls: 'demographics', get: (s) => s.person.dcfsWard },
  personDisability: { cls: 'demographics', get: (s) => s.person.disability },
  recommendedResponse: { cls: 'operational', get: (s) => s.triage?.recommended?.responseType ?? null },
  overriddenTo: { cls: 'operational', get: (s) => s.override?.to ?? null },
  crisisTeamUnavailability: { cls: 'operational', get: (s) => s.crisisTeamUnavailability ?? null },
  groundOverrides: { cls: 'operational', get: (s) => s.groundOverrides ?? 0 },
  summary: { cls: 'clinical', get: (s) => s.summary },
  triageFactors: { cls: 'clinical', get: (s) => s.triage?.factors },
  decidingFactors: { cls: 'clinical', get: (s) => s.triage?.decidingFactors },
  substanceUse: { cls: 'substance_use_part2', get: (s) => s.part2?.note },
  part2Notice: { cls: 'substance_use_part2', get: (s) => (s.part2 ? PART2_NOTICE : undefined) },
};

/** The classes of incident fields, for audit rows of what a read disclosed. */
export const INCIDENT_FIELD_CLASSES = [...new Set(Object.values(FIELDS).map((f) => f.cls))];

/**
 * Presents an incident to one reader, dropping every field of a class outside `readable` (the
 * reader's reach: the role's classes, narrowed by the sharing agreement it reads under). A class
 * is named in `redacted` whether or not the record holds such a field: naming Part 2 only when
 * present would tell the reader that the person is in substance-use treatment. `part2` is the
 * incident's Part 2 record, merged in here; the version and time shown are the incident's own.
 */
export function presentIncident(state: IncidentState, reader: Principal, readable: readonly FieldClass[], part2: Part2Record | null = null): IncidentView {
  const source: Source = { ...state, part2 };
  const view: Record<string, unknown> = {};
  const redacted = new Set<FieldClass>();
  for (const [name, field] of Object.entries(FIELDS) as [Optional, (typeof FIELDS)[Optional]][]) {
    if (!readable.includes(field.cls)) {
      redacted.add(field.cls);
      continue;
    }
    const value = field.get(source, reader);
    if (value !== undefined) view[name] = value;
  }
  return { ...(view as Omit<IncidentView, 'redacted'>), redacted: [...redacted] };
}

/** The classes a reader was actually shown of an incident: what an audit row records. */
export const disclosedClasses = (readable: readonly FieldClass[]): FieldClass[] =>
  INCIDENT_FIELD_CLASSES.filter((c) => readable.includes(c));

/**
 * Event history as one reader may see it: each event through the domain's event allow-list
 * (INCIDENT_EVENT_CLASSES), numbered in the order shown. An event the reader may not know of is
 * left out without a gap in the numbering; `redacted` names every class outside the reach, as an
 * incident view's does, so its content never depends on what the history holds. The events of
 * the Part 2 stream (given only to a reader whose reach includes Part 2) are merged in by time,
 * each marked `stream: 'part2'`.
 */
export function presentEvents(events: readonly RecordedIncidentEvent[], readable: readonly FieldClass[], part2Events: readonly RecordedPart2Event[] = []): IncidentEventList {
  const shown = mergeByTime(
    events.flatMap((e) => {
      const r = redactEvent(e, readable);
      return r ? [{ ...r, stream: 'incident' as const }] : [];
    }),
    part2Events.flatMap((e) => (readable.includes(PART2_EVENT_CLASSES[e.type].type) ? [{ ...e, stream: 'part2' as const }] : [])),
  );
  return {
    items: shown.map((e, i) => ({
      sequence: i + 1,
      stream: e.stream,
      type: e.type,
      ...(e.occurredAt ? { occurredAt: e.occurredAt.toISOString() } : {}),
      ...(e.actorId !== undefined ? { actorId: e.actorId } : {}),
      ...(e.reason !== undefined ? { reason: e.reason } : {}),
      data: e.data,
    })),
    redacted: FIELD_CLASSES.filter((c) => !readable.includes(c)),
  };
}

/** Merges two lists, each in its stream's order, by time; on a tie the incident's event comes first. */
function mergeByTime<A extends { occurredAt?: Date }, B extends { occurredAt: Date }>(a: readonly A[], b: readonly B[]): (A | B)[] {
  const out: (A | B)[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = a[i];
    const other = b[j];
    if (next && (!other || (next.occurredAt?.getTime() ?? 0) <= other.occurredAt.getTime())) {
      out.push(next);
      i += 1;
    } else if (other) {
      out.push(other);
      j += 1;
    }
  }
  return out;
}
