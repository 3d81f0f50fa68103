import { describe, expect, it } from 'vitest';
import { INCIDENT_ACTIONS } from '../incident/transitions.ts';
import { READABLE_CLASSES } from './field-classes.ts';
import { ACTION_PERMISSION, PERMISSIONS, ROLE_PERMISSIONS, abilities, can } from './policy.ts';
import { ROLES } from './roles.ts';

describe('access policy', () => {
  it('police and EMS never read clinical, identity or Part 2 fields', () => {
    for (const role of ['police_officer', 'ems_crew'] as const) {
      expect(READABLE_CLASSES[role]).not.toContain('clinical');
      expect(READABLE_CLASSES[role]).not.toContain('identity');
      expect(READABLE_CLASSES[role]).not.toContain('substance_use_part2');
      expect(READABLE_CLASSES[role]).toContain('location_safety');
    }
  });

  it('no role reads Part 2 data by role alone: that takes a recorded consent', () => {
    for (const role of ROLES) expect(READABLE_CLASSES[role]).not.toContain('substance_use_part2');
  });

  it('analysts, auditors and privacy officers read no individual record', () => {
    for (const role of ['rac_analyst', 'auditor', 'privacy_officer'] as const) {
      expect(can({ role, scopes: null }, 'incident.read')).toBe(false);
      expect(READABLE_CLASSES[role]).toEqual([]);
    }
  });

  it('every incident action maps to a permission that some role holds', () => {
    for (const action of INCIDENT_ACTIONS) expect(ROLE_PERMISSIONS[ACTION_PERMISSION[action]].length).toBeGreaterThan(0);
  });

  it('token scopes narrow a role and never widen it', () => {
    expect(can({ role: 'telecommunicator', scopes: ['incident.read'] }, 'incident.create')).toBe(false);
    expect(can({ role: 'telecommunicator', scopes: ['incident.read'] }, 'incident.read')).toBe(true);
    expect(can({ role: 'telecommunicator', scopes: ['incident.dispatch'] }, 'incident.dispatch')).toBe(false);
    expect(abilities({ role: 'administrator', scopes: null })).toEqual(PERMISSIONS.filter((p) => ROLE_PERMISSIONS[p].includes('administrator')));
  });

});
