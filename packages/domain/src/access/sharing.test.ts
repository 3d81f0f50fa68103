import { describe, expect, it } from 'vitest';
import type { Role } from './roles.ts';
import { agenciesInReach, reachOf, type SharingAgreement } from './sharing.ts';

const now = new Date('2026-11-22T12:00:00Z');
const day = 86_400_000;
const buildAgreement = (o: Partial<SharingAgreement> = {}): SharingAgreement => ({
  id: 'ag-1',
  name: 'County crisis response',
  agencyIds: ['psap', 'mcrt', 'sheriff'],
  purposes: ['crisis_response'],
  fieldClasses: ['operational', 'location_safety', 'identity', 'demographics', 'clinical'],
  startsAt: new Date(now.getTime() - day),
  endsAt: null,
  endedAt: null,
  ...o,
});
const who = (role: Role, agencyId: string) => ({ role, agencyId, userId: `u-${role}` });
const record = { id: 'inc-1', agencyId: 'psap' };

describe('reachOf', () => {
  it.each([
    ['own agency: the role\'s classes', who('telecommunicator', 'psap'), [buildAgreement()], 'own_agency', ['operational', 'location_safety', 'identity', 'demographics', 'clinical']],
    ['a partner under an agreement', who('crisis_dispatcher', 'mcrt'), [buildAgreement()], 'agreement', ['operational', 'location_safety', 'identity', 'demographics', 'clinical']],
    ['police under an agreement still see only safety facts', who('police_officer', 'sheriff'), [buildAgreement()], 'agreement', ['operational', 'location_safety']],
    ['an agreement narrows the classes', who('crisis_dispatcher', 'mcrt'), [buildAgreement({ fieldClasses: ['operational', 'location_safety'] })], 'agreement', ['operational', 'location_safety']],
  ] as const)('%s', (_name, principal, agreements, via, classes) => {
    const reach = reachOf(principal, record, agreements, now);
    expect(reach?.via).toBe(via);
    expect(reach?.classes).toEqual(classes);
  });

  it.each([
    ['no agreement', [] as SharingAgreement[]],
    ['an agreement that does not name the reader\'s agency', [buildAgreement({ agencyIds: ['psap', 'ems'] })]],
    ['an agreement for another purpose', [buildAgreement({ purposes: ['follow_up'] })]],
    ['an agreement not yet started', [buildAgreement({ startsAt: new Date(now.getTime() + day) })]],
    ['an agreement past its end date', [buildAgreement({ endsAt: new Date(now.getTime() - 1000) })]],
    ['an agreement ended early', [buildAgreement({ endedAt: new Date(now.getTime() - 1000) })]],
  ])('no reach with %s', (_name, agreements) => {
    expect(reachOf(who('crisis_dispatcher', 'mcrt'), record, agreements, now)).toBeNull();
  });

  it('roles that read no individual record never reach one, even in their own agency', () => {
    expect(reachOf(who('rac_analyst', 'psap'), record, [buildAgreement()], now)).toBeNull();
    expect(reachOf(who('auditor', 'psap'), record, [buildAgreement()], now)).toBeNull();
  });

  it('a break-glass grant opens one record for its holder until it expires', () => {
    const grant = { userId: 'u-supervisor', recordId: 'inc-1', expiresAt: new Date(now.getTime() + 3_600_000) };
    const sup = who('supervisor', 'far-agency');
    expect(reachOf(sup, record, [], now, [grant])?.via).toBe('break_glass');
    expect(reachOf(sup, { ...record, id: 'inc-2' }, [], now, [grant])).toBeNull();
    expect(reachOf(sup, record, [], new Date(now.getTime() + 7_200_000), [grant])).toBeNull();
    expect(reachOf({ ...who('supervisor', 'other'), userId: 'u-another' }, record, [], now, [grant])).toBeNull();
  });

  it('lists the agencies in reach for the reader\'s purpose', () => {
    expect(agenciesInReach(who('crisis_dispatcher', 'mcrt'), [buildAgreement()], now).sort()).toEqual(['mcrt', 'psap', 'sheriff']);
    expect(agenciesInReach(who('case_manager', 'mcrt'), [buildAgreement()], now)).toEqual(['mcrt']);
    expect(agenciesInReach(who('rac_analyst', 'mcrt'), [buildAgreement()], now)).toEqual([]);
  });
});
