import type { PersonView } from '@continuum/sdk';
import { languageName } from '../../unit-labels.ts';
import { SAFETY_PLAN_LISTS } from './SafetyPlanEditor.tsx';

/** The plan's language as it was typed, or in words when it was typed as a tag ("en", "es-MX"). */
const languageInWords = (value: string) => (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/.test(value) ? languageName(value) : value);

type Plan = NonNullable<PersonView['safetyPlan']>;

/** A safety plan to read (not edit): only the sections with something in them, responders' first. */
export function SafetyPlanSummary({ plan, testId = 'safety-plan-summary' }: { plan: Plan | null | undefined; testId?: string }) {
  if (!plan) return <p className="muted" data-testid={testId}>No safety plan recorded.</p>;
  const order = [...SAFETY_PLAN_LISTS.filter(([k]) => k === 'whatHelps' || k === 'whatDoesNotHelp'), ...SAFETY_PLAN_LISTS.filter(([k]) => k !== 'whatHelps' && k !== 'whatDoesNotHelp')];
  const filled = order.filter(([k]) => ((plan as Record<string, unknown>)[k] as string[] | undefined)?.length);
  return (
    <dl className="safety-plan-summary" data-testid={testId}>
      {plan.preferredLanguage && <div><dt>Preferred language</dt><dd>{languageInWords(plan.preferredLanguage)}</dd></div>}
      {plan.preferredDestination && <div><dt>Preferred place to go</dt><dd>{plan.preferredDestination}</dd></div>}
      {filled.map(([k, label]) => (
        <div key={k}><dt>{label}</dt><dd>{((plan as Record<string, unknown>)[k] as string[]).join(' · ')}</dd></div>
      ))}
      {filled.length === 0 && !plan.preferredLanguage && !plan.preferredDestination && <div><dd className="muted">The plan is empty.</dd></div>}
    </dl>
  );
}
