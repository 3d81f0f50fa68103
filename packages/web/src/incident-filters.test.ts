import { describe, expect, it } from 'vitest';
import { filtersPath, NO_FILTERS, queryOf, readFilters } from './incident-filters.ts';
import { formatDateTime, formatWhen, startOfRegionDay } from './datetime.ts';

describe('incident list filters in the address', () => {
  it('round-trips through the hash path, leaving out what is unset', () => {
    const f = { ...NO_FILTERS, q: '217 555', show: 'open' as const, from: '2026-12-01', level: '3' };
    expect(filtersPath(f)).toBe('/incidents?q=217+555&show=open&from=2026-12-01&level=3');
    expect(readFilters(filtersPath(f))).toEqual(f);
    expect(filtersPath(NO_FILTERS)).toBe('/incidents');
  });

  it('drops values it cannot read', () => {
    expect(readFilters('/incidents?from=yesterday&level=9&show=x&unit=A B')).toEqual(NO_FILTERS);
  });

  it('asks for whole region days, the last one included', () => {
    const q = queryOf({ ...NO_FILTERS, from: '2026-12-04', to: '2026-12-04' });
    // Chicago is UTC-6 in December.
    expect(q.from).toBe('2026-12-04T06:00:00.000Z');
    expect(q.to).toBe('2026-12-05T06:00:00.000Z');
    expect(queryOf({ ...NO_FILTERS, q: 'x' }).q).toBeUndefined();
  });
});

describe('the one date and time format', () => {
  it('writes times in the region’s zone, 24-hour, day before month', () => {
    expect(formatDateTime('2026-12-05T20:05:00Z')).toBe('5 Dec 2026 14:05');
    expect(formatWhen('2026-12-05T20:05:00Z', new Date('2026-12-05T23:00:00Z'))).toBe('14:05');
    // 03:00 UTC on the 6th is still the 5th in Chicago.
    expect(formatWhen('2026-12-06T03:00:00Z', new Date('2026-12-05T23:00:00Z'))).toBe('21:00');
    expect(startOfRegionDay('2026-07-01').toISOString()).toBe('2026-07-01T05:00:00.000Z');
  });
});
