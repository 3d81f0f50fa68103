import type { IncidentResponse } from '../dispatch/assignment-types.ts';
import type { Disposition } from './disposition.ts';
import type { DispositionDetail } from './disposition-detail.ts';
import type { ContactChannel } from './contact.ts';

/** The ways a crisis episode reaches the system (DOMAIN.md §6, CESSA §25 "no wrong door"). */
export const ENTRY_POINTS = ['911', '988', 'direct', 'cares'] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];

export const INCIDENT_STATUSES = [
  'received',
  'triaged',
  'transferred_to_988',
  'escalated_to_911',
  'routed_to_cares',
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
  /** Empty when the caller's location is unknown (a 988 contact may have none). */
  address: string;
  /**
   * Absent: as given. `approximate`: the point is a town's centre or a pin near the place, so
   * distances and ETAs from it are estimates. `unknown`: no location at all (contact.ts).
   */
  accuracy?: 'approximate' | 'unknown';
}

export interface Caller {
  name?: string;
  callbackNumber?: string;
}

export interface PersonInCrisis {
  name?: string;
  age?: number;
  /** Youth routing: under 21 on Medicaid, or a DCFS ward, goes to the CARES line (DOMAIN.md §7). */
  medicaid?: boolean;
  dcfsWard?: boolean;
}

/** The response the protocol recommended for the determined level, as recorded. */
export interface RecommendedResponse {
  responseType: string;
  responders: string[];
  maxResponseMinutes: number | null;
  /** The plan's maximum for a youth emergency (the statewide CARES figure), when it has one. */
  youthMaxResponseMinutes?: number | null;
  policeRecommended: boolean;
  /** The CESSA §30 codes that justify police, when police are recommended. */
  justifications: string[];
}

export interface Triage {
  level: RiskLevel;
  protocolVersion: string;
  /** Every factor the answers revealed. */
  factors: string[];
  /** The factors that set the level (a diagnosis alone never does). */
  decidingFactors?: string[];
  emergent?: boolean;
  recommended?: RecommendedResponse;
  /** Set when the level came from a call-handling vendor's code rather than the interview. */
  vendorCode?: { vendor: string; code: string };
}

/** A call-taker's choice of another response than the recommended one: always with a reason code. */
export interface ResponseOverride {
  from: string;
  to: string;
  reasonCode: string;
  justification: string | null;
  note: string | null;
}

/** The interview so far: recorded answer by answer, under one protocol version. */
export interface TriageInterview {
  protocolVersion: string;
  answers: { questionId: string; answerKey: string }[];
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
  /** How the person reached the centre (contact.ts); absent on calls recorded before channels: a call. */
  channel?: ContactChannel;
  /** The person's preferred language, a BCP 47 tag; absent when not asked or English. */
  preferredLanguage?: string;
  triage: Triage | null;
  interview: TriageInterview | null;
  /** The response chosen when it differs from the recommendation; overrides are counted. */
  override: ResponseOverride | null;
  disposition: Disposition | null;
  /** How the call ended beyond its code: transport, petition, arrest, force, injuries, deflection, diversion. */
  dispositionDetail: DispositionDetail | null;
  /** Who responds: the units assigned and each one's stages, the response clock, hazards, notes. */
  response: IncidentResponse;
  /** Set when routed to the CARES line: its maximum response time (the statewide youth figure, 2 hours). */
  caresMaxResponseMinutes?: number;
  /** Where a reopened incident returns to: the status it was closed or cancelled from. */
  statusBeforeEnd: IncidentStatus | null;
  receivedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** The call's number (`26-000123`, number.ts): given by the store at creation, in no event. */
  number?: string;
}
