import { EIDO_INCIDENT_TYPES, isEidoIncidentType, type Caller, type IncidentLocation, type PersonInCrisis } from '@continuum/domain';
import { LIMITS } from '@continuum/contracts';
import type { CadIdentifiers } from '../../presenters/eido.ts';
import { addressOfCivic, readPidf } from './pidf.ts';

/** What Continuum takes from a (schema-valid) EIDO document. */
export interface EidoIntake {
  eidoId: string;
  version: Date;
  summary: string;
  location: IncidentLocation;
  caller: Caller;
  person: PersonInCrisis;
  safetyFlags: string[];
  /** A call-handling vendor's code (MPDS 25-B-3 …): triage starts from it when the protocol maps it. */
  vendorCode: string | null;
  identifiers: CadIdentifiers;
}

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => Boolean(x) && typeof x === 'object') : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const refs = (v: unknown): string[] => arr(v).flatMap((r) => (typeof r.$ref === 'string' ? [r.$ref] : []));
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Which of a document's locations stands for the incident: by value first, the incident's own before the caller's. */
const LOCATION_ORDER = ['IncidentLocation', 'Incident', 'Caller', 'RoutingLocation'];

/** A person's full name from the NIEM person component EIDO carries, when it has one. */
function nameOf(person: Obj): string | undefined {
  const nc = person.ncPersonComponent as Obj | undefined;
  const name = nc?.PersonName as Obj | undefined;
  const full = str(name?.PersonFullName);
  if (full) return full;
  const parts = [str(name?.PersonGivenName), str(name?.PersonSurName)].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * Reads a schema-valid EIDO into an incident's parts: the incident type (NENA registry: EDP, MNTL,
 * SUICIDE, SUICTHRT, OD, WELFARE …), the location (PIDF-LO by value: the caller's position is used
 * as it is, never geocoded), the callback, the caller and the person, the CAD's notes, and the CAD's
 * identifiers for each part. Lengths are bounded to what Continuum stores.
 */
