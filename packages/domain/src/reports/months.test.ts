import { describe, expect, it } from 'vitest';
import { isReportMonth, monthBounds, monthHasEnded } from './months.ts';

describe('report months', () => {
  it('accepts YYYY-MM only', () => {
    expect(isReportMonth('2026-03')).toBe(true);
    for (const bad of ['2026-3', '2026-13', '2026-00', '2026-03-01', '2026-03 ', 'March']) expect(isReportMonth(bad), bad).toBe(false);
  });

  it('bounds a month by local midnight in Central time, across the change to daylight time', () => {
    expect(monthBounds('2026-03')).toEqual({ from: new Date('2026-03-01T06:00:00Z'), to: new Date('2026-04-01T05:00:00Z') });
    expect(monthBounds('2026-11')).toEqual({ from: new Date('2026-11-01T05:00:00Z'), to: new Date('2026-12-01T06:00:00Z') });
    expect(monthBounds('2026-12')).toEqual({ from: new Date('2026-12-01T06:00:00Z'), to: new Date('2027-01-01T06:00:00Z') });
    expect(monthBounds('2026-03', 'UTC')).toEqual({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') });
  });

  it('a month has ended once local midnight of the next month has passed', () => {
    expect(monthHasEnded('2026-03', new Date('2026-04-01T04:59:59Z'))).toBe(false);
    expect(monthHasEnded('2026-03', new Date('2026-04-01T05:00:00Z'))).toBe(true);
    expect(monthHasEnded('2026-12', new Date('2026-12-15T00:00:00Z'))).toBe(false);
    expect(monthHasEnded('2027-01', new Date('2026-12-15T00:00:00Z'))).toBe(false);
  });
});

describe('the local day', () => {
  it('starts at local midnight in Central time, in winter and in summer', async () => {
    const { localDayStart } = await import('./months.ts');
    expect(localDayStart(new Date('2026-12-05T14:00:00Z'))).toEqual(new Date('2026-12-05T06:00:00Z'));
    expect(localDayStart(new Date('2026-12-05T03:00:00Z'))).toEqual(new Date('2026-12-04T06:00:00Z'));
    expect(localDayStart(new Date('2026-07-04T12:00:00Z'))).toEqual(new Date('2026-07-04T05:00:00Z'));
  });
});
