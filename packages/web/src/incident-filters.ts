import type { ListIncidentsQuery } from '@continuum/sdk';
import type { IncidentStatus } from '@continuum/domain';
import { startOfRegionDay } from './datetime.ts';

/**
 * The incident list's search and filters, kept in the page's address (`#/incidents?q=…`) so Back
 * from an incident returns to the same list and a search can be shared with a colleague.
 */
export interface IncidentFilters {
  q: string;
  show: 'all' | 'open' | 'ended';
  /** Region-local days, `2026-12-05`; `to` is included. */
  from: string;
  to: string;
  level: string;
  disposition: string;
  unit: string;
}

export const NO_FILTERS: IncidentFilters = { q: '', show: 'all', from: '', to: '', level: '', disposition: '', unit: '' };

export const ENDED: IncidentStatus[] = ['closed', 'cancelled'];
export const OPEN: IncidentStatus[] = [
  'received', 'triaged', 'transferred_to_988', 'escalated_to_911', 'routed_to_cares', 'awaiting_dispatch', 'dispatched', 'en_route',
  'on_scene', 'transporting',
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters from a hash path's query string; anything unreadable is left out. */
export function readFilters(path: string): IncidentFilters {
  const params = new URLSearchParams(path.split('?')[1] ?? '');
  const get = (k: string) => params.get(k) ?? '';
  const show = get('show');
  return {
    q: get('q'),
    show: show === 'open' || show === 'ended' ? show : 'all',
    from: DAY.test(get('from')) ? get('from') : '',
    to: DAY.test(get('to')) ? get('to') : '',
    level: /^[1-4]$/.test(get('level')) ? get('level') : '',
    disposition: /^[a-z_0-9]+$/.test(get('disposition')) ? get('disposition') : '',
    unit: /^[a-z0-9-]+$/.test(get('unit')) ? get('unit') : '',
  };
}

/** The list's path for these filters: only what differs from none. */
export function filtersPath(f: IncidentFilters): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v && v !== (NO_FILTERS as unknown as Record<string, string>)[k]) params.set(k, v);
  const qs = params.toString();
  return qs ? `/incidents?${qs}` : '/incidents';
}

export const hasFilters = (f: IncidentFilters): boolean => filtersPath(f) !== '/incidents';

/** What the list asks the server for these filters (days in the region's calendar). */
export function queryOf(f: IncidentFilters): Omit<ListIncidentsQuery, 'signal'> {
  const nextDay = (d: string) => {
    const start = startOfRegionDay(d);
    // Noon of the day after, read back as a region day, avoids DST's 23- and 25-hour days.
    const after = new Date(start.getTime() + 36 * 3_600_000).toISOString().slice(0, 10);
    return startOfRegionDay(after).toISOString();
  };
  const q = f.q.trim();
  return {
    limit: 50,
    ...(f.show === 'open' ? { status: OPEN } : f.show === 'ended' ? { status: ENDED } : {}),
    ...(q.length >= 2 ? { q } : {}),
    ...(f.from ? { from: startOfRegionDay(f.from).toISOString() } : {}),
    ...(f.to ? { to: nextDay(f.to) } : {}),
    ...(f.level ? { levels: [Number(f.level)] } : {}),
    ...(f.disposition ? { dispositions: [f.disposition] } : {}),
    ...(f.unit ? { unitId: f.unit } : {}),
  };
}
