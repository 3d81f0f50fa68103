import { describe, expect, it } from 'vitest';
import { abilities, type Role } from '@continuum/domain';
import { areasFor, homeArea } from './areas.ts';

const areasOf = (role: Role) => areasFor(abilities({ role, scopes: null }), role);
const landing = (role: Role) => homeArea(areasOf(role), role)?.id;

describe('where each role lands', () => {
  it.each<[Role, string]>([
    ['telecommunicator', 'intake'],
    ['crisis_counsellor', 'intake'],
    ['crisis_dispatcher', 'dispatch'],
    ['supervisor', 'dispatch'],
    ['mcrt_clinician', 'field'],
    ['engagement_specialist', 'field'],
    ['police_officer', 'field'],
    ['ems_crew', 'field'],
    ['privacy_officer', 'privacy'],
    ['auditor', 'audit'],
    ['facility_intake', 'facilities'],
    ['case_manager', 'follow-up'],
    ['administrator', 'admin'],
    ['rac_analyst', 'reports'],
  ])('%s lands on %s', (role, area) => {
    expect(landing(role)).toBe(area);
  });

  it('desk roles get no field view (PANIC, off duty), though they may move units from the board', () => {
    for (const role of ['crisis_dispatcher', 'supervisor'] as const) expect(areasOf(role).map((a) => a.id)).not.toContain('field');
    expect(areasOf('ems_crew').map((a) => a.id)).toContain('field');
  });

  it('everyone signed in may open the facility directory', () => {
    for (const role of ['rac_analyst', 'police_officer', 'facility_intake'] as const) expect(areasFor(abilities({ role, scopes: null })).map((a) => a.id)).toContain('facilities');
  });
});
