import type { IncidentResponse } from '../dispatch/assignment-types.ts';
import type { CrisisTeamUnavailability, GroundOverride } from './grounds.ts';
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
  /**
   * Whether the person has a disability, as they or the caller said at intake (issue 14 §2: the
   * RAC report's equity tables). `unknown`: asked, not known; absent: not asked.
   */
  disability?: Disability;
}

export const DISABILITY_ANSWERS = ['yes', 'no', 'unknown'] as const;
export type Disability = (typeof DISABILITY_ANSWERS)[number];

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
  /** The counted factors that establish each §30 ground, so a ground can be checked against them. */
  groundFactors?: Record<string, string[]>;
  /** True when a question the caller could not answer could have raised the level (issue 12 §1). */
  provisional?: boolean;
  /** The questions the caller could not answer. */
  unknowns?: string[];
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
  /** A supervisor's written reason for a §30 ground the call's facts do not support (grounds.ts). */
  groundOverride?: GroundOverride | null;
}

/** The interview so far: recorded answer by answer, under one protocol version. */
export interface TriageInterview {
  protocolVersion: string;
  answers: { questionId: string; answerKey: string; answerKeys?: string[] }[];
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
  /** Safety flags the call-taker marked as a threat or a medical concern: they count as factors (issue 12 §2). */
  markedFlags?: { flag: string; as: 'threat' | 'medical_concern' }[];
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
  /** 988's report that no crisis team can meet the regional maximum: the third §30 ground's fact. */
  crisisTeamUnavailability?: CrisisTeamUnavailability | null;
  /** How many §30 grounds a supervisor let stand without their fact on this call (counted for the RAC). */
  groundOverrides?: number;
  /** Where a reopened incident returns to: the status it was closed or cancelled from. */
  statusBeforeEnd: IncidentStatus | null;
  receivedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** Written by the simulator's history writer, never taken from a caller (issue 13 §5, ADR 0037). */
  simulated?: true;
  /** The call's number (`26-000123`, number.ts): given by the store at creation, in no event. */
  number?: string;
}
