import { emptySafetyPlan, type Principal, type SafetyPlan } from '@continuum/domain';
import type { Services } from '../services/context.ts';
import { linkPerson } from '../services/people/people-links.ts';

/**
 * The people of the demo's follow-up calls (issue 15 §6): each call is linked to a person record
 * with a name, a phone and a safety plan, so the case manager's episode says whom to call and the
 * caseload shows names, not programme codes. Linked the way a call-taker does it (a new record
 * made from the call); the plan is written straight to the store, as the other demo people's are.
 */
const PEOPLE: Record<string, { given: string; family: string; dateOfBirth: string; phones: string[]; plan: SafetyPlan }> = {
  'Maya Brooks': {
    given: 'Maya', family: 'Brooks', dateOfBirth: '1985-06-12', phones: ['+1 217 555 0188'],
    plan: {
      ...emptySafetyPlan(),
      warningSigns: ['Stops leaving the flat', 'Says she is a burden'],
      internalCopingStrategies: ['Morning walk in West Side Park', 'Journaling'],
      peopleToAskForHelp: ['Friend Alisha (217-555-0131)'],
      professionalsToContact: ['Her CCBHC therapist', '988'],
      reasonsForLiving: ['Her nephews', 'Finishing her nursing course'],
      whatHelps: ['Call in the afternoon; she sleeps late', 'Ask about the job search first'],
      whatDoesNotHelp: ['Calls from a withheld number (she will not answer)'],
      preferredLanguage: 'en',
      preferredDestination: null,
    },
  },
  'Theo Lund': {
    given: 'Theo', family: 'Lund', dateOfBirth: '2002-02-27', phones: ['+1 217 555 0164'],
    plan: {
      ...emptySafetyPlan(),
      warningSigns: ['Stops taking his medication', 'Talks about the radio sending messages'],
      peopleToAskForHelp: ['Mother, Ingrid Lund (217-555-0165)'],
      professionalsToContact: ['Champaign County MCRT'],
      makingTheEnvironmentSafe: ['No car keys while unwell'],
      reasonsForLiving: ['His band', 'His mother'],
      whatHelps: ['One person speaking, calmly', 'Offer a warm drink'],
      whatDoesNotHelp: ['Being touched without warning', 'Sirens'],
      preferredLanguage: 'en',
      preferredDestination: 'The Living Room in Urbana',
    },
  },
};

/** Links each followed-up demo call to its person, with a safety plan. */
export async function seedFollowupPeople(services: Services, calls: readonly { id: string; personName: string; taker: Principal }[]): Promise<void> {
  for (const call of calls) {
    const p = PEOPLE[call.personName];
    if (!p) continue;
    const ctx = (principal: Principal) => ({ principal, address: null, idempotencyKey: null, requestHash: '' });
    const linked = await linkPerson(services, ctx(call.taker), call.id, {
      newPerson: { name: { given: p.given, family: p.family, preferred: null }, dateOfBirth: p.dateOfBirth, phones: p.phones, demographics: { gender: null, race: null, ethnicity: null } },
    });
    const personId = linked.body.linked?.personId;
    if (personId) await services.store.transaction((tx) => tx.people.setSafetyPlan(personId, p.plan, services.clock()));
  }
}
