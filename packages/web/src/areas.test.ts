import { describe, expect, it } from 'vitest';
import { abilities, type Role } from '@continuum/domain';
import { areasFor, homeArea } from './areas.ts';

const landing = (role: Role) => homeArea(areasFor(abilities({ role, scopes: null })))?.id;

describe('where each role lands', () => {
  it.each<[Role, string]>([
    ['telecommunicator', 'incidents'],
    ['crisis_dispatcher', 'incidents'],
    ['privacy_officer', 'privacy'],
    ['auditor', 'privacy'],
    ['facility_intake', 'facilities'],
    ['case_manager', 'incidents'],
  ])('%s lands on %s', (role, area) => {
    expect(landing(role)).toBe(area);
  });

  it('everyone signed in may open the facility directory', () => {
    for (const role of ['rac_analyst', 'police_officer', 'facility_intake'] as const) expect(areasFor(abilities({ role, scopes: null })).map((a) => a.id)).toContain('facilities');
  });
});
