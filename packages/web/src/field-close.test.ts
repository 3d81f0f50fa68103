import { ApiError } from '@continuum/sdk';
import { describe, expect, it } from 'vitest';
import { checkDraft, closeBody, draftFromAssignments, summaryOf, withOutcome } from './close-form.ts';
import { draftFor } from './field-close.ts';
import { refusalOf } from './field-queue.ts';

const afterTransport = { destinationFacilityId: 'champaign-living-room' };
const names = (id: string) => (id === 'champaign-living-room' ? 'The Living Room' : id);

describe('the close form', () => {
  it('opens after a transport step as transported to that facility by the crew, follow-up offered', () => {
    const draft = draftFor(afterTransport);
    expect(closeBody(draft)).toEqual({
      action: 'close',
      disposition: 'transported',
      details: {
        transport: { by: 'crisis_team', destination: 'facility', facilityId: 'champaign-living-room' },
        useOfForce: false,
        injuries: { person: false, responder: false, other: false },
        deflectionPathway: null,
        diversion: null,
      },
    });
    expect(summaryOf(draft, names)).toBe('Transported to The Living Room by our crisis team');
    expect(checkDraft(draft).fields).toEqual({});
  });

  it('follows the Where to? choice: staying is stabilised on site, a chosen place is named', () => {
    expect(closeBody(draftFor({ destinationFacilityId: null }, { option: 'stay' }))).toMatchObject({ disposition: 'stabilised_on_site' });
    expect(closeBody(draftFor({ destinationFacilityId: null }, { option: 'stay' })).details).not.toHaveProperty('transport');
    const chosen = closeBody(draftFor({ destinationFacilityId: null }, { option: 'chosen_place', place: "Her sister's flat" }));
    expect(chosen.details?.transport).toEqual({ by: 'crisis_team', destination: 'chosen_place', place: "Her sister's flat" });
  });

  it('says by field what an outcome still needs, with the domain rules, before anything is queued', () => {
    const petition = withOutcome(draftFor({ destinationFacilityId: null }), 'involuntary_petition');
    expect(checkDraft(petition).fields['details.involuntaryPetition']).toMatch(/who initiated/);
    expect(checkDraft({ ...petition, petitionBy: 'physician' }).fields).toEqual({});
    const ed = withOutcome(draftFor({ destinationFacilityId: null }), 'emergency_department');
    expect(ed.destination).toBe('facility');
    expect(checkDraft(ed).fields['details.transport.facilityId']).toMatch(/name the facility/);
  });

  it('leaves out what the outcome does not use, and sends followUp false only when declined', () => {
    const draft = { ...draftFor(afterTransport), disposition: 'refused' as const, petitionBy: 'police' as const, followUp: false, note: '  declined all help ' };
    const body = closeBody(draft);
    expect(body.details).not.toHaveProperty('transport');
    expect(body.details).not.toHaveProperty('involuntaryPetition');
    expect(body).toMatchObject({ followUp: false, details: { note: 'declined all help' } });
    expect(withOutcome({ ...draft, diversion: 'health_care_referral' }, 'arrest').diversion).toBe('');
  });

  it('keeps the server refusal issues on the outbox entry, so the form can show them by field', () => {
    const error = new ApiError({ status: 400, code: 'validation_failed', message: 'Invalid', issues: [{ field: 'details.transport', rule: 'required', message: 'say who took the person and where' }] });
    expect(refusalOf(error)).toEqual({ status: 400, code: 'validation_failed', message: 'Invalid', issues: [{ field: 'details.transport', rule: 'required', message: 'say who took the person and where' }] });
    expect(refusalOf(new ApiError({ status: 409, code: 'illegal_transition', message: 'Closed' }))).not.toHaveProperty('issues');
  });

  it('opens on the dispatch board as the units left it: their facility, a named place, or stabilised on site', () => {
    const unit = (stage: 'on_scene' | 'cleared' | 'released', destinationFacilityId: string | null, destination: string | null) => ({ stage, destinationFacilityId, destination });
    expect(closeBody(draftFromAssignments([unit('cleared', 'champaign-living-room', 'The Living Room')]))).toMatchObject({ disposition: 'transported', details: { transport: { by: 'crisis_team', destination: 'facility', facilityId: 'champaign-living-room' } } });
    expect(closeBody(draftFromAssignments([unit('on_scene', null, "Her sister's flat")])).details?.transport).toEqual({ by: 'crisis_team', destination: 'chosen_place', place: "Her sister's flat" });
    // A unit taken off the call took nobody anywhere.
    const stayed = draftFromAssignments([unit('released', 'champaign-living-room', 'The Living Room'), unit('on_scene', null, null)]);
    expect(closeBody(stayed)).toMatchObject({ disposition: 'stabilised_on_site' });
    expect(closeBody(stayed).details).not.toHaveProperty('transport');
  });

  it('sends no followUp false after an ending that opens none, even when the declined choice was left behind', () => {
    const draft = { ...draftFor(afterTransport), disposition: 'no_response_needed' as const, followUp: false };
    expect(closeBody(draft)).not.toHaveProperty('followUp');
    expect(summaryOf({ ...draft, disposition: 'referred', referredTo: 'Rosecrance, CCBHC' }, names)).toBe('Referred to services: Rosecrance, CCBHC');
  });
});
