import { isStale, positionAgeSeconds } from '@continuum/domain';
import type { PushedFix, UnitList } from '@continuum/sdk';

/*
 * The board's unit positions without polling (ADR 0038): fixes pushed over the feed are folded
 * into the cached unit list, and ages are counted here on a timer, so a unit turns stale when its
 * phone stops sending rather than when a poll happens to find an old fix.
 */

type Position = NonNullable<UnitList['items'][number]['position']>;

const aged = (p: Omit<Position, 'ageSeconds' | 'stale'>, now: Date, staleAfterSeconds: number): Position => {
  const at = { at: new Date(p.at) };
  return { ...p, ageSeconds: positionAgeSeconds(at, now), stale: isStale(at, now, staleAfterSeconds) };
};

/**
 * The list with each pushed fix as its unit's position, when it is newer than the one held. A
 * fix of a unit the list does not hold (not loaded yet, out of this view) is left for the next read.
 */
export function applyFixes(list: UnitList, fixes: readonly PushedFix[], now: Date): UnitList {
  const newest = new Map<string, PushedFix>();
  for (const f of fixes) {
    const held = newest.get(f.unitId);
    if (!held || Date.parse(f.at) > Date.parse(held.at)) newest.set(f.unitId, f);
  }
  let changed = false;
  const items = list.items.map((u) => {
    const f = newest.get(u.id);
    // Off duty a unit shows no position (presentUnit): a late fix must not bring one back.
    if (!f || u.status === 'off_duty') return u;
    if (u.position && Date.parse(u.position.at) >= Date.parse(f.at)) return u;
    changed = true;
    const { unitId: _id, ...fix } = f;
    return { ...u, position: aged(fix, now, list.staleAfterSeconds) };
  });
  return changed ? { ...list, items } : list;
}

/** The list with every position's age and staleness counted again at `now`. */
export function withAges(list: UnitList, now: Date): UnitList {
  return {
    ...list,
    items: list.items.map((u) => (u.position ? { ...u, position: aged(u.position, now, list.staleAfterSeconds) } : u)),
  };
}
