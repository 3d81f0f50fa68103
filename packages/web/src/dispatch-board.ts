import { dispatchAlerts, type DispatchAlert, type UnitStatus } from '@continuum/domain';
import type { DispatchQueue, DispatchTimersView } from '@continuum/contracts';
import { isApiError } from '@continuum/sdk';

/*
 * The dispatch board's arithmetic, kept out of the components so it is tested on its own: the
 * countdown to the regional maximum, the alerts recomputed each second with the same pure rule
 * the server judges by, the number keys, and reading a plan refusal out of a 422.
 */

export type QueueItem = DispatchQueue['items'][number];

/** Seconds left before the incident's maximum response time; negative once past; null once someone is on scene. */
export function secondsLeft(item: QueueItem, now: Date): number | null {
  const { clock, maxResponseMinutes } = item.response;
  if (clock.onSceneAt || maxResponseMinutes === null) return null;
  return Math.floor((Date.parse(clock.receivedAt) + maxResponseMinutes * 60_000 - now.getTime()) / 1000);
}

const two = (n: number) => String(n).padStart(2, '0');

/** "12:04 left", "1:02:03 left", "3:10 over": a clock a dispatcher reads at a glance. */
export function formatCountdown(seconds: number): string {
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const clock = h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
  return `${clock} ${seconds < 0 ? 'over' : 'left'}`;
}

/**
 * The incident's alerts at `now`, by the domain's own rule: the server's list is only as fresh as
 * the last fetch, and "not acknowledged after 90 s" must appear at 90 s, not at the next change.
 * The server has already resolved the maximum (plan or region), so it goes in as the timers'.
 */
export function liveAlerts(item: QueueItem, timers: DispatchTimersView, now: Date): DispatchAlert[] {
  const r = item.response;
  const assignments = r.assignments.map((a) => ({
    ...a,
    // Alerts never read the justification; the view's `breaks` is a plain string.
    justification: null,
    panic: a.panic && { at: a.panic.at, resolvedAt: a.panic.resolvedAt, position: a.panic.position ?? null },
  }));
  const state = { status: item.incident.status, triage: null, response: { clock: r.clock, assignments, hazards: [], notes: [] } };
  // Level 4 has no crisis-team maximum (issue 12 §7): no clock alert, the crews' alerts still count.
  const alerts = dispatchAlerts(state, now, { ...timers, regionalMaxMinutes: r.maxResponseMinutes ?? 0 });
  return r.maxResponseMinutes === null ? alerts.filter((a) => a.code !== 'beyond_maximum' && a.code !== 'nearing_maximum') : alerts;
}

/** Whether the incident is waiting for its first unit: the board recommends only for these. */
export const awaitsDispatch = (item: QueueItem): boolean => item.incident.status === 'awaiting_dispatch';

/** The units picked after pressing number `key` (1-5) against the ranked list: toggles that unit. */
export function togglePick(picked: readonly string[], ranked: readonly { unitId: string }[], key: number): string[] {
  const unit = ranked[key - 1];
  if (!unit) return [...picked];
  return picked.includes(unit.unitId) ? picked.filter((id) => id !== unit.unitId) : [...picked, unit.unitId];
}

/**
 * The plan breaks the server named, or null for any other error. A unit outside the plan is
 * refused with one issue per break, each on the field `justification` with the break as its
 * rule; the server words it as a validation failure (400), a 422 is read the same way.
 */
export function planRefusal(error: unknown): { rules: string[]; messages: string[] } | null {
  if (!isApiError(error) || (error.status !== 400 && error.status !== 422)) return null;
  const issues = error.issues.filter((i) => i.field === 'justification');
  if (issues.length === 0) return null;
  return { rules: issues.map((i) => i.rule), messages: issues.map((i) => i.message) };
}

/**
 * Whether the server declined to rank units because the caller's place is not known yet (issue
 * 11 §2): a 988 contact may start with "location unknown". That is a state of the call to wait
 * out or resolve with a pin, not a failure, so the board shows it calmly; any other refusal stays
 * an error.
 */
export function awaitsLocation(error: unknown): boolean {
  if (!isApiError(error) || (error.status !== 400 && error.status !== 422)) return false;
  return error.issues.some((i) => i.field === 'location' && i.rule === 'location_unknown');
}

/** Whether a refusal needs a CESSA §30 ground: police sent on a plan without police. */
export const needsCessa30 = (refusal: { rules: readonly string[] }): boolean => refusal.rules.includes('police_not_in_plan');

/** Whether a unit belongs on the board: off duty units are hidden (where they are is nobody's business). */
export const onBoard = (u: { status: UnitStatus }): boolean => u.status !== 'off_duty';

/** Moves the selection one step through the queue (`j` forward, `k` back), starting at the top. */
export function stepSelection(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return step === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))]!;
}

/** "42 s", "6 min", "2 h": how old a unit's position is. */
export function formatPositionAge(seconds: number | null): string {
  if (seconds === null) return 'no position';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}
