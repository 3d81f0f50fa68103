import { useState } from 'react';
import type { PersonView } from '@continuum/sdk';
import { describeWriteError } from '../../form-issues.ts';
import { useSaveSafetyPlan } from '../../use-people.ts';

// Stanley-Brown's steps in the person's order, then what responders need on arrival.
export const SAFETY_PLAN_LISTS = [
  ['warningSigns', 'Warning signs'],
  ['internalCopingStrategies', 'Internal coping strategies'],
  ['peopleAndPlacesForDistraction', 'People and places for distraction'],
  ['peopleToAskForHelp', 'People to ask for help'],
  ['professionalsToContact', 'Professionals and agencies to contact'],
  ['makingTheEnvironmentSafe', 'Making the environment safe'],
  ['reasonsForLiving', 'Reasons for living'],
  ['whatHelps', 'What helps (for responders)'],
  ['whatDoesNotHelp', 'What does not help (for responders)'],
] as const;
type ListKey = (typeof SAFETY_PLAN_LISTS)[number][0];

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The safety plan, one item per line in each section; saved whole, against the version loaded. */
export function SafetyPlanEditor({ person, editable }: { person: PersonView; editable: boolean }) {
  const plan = person.safetyPlan ?? null;
  const [text, setText] = useState<Record<ListKey, string>>(() =>
    Object.fromEntries(SAFETY_PLAN_LISTS.map(([k]) => [k, (((plan as Record<string, unknown> | null)?.[k] as string[] | undefined) ?? []).join('\n')])) as Record<ListKey, string>,
  );
  const [language, setLanguage] = useState(plan?.preferredLanguage ?? '');
  const [destination, setDestination] = useState(plan?.preferredDestination ?? '');
  const [said, setSaid] = useState<string | null>(null);
  const save = useSaveSafetyPlan(person.id);

  const submit = async () => {
    setSaid(null);
    try {
      const body = Object.fromEntries(SAFETY_PLAN_LISTS.map(([k]) => [k, lines(text[k])]));
      await save.mutateAsync({ ...body, preferredLanguage: language.trim() || null, preferredDestination: destination.trim() || null, expectedVersion: person.version });
      setSaid('Saved.');
    } catch (error) {
      const d = describeWriteError(error, []);
      setSaid([...Object.values(d.fields), ...d.general].join(' ') || 'Not saved.');
    }
  };

  return (
    <form className="safety-plan" onSubmit={(e) => { e.preventDefault(); void submit(); }} data-testid="safety-plan">
      <h2>Crisis and safety plan</h2>
      {SAFETY_PLAN_LISTS.map(([k, label]) => (
        <label key={k}>
          {label}
          <textarea rows={2} value={text[k]} readOnly={!editable} onChange={(e) => setText({ ...text, [k]: e.target.value })} data-testid={`plan-${k}`} />
        </label>
      ))}
      <label>Preferred language <input value={language} readOnly={!editable} onChange={(e) => setLanguage(e.target.value)} /></label>
      <label>Preferred destination <input value={destination} readOnly={!editable} onChange={(e) => setDestination(e.target.value)} /></label>
      {editable && <button type="submit" className="button" disabled={save.isPending} data-testid="plan-save">Save plan</button>}
      {said && <p role="status" data-testid="plan-said">{said}</p>}
    </form>
  );
}
