import type { PlanningRunQuery, SimFigures } from '@continuum/contracts';

/** The planner's changes as the page holds them, and as the run's query sends them. */
export interface Draft {
  days: number;
  add: Array<{ shift: 'day' | 'night' | 'always'; place: string }>;
  move: Array<{ team: string; place: string }>;
  max2: string;
  max3: string;
  livingRoom: boolean;
}

export const emptyDraft = (days: number): Draft => ({ days, add: [], move: [], max2: '', max3: '', livingRoom: false });

export const SHIFT_LABELS = { day: 'Day, 08:00–20:00', night: 'Night, 20:00–08:00', always: 'Around the clock' } as const;

export function queryOf(d: Draft): Omit<PlanningRunQuery, 'format'> {
  return {
    days: d.days,
    ...(d.add.length ? { add: d.add.map((a) => `${a.shift}@${a.place}`).join(',') } : {}),
    ...(d.move.length ? { move: d.move.map((m) => `${m.team}@${m.place}`).join(',') } : {}),
    ...(d.max2 ? { max2: Number(d.max2) } : {}),
    ...(d.max3 ? { max3: Number(d.max3) } : {}),
    ...(d.livingRoom ? { livingRoom: 'always' as const } : {}),
  };
}

export const hasChanges = (d: Draft): boolean => d.add.length > 0 || d.move.length > 0 || d.max2 !== '' || d.max3 !== '' || d.livingRoom;

/** Level 2-3 calls over the region: the figures the RAC's target is written in. */
export function standing(f: SimFigures): { calls: number; inPerson: number; misses: number; withinMax: number | null; policeFallback: number | null } {
  const l = f.levels.filter((x) => x.level === 2 || x.level === 3);
  const calls = l.reduce((a, x) => a + x.calls, 0);
  const responded = l.reduce((a, x) => a + x.responded, 0);
  const within = l.reduce((a, x) => a + (x.withinMax ?? 0) * x.responded, 0);
  const police = l.reduce((a, x) => a + ((x.policeFallbackShare ?? 0) + (x.noTeamShare ?? 0)) * x.calls, 0);
  return { calls, inPerson: calls, misses: l.reduce((a, x) => a + x.misses, 0), withinMax: responded ? within / responded : null, policeFallback: calls ? police / calls : null };
}

/** Level 2-3 misses by hour of day, summed over the regions. */
export function missesByHour(f: SimFigures): number[] {
  const hours = new Array<number>(24).fill(0);
  for (const r of f.regions) r.missesByHour.forEach((m, h) => (hours[h]! += m));
  return hours;
}

/** Busy share of on-duty team time by hour of day, weighted by the teams on duty in each region. */
export function utilisationByHour(f: SimFigures): number[] {
  return Array.from({ length: 24 }, (_, h) => {
    let busy = 0, duty = 0;
    for (const r of f.regions) {
      busy += r.utilisationByHour[h]! * r.onDutyTeamsByHour[h]!;
      duty += r.onDutyTeamsByHour[h]!;
    }
    return duty > 0 ? busy / duty : 0;
  });
}

/** The hours that miss most, in either run, worst first: where the region should look. */
export function worstHours(base: SimFigures, changed: SimFigures | null, top = 6): Array<{ hour: number; base: number; changed: number | null }> {
  const b = missesByHour(base);
  const c = changed ? missesByHour(changed) : null;
  return b
    .map((m, hour) => ({ hour, base: m, changed: c ? c[hour]! : null }))
    .filter((x) => x.base > 0 || (x.changed ?? 0) > 0)
    .sort((x, y) => Math.max(y.base, y.changed ?? 0) - Math.max(x.base, x.changed ?? 0) || x.hour - y.hour)
    .slice(0, top);
}

export const hourLabel = (h: number): string => `${String(h).padStart(2, '0')}:00–${String((h + 1) % 24).padStart(2, '0')}:00`;
export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
export const minutes = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${Math.round(x)} min`);
export const count = (x: number): string => x.toLocaleString('en-US');

/** "−12" / "+3" / "no change": a difference the eye can read at once. */
export function delta(before: number, after: number): string {
  const d = after - before;
  return d === 0 ? 'no change' : `${d > 0 ? '+' : '−'}${count(Math.abs(d))}`;
}
