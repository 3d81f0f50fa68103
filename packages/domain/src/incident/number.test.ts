import { describe, expect, it } from 'vitest';
import { formatIncidentNumber, numberingYear, parseIncidentNumber } from './number.ts';

describe('incident numbers', () => {
  it('formats the year and a padded sequence', () => {
    expect(formatIncidentNumber(2026, 123)).toBe('26-000123');
    expect(formatIncidentNumber(2100, 1)).toBe('00-000001');
    expect(formatIncidentNumber(2026, 1_234_567)).toBe('26-1234567');
  });

  it('numbers a call in the region’s calendar year, not UTC’s', () => {
    // 03:00 UTC on 1 January is still New Year's Eve in Chicago.
    expect(numberingYear(new Date('2027-01-01T03:00:00Z'))).toBe(2026);
    expect(numberingYear(new Date('2027-01-01T07:00:00Z'))).toBe(2027);
  });

  it('reads typed numbers with or without leading zeros, and refuses others', () => {
    expect(parseIncidentNumber('26-123')).toBe('26-000123');
    expect(parseIncidentNumber(' 26 - 000123 ')).toBe('26-000123');
    expect(parseIncidentNumber('26-0')).toBeNull();
    expect(parseIncidentNumber('2175550142')).toBeNull();
    expect(parseIncidentNumber('Main St')).toBeNull();
  });
});
