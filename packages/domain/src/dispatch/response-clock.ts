import type { IncidentState } from '../incident/types.ts';
import { isActive, type Assignment, type ResponseClock } from './assignment-types.ts';

/** The intervals of a response in seconds; null until both ends are reached. */
export interface ResponseIntervals {
  /** Call received → level determined. */
  toTriage: number | null;
  /** Determined → first unit dispatched. */
  toDispatch: number | null;
  /** Dispatched → first unit acknowledged. */
  toAcknowledge: number | null;
  /** Acknowledged → first unit en route. */
  toEnRoute: number | null;
  /** En route → first unit on scene. */
  travel: number | null;
  /** Call received → first unit on scene: what the regional maximum is measured against. */
  response: number | null;
  /** First on scene → cleared. */
  onScene: number | null;
  /** Call received → cleared. */
  total: number | null;
}

const between = (from: string | null, to: string | null): number | null =>
  from && to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : null;

/** Computes the intervals of a response clock (issue 5 §4). */
export function responseIntervals(c: ResponseClock): ResponseIntervals {
  return {
    toTriage: between(c.receivedAt, c.triagedAt),
    toDispatch: between(c.triagedAt, c.dispatchedAt),
    toAcknowledge: between(c.dispatchedAt, c.acknowledgedAt),
    toEnRoute: between(c.acknowledgedAt, c.enRouteAt),
    travel: between(c.enRouteAt, c.onSceneAt),
    response: between(c.receivedAt, c.onSceneAt),
    onScene: between(c.onSceneAt, c.clearedAt),
    total: between(c.receivedAt, c.clearedAt),
  };
}

/** The dispatcher's timers, from the server configuration. */
export interface DispatchTimers {
  /** A unit that has not acknowledged within this many seconds of dispatch alerts the dispatcher. */
  acknowledgeWithinSeconds: number;
  /** An on-scene crew checks in at least this often; past it, the dispatcher is alerted. */
  checkInEveryMinutes: number;
  /** Flag an incident once this share of its maximum response time has gone with nobody on scene. */
  nearingMaximumShare: number;
  /** The regional maximum response time when the plan sets none. */
  regionalMaxMinutes: number;
}

export const DEFAULT_DISPATCH_TIMERS: DispatchTimers = { acknowledgeWithinSeconds: 90, checkInEveryMinutes: 15, nearingMaximumShare: 0.75, regionalMaxMinutes: 60 };

/** What the alerts read of an incident: the console passes its API view, the server its projection. */
export interface AlertInput {
  status: IncidentState['status'];
  triage: IncidentState['triage'];
  /** A call routed to the CARES line runs on the statewide youth maximum (2 hours). */
  caresMaxResponseMinutes?: number;
  /** The person's age: under 21, the plan's youth maximum applies. */
  person?: Pick<IncidentState['person'], 'age'>;
  response: {
    clock: ResponseClock;
    assignments: readonly (Pick<Assignment, 'unitId' | 'unitName' | 'stage' | 'assignedAt' | 'lastCheckInAt'> & { panic: { at: string; resolvedAt: string | null } | null })[];
  };
}

/** What the board flags, most urgent first: a crew in danger before a clock running out. */
export const ALERT_CODES = ['panic', 'check_in_overdue', 'beyond_maximum', 'unacknowledged', 'nearing_maximum'] as const;
export type AlertCode = (typeof ALERT_CODES)[number];

export interface DispatchAlert {
  code: AlertCode;
  unitId: string | null;
  /** When the condition began (ISO), so the board can count up from it. */
  since: string;
  message: string;
}

/** Which maximum a call's countdown runs on: the plan's, its youth figure, CARES's, the region's, or none (level 4). */
export const MAXIMUM_BASES = ['plan', 'youth', 'cares_youth', 'region', 'none'] as const;
export type MaximumBasis = (typeof MAXIMUM_BASES)[number];

/** Under 21: the age the youth mobile crisis response (and the CARES line) serves (DOMAIN.md §7). */
export const YOUTH_UNDER_AGE = 21;

type MaximumInput = Pick<IncidentState, 'triage' | 'caresMaxResponseMinutes'> & { person?: Pick<IncidentState['person'], 'age'> };

/**
 * The maximum response time of an incident and where it comes from (issue 12 §7): the CARES
 * line's when routed there; none for a level 4 plan recorded without one (a normal 911 response,
 * as intake says); the plan's youth figure for a person under 21 when the plan has one (the
 * protocol's per-type maximum, recorded on the incident at the determination); else the plan's
 * default; else the region's.
 */
