import type { FieldIssue } from '../errors.ts';

/** The largest figure a facility may report: a sanity bound, well above any one site's beds. */
export const MAX_CAPACITY = 10_000;

/** A facility's last reported figure: free beds or chairs, of how many, and when it was said. */
export interface CapacityFigure {
  available: number;
  total: number | null;
  reportedAt: Date | null;
}

/** What is left for the next person once the arrivals already on their way are counted. */
export interface AvailableNow {
  /** Reported available minus pending arrivals, never below zero. */
  availableNow: number;
  /** Announced arrivals the facility has not yet confirmed or cancelled. */
  pending: number;
  /** More people are on their way than the facility said it had room for. */
  overCommitted: boolean;
  /** How many more are on their way than there is room for (0 unless over-committed). */
  shortBy: number;
}

/**
 * The figure a responding team should plan with: the facility's reported availability less the
 * arrivals other teams have announced and the facility has not confirmed (ADR 0012).
 */
export function availableNow(capacity: Pick<CapacityFigure, 'available'>, pendingArrivals: number): AvailableNow {
  const pending = Math.max(0, Math.trunc(pendingArrivals));
  const left = capacity.available - pending;
  return { availableNow: Math.max(0, left), pending, overCommitted: left < 0, shortBy: Math.max(0, -left) };
}

/** Arrival statuses: announced by a team, then confirmed or cancelled by the facility. */
export const ARRIVAL_STATUSES = ['announced', 'confirmed', 'cancelled'] as const;
export type ArrivalStatus = (typeof ARRIVAL_STATUSES)[number];

/** How long an announced arrival holds a place unless the facility settles it sooner (ADR 0012). */
export const DEFAULT_ARRIVAL_HOLD_MINUTES = 240;

/**
 * Whether an announced arrival still holds a place: one announced longer ago than the hold has
 * most likely gone elsewhere or arrived unrecorded, and left counting it would show a facility
 * full that is not, sending people to an emergency department instead. It stays listed, marked
 * overdue, for the staff to confirm or cancel.
 */
export const holdsPlace = (a: { status: ArrivalStatus; announcedAt: Date }, now: Date, holdMinutes: number): boolean =>
  a.status === 'announced' && now.getTime() - a.announcedAt.getTime() <= holdMinutes * 60_000;

/** How many arrivals still count against the figure: those announced and not yet settled. */
export const pendingCount = (arrivals: readonly { status: ArrivalStatus }[]): number => arrivals.filter((a) => a.status === 'announced').length;

/** Seconds since the figure was reported (0 for a clock a little behind); null if never reported. */
export function capacityAge(reportedAt: Date | null, now: Date): number | null {
  if (!reportedAt) return null;
  return Math.max(0, Math.floor((now.getTime() - reportedAt.getTime()) / 1000));
}

/** Whether a figure is too old to trust without a phone call; one never reported is stale (named apart from the positions' isStale). */
export function isCapacityStale(reportedAt: Date | null, now: Date, staleAfterMinutes: number): boolean {
  const age = capacityAge(reportedAt, now);
  return age === null || age > staleAfterMinutes * 60;
}

/** A figure as staff enter it; a missing total keeps the one on record. */
export interface CapacityUpdate {
  available: number;
  total?: number | null;
}

const countIssues = (value: number, field: string): FieldIssue[] => {
  if (!Number.isFinite(value) || !Number.isInteger(value)) return [{ field, rule: 'integer', message: 'must be a whole number' }];
  if (value < 0) return [{ field, rule: 'min', message: 'must be 0 or more' }];
  if (value > MAX_CAPACITY) return [{ field, rule: 'max', message: `must be at most ${MAX_CAPACITY}` }];
  return [];
};

/** What is wrong with a capacity update, by field and rule: whole numbers, ≥ 0, available ≤ total. */
export function capacityUpdateIssues(update: CapacityUpdate, current: Pick<CapacityFigure, 'total'>): FieldIssue[] {
  const issues = [...countIssues(update.available, 'available')];
  if (update.total !== undefined && update.total !== null) issues.push(...countIssues(update.total, 'total'));
  const total = update.total === undefined ? current.total : update.total;
  if (issues.length === 0 && total !== null && update.available > total) {
    issues.push({ field: 'available', rule: 'max_total', message: `must not exceed the total of ${total}` });
  }
  return issues;
}
