import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { checkDisposition, type DispositionInput } from './disposition-detail.ts';
import type { Disposition } from './disposition.ts';

const issuesOf = (outcome: Disposition, input: DispositionInput) => {
  try {
    checkDisposition(outcome, input);
  } catch (e) {
    if (e instanceof DomainError) return e.issues.map((i) => `${i.field}:${i.rule}`);
    throw e;
  }
  return [];
};

describe('checkDisposition', () => {
  it('records a transport to a facility by the crisis team, with everything else defaulted', () => {
    expect(checkDisposition('transported', { transport: { by: 'crisis_team', destination: 'facility', facilityId: 'living-room' }, deflectionPathway: 'community_response' })).toEqual({
      transport: { by: 'crisis_team', destination: 'facility', facilityId: 'living-room', place: null },
      referredTo: [], involuntaryPetition: null, arrest: false, useOfForce: false,
      injuries: { person: false, responder: false, other: false }, deflectionPathway: 'community_response', diversion: null, note: null,
    });
  });

  it.each<[string, Disposition, DispositionInput, string[]]>([
    ['a transport without saying how', 'transported', {}, ['details.transport:required']],
    ['a facility without its id', 'transported', { transport: { by: 'police', destination: 'facility' } }, ['details.transport.facilityId:required']],
    ['a chosen place without its name', 'transported', { transport: { by: 'family', destination: 'chosen_place', place: ' ' } }, ['details.transport.place:required']],
    ['an ED that is not a facility', 'emergency_department', { transport: { by: 'ems', destination: 'home' } }, ['details.transport.destination:facility_required']],
    ['an unknown transporter', 'transported', { transport: { by: 'taxi', destination: 'home' } }, ['details.transport.by:enum']],
    ['a petition without its initiator', 'involuntary_petition', {}, ['details.involuntaryPetition:required']],
    ['a diversion with an arrest', 'arrest', { diversion: 'health_care_referral' }, ['details.diversion:not_with_arrest']],
    ['an unknown deflection pathway', 'stabilised_on_site', { deflectionPathway: 'magic' as never }, ['details.deflectionPathway:enum']],
  ])('refuses %s, naming the field and rule', (_name, outcome, input, expected) => {
    expect(issuesOf(outcome, input)).toEqual(expected);
  });

  it('an arrest outcome is an arrest; force and injuries are kept', () => {
    const d = checkDisposition('arrest', { useOfForce: true, injuries: { responder: true } });
    expect(d).toMatchObject({ arrest: true, useOfForce: true, injuries: { person: false, responder: true, other: false } });
    expect(checkDisposition('involuntary_petition', { involuntaryPetition: { by: 'crisis_team' } }).involuntaryPetition).toEqual({ by: 'crisis_team' });
  });

  it('stabilised on site needs nothing more', () => {
    expect(checkDisposition('stabilised_on_site').transport).toBeNull();
  });
});
