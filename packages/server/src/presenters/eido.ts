import { EIDO_INCIDENT_STATUS, EIDO_UNIT_STATUS, eidoTypeOf, type FieldClass, type IncidentState, type Principal } from '@continuum/domain';
import type { IncidentView } from '@continuum/contracts';
import { presentIncident } from './incident.ts';
import { writePidf } from '../services/eido/pidf.ts';

/** What Continuum keeps of a CAD's EIDO (eido_links.identifiers), so that an export names what the CAD knows. */
export interface CadIdentifiers {
  /** The CAD's agency ($ref of updatedByAgencyReference): a domain name such as `psap.example.gov`. */
  agencyRef: string;
  agentRef?: string;
  internalIncidentId?: string;
  incidentType?: string;
  incidentTypeInternalCode?: string;
  calls: { id: string; startedAt?: string; answeredAt?: string; queue?: string; primaryType?: string; state?: string }[];
  location?: { id: string; type: string; civic: Record<string, string> | null; description?: string };
  callback?: { id: string; uris: string[] };
  caller?: { id: string };
  subject?: { id: string };
  notes: { id: string; text: string }[];
}

/** Our agency ids as EIDO agency references: globally unique, as EIDO wants. */
const agencyRef = (agencyId: string) => `${agencyId}.continuum`;
const prologue = (id: string, at: string, agencyId: string) => ({ $id: id, lastUpdateTimeStamp: at, updatedByAgencyReference: { $ref: agencyRef(agencyId) } });
const incidentUrn = (incidentId: string) => `urn:emergency:uid:incidentid:${incidentId}:continuum`;

/** The EIDO $id of an incident Continuum created: it names the incident, so a CAD's update of it finds it. */
export const eidoIdOf = (incidentId: string, cad: { eidoId: string } | null): string => cad?.eidoId ?? incidentUrn(incidentId);
export const incidentIdOfEidoId = (eidoId: string): string | null => eidoId.match(/^urn:emergency:uid:incidentid:([0-9a-f-]{36}):continuum$/)?.[1] ?? null;

/**
 * An incident as a NENA EIDO document for one reader: built from the same allow-listed, redacted
 * view the API gives (presentIncident), so a field class the reader may not read never appears
 * (identity: no person; location and safety: no location, callback or hazards; clinical: no
 * summary or field notes). Units and their stages are operational. `cad` is what the CAD that sent
 * the incident called its parts, reused so that the CAD recognises its own incident, call and
 * location (ADR 0029).
 */
