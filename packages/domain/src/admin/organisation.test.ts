import { describe, expect, it } from 'vitest';
import { emptyMaxima, isTimeZone, regionMaximumFor, regionSettingsIssues } from './organisation.ts';

describe("a region's settings", () => {
  it('knows IANA time zones', () => {
    expect(isTimeZone('America/Chicago')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('CST')).toBe(false);
  });

  it('takes the emergency type row before the level row before the default', () => {
    const m = { default: 60, byLevel: { '4': 30 }, byEmergencyType: { youth: 45 } };
    expect(regionMaximumFor(m, 4, 'youth')).toBe(45);
    expect(regionMaximumFor(m, 4, 'other')).toBe(30);
    expect(regionMaximumFor(m, 2, null)).toBe(60);
    expect(regionMaximumFor(emptyMaxima(), 2, null)).toBeNull();
  });

  it('names each bad maximum by its field and rule', () => {
    const issues = regionSettingsIssues({ timeZone: 'Nowhere', maxResponseMinutes: { default: 2, byLevel: { '7': 30, '3': 2000 } as never, byEmergencyType: { 'Bad Type': 30, youth: 30.5 } } });
    expect(issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
      'timeZone:time_zone',
      'maxResponseMinutes.default:minutes_range',
      'maxResponseMinutes.byLevel.3:minutes_range',
      'maxResponseMinutes.byLevel.7:risk_level',
      'maxResponseMinutes.byEmergencyType.Bad Type:emergency_type',
      'maxResponseMinutes.byEmergencyType.youth:minutes_range',
    ]);
    expect(regionSettingsIssues({ timeZone: 'America/Chicago', maxResponseMinutes: { default: 60, byLevel: { '4': 30 }, byEmergencyType: { youth: 45 } } })).toEqual([]);
  });
});
