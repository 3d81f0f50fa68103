import { describe, expect, it } from 'vitest';
import { EIDO_INCIDENT_STATUS, EIDO_INCIDENT_TYPES, eidoTypeOf, isEidoIncidentType, isNewerEido } from './incident-types.ts';
import { INCIDENT_STATUSES } from '../incident/types.ts';

describe('EIDO incident types', () => {
  it('knows the crisis types a CAD sends, and no inherited object key', () => {
    for (const code of ['EDP', 'MNTL', 'SUICIDE', 'SUICTHRT', 'OD', 'WELFARE']) expect(isEidoIncidentType(code), code).toBe(true);
    expect(isEidoIncidentType('toString')).toBe(false);
    expect(isEidoIncidentType('FIRE')).toBe(false);
    expect(EIDO_INCIDENT_TYPES.SUICTHRT.safetyFlags).toEqual(['suicide_threat']);
  });

  it('names a type for an incident the CAD did not type', () => {
    expect(eidoTypeOf([], ['wants_to_talk'])).toBe('MNTL');
    expect(eidoTypeOf(['overdose'], [])).toBe('OD');
    expect(eidoTypeOf([], ['suicidal_ideation_with_plan'])).toBe('SUICTHRT');
    expect(eidoTypeOf(['suicide_attempt'], [])).toBe('SUICIDE');
  });

  it('has a registry status for every incident status', () => {
    expect(INCIDENT_STATUSES.length).toBeGreaterThan(0);
    for (const s of INCIDENT_STATUSES) expect(EIDO_INCIDENT_STATUS[s], s).toMatch(/^[a-zA-Z]+$/);
  });

  it('applies only a newer version', () => {
    const t = new Date('2026-01-01T10:00:00Z');
    expect(isNewerEido(null, t)).toBe(true);
    expect(isNewerEido(t, new Date(t.getTime() + 1))).toBe(true);
    expect(isNewerEido(t, t)).toBe(false);
    expect(isNewerEido(t, new Date(t.getTime() - 1))).toBe(false);
  });
});
