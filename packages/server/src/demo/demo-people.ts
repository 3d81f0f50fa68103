import { ageOn, calendarDateIn, emptySafetyPlan, type SafetyPlan } from '@continuum/domain';
import type { PersonRecord } from '@continuum/storage';
import type { Services } from '../services/context.ts';
import { DEMO_AGENCY_IDS as A } from './demo-region.ts';

type DemoPerson = Omit<PersonRecord, 'id' | 'createdAt' | 'updatedAt' | 'createdBy' | 'version'>;

const PLAN: SafetyPlan = {
  ...emptySafetyPlan(),
  warningSigns: ['Stops answering texts from his sister', 'Sleeping through the day'],
  internalCopingStrategies: ['Walk the dog along the Boneyard Creek trail', 'Play guitar'],
  peopleAndPlacesForDistraction: ['The Urbana Free Library', 'Cousin Marcus'],
  peopleToAskForHelp: ['Sister Dana (217-555-0177)'],
  professionalsToContact: ['Rosecrance clinician on call', '988'],
  makingTheEnvironmentSafe: ['Medication kept by his sister'],
  reasonsForLiving: ['His daughter', 'His dog, Biscuit'],
  whatHelps: ['Speak slowly and sit down', 'Let him step outside'],
  whatDoesNotHelp: ['Uniformed officers at the door first', 'Raised voices'],
  preferredLanguage: 'en',
  preferredDestination: 'The Living Room in Urbana',
};

// Fixed people, held by the mobile crisis provider; the PSAP and the 988 centre reach them under
// the county crisis-response agreement, the follow-up provider under the follow-up one.
const FIXED: DemoPerson[] = [
  {
    agencyId: A.mcrt, name: { given: 'Jordan', family: 'Whitfield', preferred: 'Jordy' }, dateOfBirth: '1987-11-03', phones: ['217-555-0166'],
    demographics: { gender: 'man', race: 'Black or African American', ethnicity: 'Not Hispanic or Latino' }, safetyPlan: PLAN,
  },
  {
    agencyId: A.mcrt, name: { given: 'Marisol', family: 'Vega', preferred: null }, dateOfBirth: '2001-04-17', phones: ['217-555-0188'],
    demographics: { gender: 'woman', race: null, ethnicity: 'Hispanic or Latino' }, safetyPlan: null,
  },
];

/** A name as a call-taker mistypes it: two letters swapped ("Alvarez" → "Alavrez"), or a double letter single ("Brooks" → "Broks"). */
function misspell(name: string): string {
  if (name.length < 4) return `${name}e`;
  return name[2] !== name[3] ? `${name.slice(0, 2)}${name[3]}${name[2]}${name.slice(4)}` : `${name.slice(0, 3)}${name.slice(4)}`;
}

/**
 * The demo's people: the fixed ones, plus one who resembles the first named demo call's person
 * (family name misspelt, an age that fits) so that the candidate list shows a "possible" match.
 */
export function buildDemoPeople(incidents: readonly { person: { name?: string; age?: number } }[], now: Date): DemoPerson[] {
  const named = incidents.find((i) => i.person.name && i.person.age !== undefined);
  if (!named) return FIXED;
  const [given, family] = named.person.name!.split(' ') as [string, string];
  const today = calendarDateIn(now);
  const year = Number(today.slice(0, 4)) - named.person.age!;
  // Born on 1 January: the age on the call fits it, give or take the year the matcher allows.
  const dateOfBirth = ageOn(`${year}-01-01`, today) === named.person.age ? `${year}-01-01` : `${year - 1}-01-01`;
  return [...FIXED, { agencyId: A.mcrt, name: { given, family: misspell(family), preferred: null }, dateOfBirth, phones: [], demographics: { gender: null, race: null, ethnicity: null }, safetyPlan: null }];
}

/** Writes the demo people. */
export async function seedDemoPeople(services: Services, incidents: readonly { person: { name?: string; age?: number } }[]): Promise<void> {
  const now = services.clock();
  await services.store.transaction(async (tx) => {
    for (const p of buildDemoPeople(incidents, now)) {
      await tx.people.create({ ...p, id: services.newId(), version: 1, createdBy: 'system', createdAt: now, updatedAt: now });
    }
  });
}
