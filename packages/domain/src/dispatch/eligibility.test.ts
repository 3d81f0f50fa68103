import { describe, expect, it } from 'vitest';
import type { Responder, ResponseType } from '../triage/types.ts';
import { checkEligibility, missingCapabilities } from './eligibility.ts';
import { MODELS_FOR_RESPONSE, RESPONSE_MODELS } from './recommend-models.ts';
import { buildIncident, buildUnit } from './recommend-builders.ts';
import type { CapabilityNeeds, DispatchUnit } from './recommend-types.ts';

const MCRT_CREW: Responder[] = ['mcrt_clinician', 'engagement_specialist'];
const plan = (responseType: ResponseType, responders: Responder[]) => ({ responseType, responders });

describe('checkEligibility by model and crew', () => {
  it.each<[string, ResponseType, Responder[], Partial<DispatchUnit>, CapabilityNeeds | undefined, string | null]>([
    ['an MCRT for an MCRT plan', 'mcrt', MCRT_CREW, {}, undefined, null],
    ['a community responder for an MCRT plan', 'mcrt', MCRT_CREW, { model: 'alternative_response' }, undefined, null],
    ['an MCRT without its peer', 'mcrt', MCRT_CREW, { composition: ['mcrt_clinician'] }, undefined, 'composition_mismatch'],
    ['an embedded co-response team for an MCRT plan', 'mcrt', MCRT_CREW, { model: 'law_enforcement_co_response_embedded', composition: ['police_officer', 'mcrt_clinician'] }, undefined, 'model_mismatch'],
    ['a Medicaid mobile crisis team for an adult', 'mcrt', ['mcrt_clinician'], { model: 'medicaid_mobile_crisis', composition: ['mcrt_clinician'] }, undefined, 'model_mismatch'],
    ['a Medicaid mobile crisis team for a youth call', 'mcrt', ['mcrt_clinician'], { model: 'medicaid_mobile_crisis', composition: ['mcrt_clinician'], capabilities: { youth: true, languages: [], naloxone: false, canTransport: false } }, { youth: true }, null],
    ['an embedded co-response team for a co-response plan', 'co_response', ['police_officer', 'mcrt_clinician'], { model: 'law_enforcement_co_response_embedded', composition: ['police_officer', 'mcrt_clinician'] }, undefined, null],
    ['an MCRT for a co-response plan (needs police too; two units are not combined)', 'co_response', ['police_officer', 'mcrt_clinician'], {}, undefined, 'model_mismatch'],
    ['a virtual team for a co-response plan (it does not go)', 'co_response', ['police_officer', 'mcrt_clinician'], { model: 'law_enforcement_co_response_virtual', composition: ['police_officer', 'mcrt_clinician'] }, undefined, 'model_mismatch'],
    ['a meet-on-site team that has only the officer aboard', 'co_response', ['police_officer', 'mcrt_clinician'], { model: 'law_enforcement_co_response_meet_on_site', composition: ['police_officer'] }, undefined, 'composition_mismatch'],
    ['EMS + peer for an EMS co-response plan', 'ems_co_response', ['ems_crew', 'engagement_specialist'], { model: 'ems_co_response_peer', composition: ['ems_crew', 'engagement_specialist'] }, undefined, null],
    ['EMS + peer for a plain EMS plan', 'ems', ['ems_crew'], { model: 'ems_co_response_peer', composition: ['ems_crew', 'engagement_specialist'] }, undefined, null],
    ['an ambulance for a police + EMS plan (one unit must carry both)', 'police_ems', ['police_officer', 'ems_crew'], { model: 'ems', composition: ['ems_crew'] }, undefined, 'composition_mismatch'],
    ['a team of an unknown model', 'mcrt', MCRT_CREW, { model: 'hovercraft' }, undefined, 'model_mismatch'],
  ])('%s', (_name, responseType, responders, overrides, needs, code) => {
    expect(checkEligibility(buildUnit(overrides), plan(responseType, responders), needs, true)?.code ?? null).toBe(code);
  });
});

describe('checkEligibility by area, needs, status and position', () => {
  const mcrt = plan('mcrt', MCRT_CREW);
  it.each<[string, Partial<DispatchUnit>, CapabilityNeeds | undefined, boolean, string | null]>([
    ['outside its service area', {}, undefined, false, 'outside_service_area'],
    ['dispatched elsewhere', { status: 'dispatched' }, undefined, true, 'not_available'],
    ['on scene', { status: 'on_scene' }, undefined, true, 'not_available'],
    ['off duty', { status: 'off_duty' }, undefined, true, 'not_available'],
    ['no youth training for a youth call', {}, { youth: true }, true, 'missing_capability'],
    ['no Spanish speaker for a Spanish-speaking caller', {}, { languages: ['es'] }, true, 'missing_capability'],
    ['language tags compared without case', { capabilities: { youth: false, languages: ['ES'], naloxone: false, canTransport: false } }, { languages: ['es'] }, true, null],
    ['no position and no home base', { position: null, home: null }, undefined, true, 'no_position'],
    ['no position but a home base', { position: null }, undefined, true, null],
    ['busy and outside: the area is said first', { status: 'dispatched' }, undefined, false, 'outside_service_area'],
  ])('%s', (_name, overrides, needs, covers, code) => {
    expect(checkEligibility(buildUnit(overrides), mcrt, needs, covers)?.code ?? null).toBe(code);
  });

  it('says what is missing in words', () => {
    const why = checkEligibility(buildUnit({ composition: ['mcrt_clinician'] }), mcrt, undefined, true);
    expect(why?.reason).toBe('Mobile Crisis 1 has no Engagement specialist (peer) on board; the plan needs Mobile crisis clinician + Engagement specialist (peer)');
  });

  it('lists every missing capability', () => {
    expect(missingCapabilities(buildUnit(), { youth: true, naloxone: true, canTransport: true, languages: ['en', 'pl'] })).toEqual(['youth response', 'transport', 'language pl']);
  });
});

describe('the model table', () => {
  it('names only catalogue models', () => {
    for (const models of Object.values(MODELS_FOR_RESPONSE)) for (const m of models) expect(RESPONSE_MODELS).toContain(m);
  });
  it('sends no unit for phone support', () => {
    expect(MODELS_FOR_RESPONSE.phone_988).toEqual([]);
  });
});

describe('reasons in a dispatcher’s words', () => {
  it('names models and plans by label, never by their codes', () => {
    const why = checkEligibility(buildUnit({ model: 'law_enforcement' }), buildIncident().responsePlan, undefined, true);
    expect(why?.reason).toBe('Mobile Crisis 1 is a police team, which does not serve a mobile crisis plan');
    expect(why?.reason).not.toMatch(/_/);
  });
});
