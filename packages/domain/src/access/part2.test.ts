import { describe, expect, it } from 'vitest';
import { withPart2, type Part2Consent } from './part2.ts';
import type { Reach } from './sharing.ts';

const now = new Date('2026-11-22T12:00:00Z');
const reach: Reach = { classes: ['operational', 'clinical'], via: 'agreement', purpose: 'crisis_response', agreementIds: [] };
const record = { id: 'inc-1', part2ProgrammeAgencyId: 'mcrt' };
const consent = (o: Partial<Part2Consent> = {}): Part2Consent => ({
  id: 'c1', recordId: 'inc-1', programmeAgencyId: 'mcrt', recipientAgencyIds: ['psap'], purposes: ['crisis_response'],
  expiresAt: new Date(now.getTime() + 86_400_000), revokedAt: null, ...o,
});
const opens = (role: Parameters<typeof withPart2>[1]['role'], agencyId: string, consents: Part2Consent[] = [], r = reach) =>
  withPart2(r, { role, agencyId }, record, consents, now).classes.includes('substance_use_part2');

describe('Part 2 access', () => {
  it('the programme\'s care team reads it; its police-facing roles never do', () => {
    expect(opens('mcrt_clinician', 'mcrt')).toBe(true);
    expect(opens('police_officer', 'mcrt', [], { ...reach, classes: ['operational', 'location_safety'] })).toBe(false);
  });

  it.each([
    ['no consent', [] as Part2Consent[], false],
    ['an active consent naming the agency and purpose', [consent()], true],
    ['a consent for another agency', [consent({ recipientAgencyIds: ['ems'] })], false],
    ['a consent for another purpose', [consent({ purposes: ['follow_up'] })], false],
    ['an expired consent', [consent({ expiresAt: new Date(now.getTime() - 1) })], false],
    ['a revoked consent', [consent({ revokedAt: new Date(now.getTime() - 1) })], false],
    ['a consent for another record', [consent({ recordId: 'inc-2' })], false],
  ])('outside the programme, %s', (_name, consents, expected) => {
    expect(opens('telecommunicator', 'psap', consents)).toBe(expected);
  });

  it('leaves a record without Part 2 data alone', () => {
    expect(withPart2(reach, { role: 'mcrt_clinician', agencyId: 'mcrt' }, { id: 'x', part2ProgrammeAgencyId: null }, [], now)).toBe(reach);
  });

  it.each([
    ['a person-level consent, for the person the incident is linked to', { personId: 'person-1' }, consent({ recordType: 'person', recordId: 'person-1' }), true],
    ['a person-level consent, the incident linked to nobody', { personId: null }, consent({ recordType: 'person', recordId: 'person-1' }), false],
    ['a person-level consent of another person', { personId: 'person-2' }, consent({ recordType: 'person', recordId: 'person-1' }), false],
    ['a person-level consent from another programme', { personId: 'person-1' }, consent({ recordType: 'person', recordId: 'person-1', programmeAgencyId: 'ccbhc' }), false],
    ['an incident consent whose id happens to equal the person id', { personId: 'inc-9' }, consent({ recordId: 'inc-9' }), false],
  ])('across episodes, %s', (_name, link, c, expected) => {
    const classes = withPart2(reach, { role: 'telecommunicator', agencyId: 'psap' }, { ...record, ...link }, [c], now).classes;
    expect(classes.includes('substance_use_part2')).toBe(expected);
  });
});