export function presentEido(state: IncidentState, reader: Principal, readable: readonly FieldClass[], cad: { eidoId: string; identifiers: CadIdentifiers } | null): Record<string, unknown> {
  const view: IncidentView = presentIncident(state, reader, readable);
  const at = state.updatedAt.toISOString();
  const owner = state.agencyId;
  const ids = cad?.identifiers;
  const p = (id: string) => prologue(id, at, owner);
  const doc: Record<string, unknown> = {
    ...p(eidoIdOf(state.id, cad)),
    eidoVersion: '1.0',
    issuingElementIdentification: 'continuum',
  };

  // Location, callback and people: each only when the reader's classes include it.
  const locationId = ids?.location?.id ?? `urn:continuum:location:${state.id}`;
  const location = view.location
    ? {
        ...p(locationId),
        locationTypeDescriptionRegistryText: ids?.location?.type ?? 'IncidentLocation',
        locationByValue: writePidf(`pres:${state.id}@continuum`, view.location.lat !== undefined && view.location.lon !== undefined ? { lat: view.location.lat, lon: view.location.lon } : null, ids?.location?.civic ?? null, ids?.location ? 'Manual' : 'Manual'),
        locationDescriptionText: view.location.address,
      }
    : null;
  const callbackId = ids?.callback?.id ?? `urn:continuum:callback:${state.id}`;
  const callback = view.callbackNumber ? { ...p(callbackId), callBackInformationUri: [`tel:${view.callbackNumber.replace(/[^0-9+]/g, '')}`] } : null;
  const people: Record<string, unknown>[] = [];
  const callIds = ids?.calls.length ? ids.calls.map((c) => c.id) : [`urn:emergency:uid:callid:${state.id}:continuum`];
  if (view.callerName !== undefined) {
    people.push({ ...p(ids?.caller?.id ?? `urn:continuum:caller:${state.id}`), personIncidentRoleRegistryText: ['Caller'], ncPersonComponent: { PersonName: { PersonFullName: view.callerName } }, callIdentifier: callIds, ...(callback ? { callBackReference: { $ref: callbackId } } : {}) });
  }
  if (view.personName !== undefined || view.personAge !== undefined) {
    people.push({
      ...p(ids?.subject?.id ?? `urn:continuum:subject:${state.id}`),
      personIncidentRoleRegistryText: ['Subject'],
      ncPersonComponent: { ...(view.personName !== undefined ? { PersonName: { PersonFullName: view.personName } } : {}), ...(view.personAge !== undefined ? { PersonAgeMeasure: { MeasureIntegerValue: view.personAge } } : {}) },
      ...(location ? { locationReference: [{ $ref: locationId }] } : {}),
    });
  }

  // Notes a CAD may see: hazards (location and safety) for responders, the call's summary and the
  // crews' field notes (clinical); the CAD's own notes come back as it sent them.
  const notes: Record<string, unknown>[] = [];
  const note = (id: string, when: string, text: string) => notes.push({ ...prologue(id, when, owner), notesActionComments: text });
  if (view.summary !== undefined && !ids) note(`urn:continuum:note:${state.id}:summary`, state.receivedAt.toISOString(), view.summary);
  if (ids && readable.includes('clinical')) for (const n of ids.notes) note(n.id, at, n.text);
  if (readable.includes('location_safety')) state.response.hazards.forEach((h, i) => note(`urn:continuum:note:${state.id}:hazard:${i + 1}`, h.at, `Hazard: ${h.text}`));
  if (readable.includes('clinical')) state.response.notes.forEach((n, i) => note(`urn:continuum:note:${state.id}:field:${i + 1}`, n.at, n.text));

  const units = state.response.assignments.map((a) => {
    const times = [a.assignedAt, a.acknowledgedAt, a.enRouteAt, a.onSceneAt, a.transportingAt, a.atDestinationAt, a.clearedAt, a.releasedAt].filter((x): x is string => Boolean(x));
    return {
      ...prologue(`urn:continuum:unit:${a.unitId}`, times.sort().at(-1) ?? at, a.agencyId),
      emergencyResourceTypeCommonRegistryText: 'CrisisInterventionUnit',
      emergencyResourceTypeInternalText: a.model,
      resourceAttributeRegistryText: ['CrisisInterventionSpecialist'],
      secondaryUnitStatusRegistryText: [],
      agentReference: [],
      emergencyResourceName: a.unitName,
      primaryUnitStatusRegistryText: EIDO_UNIT_STATUS[a.stage],
      unitStatusInternal: [a.stage],
      activeOnIncidentId: state.id,
    };
  });
  const unitAgencies = [...new Set(state.response.assignments.map((a) => a.agencyId))];

  const incident: Record<string, unknown> = {
    ...p(`urn:continuum:incident:${state.id}`),
    incidentTypeCommonRegistryText: ids?.incidentType ?? eidoTypeOf(readable.includes('location_safety') ? state.safetyFlags : [], readable.includes('clinical') ? (state.triage?.factors ?? []) : []),
    ...(ids?.incidentTypeInternalCode ?? state.triage?.vendorCode?.code ? { incidentTypeInternalCode: ids?.incidentTypeInternalCode ?? state.triage?.vendorCode?.code } : {}),
    incidentStatusCommonRegistryText: [EIDO_INCIDENT_STATUS[state.status]],
    incidentStatusInternalText: [state.status],
    internalIncidentId: state.id,
    ...(view.riskLevel ? { incidentPriorityInternalText: `IRLM level ${view.riskLevel}`, incidentCommonPriorityNumber: view.riskLevel } : {}),
    ...(location ? { locationReference: [{ $ref: locationId }] } : {}),
    ...(people.length ? { personReference: people.map((x) => ({ $ref: x.$id as string })) } : {}),
    ...(view.disposition ? { dispositionComponent: [{ ...p(`urn:continuum:disposition:${state.id}`), dispositionCommonRegistryCode: 'Other', dispositionPrimaryIndicator: true, dispositionCategoryText: 'BehavioralHealth', dispositionDescriptionText: view.disposition }] } : {}),
    ...(notes.length ? { notesReference: notes.map((n) => ({ $ref: n.$id as string })) } : {}),
  };
  doc.incidentComponent = incident;
  doc.callComponent = callIds.map((id, i) => {
    const c = ids?.calls[i];
    return {
      ...p(id),
      standardPrimaryCallType: c?.primaryType ?? 'emergency',
      callStateRegistryText: c?.state ?? (state.status === 'closed' || state.status === 'cancelled' ? 'callTerminated' : 'callAnswered'),
      direction: 'incoming',
      ...(c?.queue ? { queueIdentifier: c.queue } : {}),
      callStartTimestamp: c?.startedAt ?? state.receivedAt.toISOString(),
      ...(c?.answeredAt ? { answerDate: c.answeredAt } : {}),
      ...(callback ? { callBackReference: { $ref: callbackId } } : {}),
      ...(location ? { locationReference: [{ $ref: locationId }] } : {}),
      ...(people.length ? { personReference: people.map((x) => ({ $ref: x.$id as string })) } : {}),
    };
  });
  if (callback) doc.callbackComponent = [callback];
  if (location) doc.locationComponent = [location];
  if (people.length) doc.personComponent = people;
  if (notes.length) doc.notesComponent = notes;
  if (units.length) {
    doc.emergencyResourceComponent = units;
    doc.dispatchComponent = unitAgencies.map((agencyId) => ({
      ...p(`urn:continuum:dispatch:${state.id}:${agencyId}`),
      agencyReference: { $ref: agencyRef(agencyId) },
      emergencyResourceReference: state.response.assignments.filter((a) => a.agencyId === agencyId).map((a) => ({ $ref: `urn:continuum:unit:${a.unitId}` })),
    }));
  }
  const agencies = [
    { ...p(agencyRef(owner)), agencyType: ['crisisResponse'], agencyRoleDescriptionRegistryText: ['IncidentOwner'], incidentOwningAgencyIndicator: true },
    ...unitAgencies.filter((a) => a !== owner).map((a) => ({ ...p(agencyRef(a)), agencyType: ['crisisResponse'], agencyRoleDescriptionRegistryText: ['Responding'] })),
    ...(ids ? [{ ...prologue(ids.agencyRef, at, owner), agencyType: ['psap'], agencyRoleDescriptionRegistryText: ['CallReceiving'] }] : []),
  ];
  doc.agencyComponent = agencies;
  return doc;
}
