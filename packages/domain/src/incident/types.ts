import type { Disposition } from './disposition.ts';

/** The ways a crisis episode reaches the system (DOMAIN.md §6, CESSA §25 "no wrong door"). */
export const ENTRY_POINTS = ['911', '988', 'direct', 'cares'] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];

export const INCIDENT_STATUSES = [
  'received',
  'triaged',
  'transferred_to_988',
  'awaiting_dispatch',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'closed',
  'cancelled',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Illinois IRLM levels: 1 is the lowest risk, 4 is emergent (DOMAIN.md §5). */
export type RiskLevel = 1 | 2 | 3 | 4;

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface IncidentLocation extends Partial<GeoPoint> {
  address: string;
}

export interface Caller {
  name?: string;
  callbackNumber?: string;
}

export interface PersonInCrisis {
  name?: string;
  age?: number;
}

export interface Triage {
  level: RiskLevel;
  protocolVersion: string;
  factors: string[];
}

/** The current-state projection of an incident, folded from its events. */
export interface IncidentState {
  id: string;
  agencyId: string;
  regionId: string;
  entryPoint: EntryPoint;
  status: IncidentStatus;
  /** The sequence of the last event applied; clients use it for optimistic concurrency. */
  version: number;
  summary: string;
  location: IncidentLocation;
  caller: Caller;
  person: PersonInCrisis;
  safetyFlags: string[];
  triage: Triage | null;
  disposition: Disposition | null;
  /** Where a reopened incident returns to: the status it was closed or cancelled from. */
  statusBeforeEnd: IncidentStatus | null;
  receivedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}