export function responseMaximumOf(s: MaximumInput, timers: Pick<DispatchTimers, 'regionalMaxMinutes'>): { minutes: number | null; basis: MaximumBasis } {
  if (s.caresMaxResponseMinutes !== undefined) return { minutes: s.caresMaxResponseMinutes, basis: 'cares_youth' };
  const recommended = s.triage?.recommended;
  if (s.triage?.level === 4 && recommended && recommended.maxResponseMinutes === null) return { minutes: null, basis: 'none' };
  const age = s.person?.age;
  const youth = recommended?.youthMaxResponseMinutes;
  if (age !== undefined && age < YOUTH_UNDER_AGE && youth !== undefined && youth !== null) return { minutes: youth, basis: 'youth' };
  if (recommended?.maxResponseMinutes !== undefined && recommended.maxResponseMinutes !== null) return { minutes: recommended.maxResponseMinutes, basis: 'plan' };
  return { minutes: timers.regionalMaxMinutes, basis: 'region' };
}

/** The maximum response time of an incident, in minutes (null: no crisis-team maximum). */
export const maximumMinutesOf = (s: MaximumInput, timers: Pick<DispatchTimers, 'regionalMaxMinutes'>): number | null => responseMaximumOf(s, timers).minutes;

/** Minutes left before the maximum response time, counted from the call; null once someone is on scene, or with no maximum. */
export function minutesLeft(s: Pick<AlertInput, 'triage' | 'response' | 'caresMaxResponseMinutes' | 'person'>, now: Date, timers: Pick<DispatchTimers, 'regionalMaxMinutes'>): number | null {
  const max = maximumMinutesOf(s, timers);
  if (s.response.clock.onSceneAt || max === null) return null;
  const elapsed = (now.getTime() - Date.parse(s.response.clock.receivedAt)) / 60_000;
  return Math.round((max - elapsed) * 10) / 10;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The alerts an incident raises now (issue 5 §4-5): an open panic; an on-scene crew past its
 * check-in; the maximum response time passed or nearing with nobody on scene; a unit that has not
 * acknowledged in time. Pure: the board recomputes it every second from the same data.
 */
export function dispatchAlerts(s: AlertInput, now: Date, timers: DispatchTimers): DispatchAlert[] {
  const alerts: DispatchAlert[] = [];
  const t = now.getTime();
  for (const a of s.response.assignments.filter(isActive)) {
    if (a.panic && !a.panic.resolvedAt) alerts.push({ code: 'panic', unitId: a.unitId, since: a.panic.at, message: `PANIC: ${a.unitName} needs help now` });
    if (a.stage === 'on_scene' && a.lastCheckInAt) {
      const due = Date.parse(a.lastCheckInAt) + timers.checkInEveryMinutes * 60_000;
      if (t > due) alerts.push({ code: 'check_in_overdue', unitId: a.unitId, since: iso(due), message: `${a.unitName} has not checked in for ${Math.floor((t - Date.parse(a.lastCheckInAt)) / 60_000)} min` });
    }
    if (a.stage === 'assigned') {
      const due = Date.parse(a.assignedAt) + timers.acknowledgeWithinSeconds * 1000;
      if (t > due) alerts.push({ code: 'unacknowledged', unitId: a.unitId, since: iso(due), message: `${a.unitName} has not acknowledged after ${Math.floor((t - Date.parse(a.assignedAt)) / 1000)} s` });
    }
  }
  const left = s.status === 'closed' || s.status === 'cancelled' ? null : minutesLeft(s, now, timers);
  const max = maximumMinutesOf(s, timers);
  if (left !== null && max !== null) {
    const received = Date.parse(s.response.clock.receivedAt);
    if (left < 0) {
      alerts.push({ code: 'beyond_maximum', unitId: null, since: iso(received + max * 60_000), message: `Nobody on scene ${Math.ceil(-left)} min past the ${max}-minute maximum` });
    } else if (left <= max * (1 - timers.nearingMaximumShare)) {
      alerts.push({ code: 'nearing_maximum', unitId: null, since: iso(received + max * timers.nearingMaximumShare * 60_000), message: `${Math.floor(left)} min left of the ${max}-minute maximum` });
    }
  }
  return alerts.sort((x, y) => ALERT_CODES.indexOf(x.code) - ALERT_CODES.indexOf(y.code));
}

/**
 * Orders the dispatch queue: open panics first, then the higher risk level, then the least time
 * left to the maximum; incidents with someone on scene after those still waiting.
 */
export function compareUrgency(a: QueueKey, b: QueueKey): number {
  return (
    Number(b.panic) - Number(a.panic) ||
    (b.level ?? 0) - (a.level ?? 0) ||
    (a.minutesLeft ?? Infinity) - (b.minutesLeft ?? Infinity) ||
    a.receivedAt.localeCompare(b.receivedAt)
  );
}

/** What the queue is ordered by. */
export interface QueueKey {
  panic: boolean;
  level: number | null;
  minutesLeft: number | null;
  receivedAt: string;
}