export function readEido(doc: Obj): EidoIntake {
  const incident = (doc.incidentComponent ?? {}) as Obj;
  const calls = arr(doc.callComponent);
  const type = str(incident.incidentTypeCommonRegistryText)?.toUpperCase();
  const known = type && isEidoIncidentType(type) ? EIDO_INCIDENT_TYPES[type] : null;

  const locations = arr(doc.locationComponent);
  const wanted = new Set([...refs(incident.locationReference), ...calls.flatMap((c) => refs(c.locationReference))]);
  const rank = (l: Obj) => {
    const i = LOCATION_ORDER.indexOf(str(l.locationTypeDescriptionRegistryText) ?? '');
    return (typeof l.locationByValue === 'string' ? 0 : 100) + (i < 0 ? LOCATION_ORDER.length : i) + (wanted.size && !wanted.has(String(l.$id)) ? 10 : 0);
  };
  const chosen = [...locations].sort((a, b) => rank(a) - rank(b))[0];
  const pidf = chosen && typeof chosen.locationByValue === 'string' ? readPidf(chosen.locationByValue) : null;
  const description = chosen ? str(chosen.locationDescriptionText) : undefined;
  const address = description ?? (pidf?.civic && Object.keys(pidf.civic).length ? addressOfCivic(pidf.civic) : undefined);
  const location: IncidentLocation = {
    address: clip(address ?? 'Location not given by the CAD', LIMITS.address),
    ...(pidf?.point ? { lat: pidf.point.lat, lon: pidf.point.lon } : {}),
  };

  const callbacks = arr(doc.callbackComponent);
  const callback = callbacks[0];
  const uris = callback && Array.isArray(callback.callBackInformationUri) ? callback.callBackInformationUri.filter((u): u is string => typeof u === 'string') : [];
  const tel = uris.map((u) => u.match(/^tel:(\+?[0-9()\- ]{3,32})$/)?.[1]).find(Boolean);

  const people = arr(doc.personComponent);
  const roleOf = (p: Obj) => (Array.isArray(p.personIncidentRoleRegistryText) ? p.personIncidentRoleRegistryText.map(String) : []);
  const callerComp = people.find((p) => roleOf(p).includes('Caller'));
  const subjectComp = people.find((p) => roleOf(p).some((r) => ['Subject', 'Patient', 'PersonInCrisis'].includes(r)));
  const age = Number(((subjectComp?.ncPersonComponent as Obj | undefined)?.PersonAgeMeasure as Obj | undefined)?.MeasureIntegerValue);

  const notes = arr(doc.notesComponent).flatMap((n) => {
    const text = str(n.notesActionComments);
    return text ? [{ id: String(n.$id), text: clip(text, LIMITS.reason) }] : [];
  });
  const cautions = arr(doc.cautionComponent).flatMap((c) => {
    const t = str(c.cautionTypeCommonRegistryText) ?? str(c.cautionTypeInternalText);
    return t ? [clip(`caution: ${t}`, LIMITS.shortText)] : [];
  });
  const summary = [
    type ? `${known?.label ?? 'Incident'} (${type}) from the 911 CAD` : 'Call transferred from the 911 CAD',
    ...notes.map((n) => n.text),
  ].join('\n');

  const agencyRef = String((doc.updatedByAgencyReference as Obj).$ref);
  const identifiers: CadIdentifiers = {
    agencyRef: clip(agencyRef, LIMITS.shortText),
    ...(str((doc.updatedByAgentReference as Obj | undefined)?.$ref) ? { agentRef: str((doc.updatedByAgentReference as Obj).$ref)! } : {}),
    ...(str(incident.internalIncidentId) ? { internalIncidentId: str(incident.internalIncidentId)! } : {}),
    ...(type ? { incidentType: type } : {}),
    ...(str(incident.incidentTypeInternalCode) ? { incidentTypeInternalCode: str(incident.incidentTypeInternalCode)! } : {}),
    calls: calls.map((c) => ({
      id: String(c.$id),
      ...(str(c.callStartTimestamp) ? { startedAt: str(c.callStartTimestamp)! } : {}),
      ...(str(c.answerDate) ? { answeredAt: str(c.answerDate)! } : {}),
      ...(str(c.queueIdentifier) ? { queue: str(c.queueIdentifier)! } : {}),
      ...(str(c.standardPrimaryCallType) ? { primaryType: str(c.standardPrimaryCallType)! } : {}),
      ...(str(c.callStateRegistryText) ? { state: str(c.callStateRegistryText)! } : {}),
    })),
    ...(chosen ? { location: { id: String(chosen.$id), type: str(chosen.locationTypeDescriptionRegistryText) ?? 'IncidentLocation', civic: pidf?.civic ?? null, ...(description ? { description } : {}) } } : {}),
    ...(callback ? { callback: { id: String(callback.$id), uris } } : {}),
    ...(callerComp ? { caller: { id: String(callerComp.$id) } } : {}),
    ...(subjectComp ? { subject: { id: String(subjectComp.$id) } } : {}),
    notes,
  };
  const callerName = callerComp ? nameOf(callerComp) : undefined;
  const personName = subjectComp ? nameOf(subjectComp) : undefined;
  return {
    eidoId: String(doc.$id),
    version: new Date(String(doc.lastUpdateTimeStamp)),
    summary: clip(summary, LIMITS.summary),
    location,
    caller: { ...(callerName ? { name: clip(callerName, LIMITS.shortText) } : {}), ...(tel ? { callbackNumber: tel } : {}) },
    person: { ...(personName ? { name: clip(personName, LIMITS.shortText) } : {}), ...(Number.isInteger(age) && age >= 0 && age <= 130 ? { age } : {}) },
    safetyFlags: [...new Set([...(known?.safetyFlags ?? []), ...cautions])].slice(0, 20),
    vendorCode: str(incident.incidentTypeInternalCode) ?? null,
    identifiers,
  };
}
