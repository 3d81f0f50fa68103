import type { AssignmentStage } from '../dispatch/assignment-types.ts';
import type { IncidentStatus } from '../incident/types.ts';

/**
 * The behavioural-health incident types of the NENA incident type registry that a 911 CAD sends
 * in an EIDO (incidentTypeCommonRegistryText), with what each tells a crisis team before triage.
 * EIDO has no risk level of its own: the level travels as a call-handling vendor's code in
 * incidentTypeInternalCode (MPDS 25-B-3 …), which the region's protocol maps (ADR 0029).
 */
export const EIDO_INCIDENT_TYPES = {
  EDP: { label: 'Emotionally disturbed person', safetyFlags: [] },
  MNTL: { label: 'Mental health crisis', safetyFlags: [] },
  SUICIDE: { label: 'Suicide attempt', safetyFlags: ['suicide_attempt'] },
  SUICTHRT: { label: 'Threatening suicide', safetyFlags: ['suicide_threat'] },
  OD: { label: 'Overdose', safetyFlags: ['overdose'] },
  WELFARE: { label: 'Welfare check', safetyFlags: [] },
} as const satisfies Record<string, { label: string; safetyFlags: readonly string[] }>;
export type EidoIncidentType = keyof typeof EIDO_INCIDENT_TYPES;

export const isEidoIncidentType = (code: string): code is EidoIncidentType => Object.hasOwn(EIDO_INCIDENT_TYPES, code);

/** The registry type an export names for a Continuum incident the CAD did not type itself. */
export function eidoTypeOf(safetyFlags: readonly string[], factors: readonly string[]): EidoIncidentType {
  const all = [...safetyFlags, ...factors].join(' ');
  if (/overdose/.test(all)) return 'OD';
  if (/suicide_attempt/.test(all)) return 'SUICIDE';
  if (/suicid/.test(all)) return 'SUICTHRT';
  return 'MNTL';
}

/** An incident's status in the registry's words (incidentStatusCommonRegistryText). */
export const EIDO_INCIDENT_STATUS: Record<IncidentStatus, string> = {
  received: 'open',
  triaged: 'open',
  transferred_to_988: 'transferred',
  escalated_to_911: 'transferred',
  routed_to_cares: 'transferred',
  awaiting_dispatch: 'pending',
  dispatched: 'dispatched',
  en_route: 'enroute',
  on_scene: 'onScene',
  transporting: 'transporting',
  closed: 'closed',
  cancelled: 'cancelled',
};

/** A unit's stage on the call in the registry's words (primaryUnitStatusRegistryText). */
export const EIDO_UNIT_STATUS: Record<AssignmentStage, string> = {
  assigned: 'dispatched',
  acknowledged: 'acknowledged',
  en_route: 'enroute',
  on_scene: 'onScene',
  transporting: 'transporting',
  at_destination: 'atDestination',
  cleared: 'cleared',
  released: 'released',
};

/**
 * Whether an EIDO update is newer than the last one applied: the document's identity is its $id,
 * its version its lastUpdateTimeStamp (EIDO has no counter). An equal or older one changes nothing,
 * so a CAD's retries and out-of-order deliveries are harmless.
 */
export function isNewerEido(lastApplied: Date | null, incoming: Date): boolean {
  return lastApplied === null || incoming.getTime() > lastApplied.getTime();
}
