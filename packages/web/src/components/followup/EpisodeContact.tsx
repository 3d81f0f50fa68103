import type { EpisodeView } from '@continuum/sdk';
import { nameOf } from '../people/person-words.ts';
import { SafetyPlanSummary } from '../people/SafetyPlanSummary.tsx';

const tel = (phone: string) => `tel:${phone.replace(/[^+0-9]/g, '')}`;

/**
 * Who to call and why (issue 15 §6): the person's name and numbers (the linked record's, then the
 * call's callback number), what the call was about, and the safety plan. What the reader may not
 * read never arrives; what is missing says so, so a blank is never read as "no phone".
 */
export function EpisodeContact({ e }: { e: EpisodeView }) {
  const name = e.person?.name ? nameOf(e.person.name) : e.call?.personName;
  const phones = [...(e.person?.phones ?? []), ...(e.call?.callbackNumber ? [e.call.callbackNumber] : [])];
  const unique = [...new Set(phones)];
  return (
    <section className="episode-contact panel" aria-labelledby="contact-title" data-testid="episode-contact">
      <h2 id="contact-title">Who to call</h2>
      <dl className="episode-facts">
        <div><dt>Person</dt><dd data-testid="episode-person-name">{name ?? (e.redacted.includes('identity') ? 'hidden from your role' : 'not named on the call')}</dd></div>
        <div>
          <dt>Phone</dt>
          <dd data-testid="episode-phones">
            {unique.length > 0 ? unique.map((p, i) => (
              <span key={p}>{i > 0 ? ' · ' : ''}<a href={tel(p)} data-testid="episode-phone">{p}</a>{p === e.call?.callbackNumber && !(e.person?.phones ?? []).includes(p) ? <span className="muted"> (the call’s callback number{e.call?.callerName && e.call.callerName !== name ? `: ${e.call.callerName}` : ''})</span> : null}</span>
            )) : 'no number recorded'}
          </dd>
        </div>
        {e.call?.summary && <div className="facts-wide"><dt>The call</dt><dd data-testid="episode-call-summary">{e.call.summary}</dd></div>}
      </dl>
      {e.person && (
        <details open>
          <summary>Safety plan</summary>
          <SafetyPlanSummary plan={e.person.safetyPlan} testId="episode-safety-plan" />
          <p><a href={`#/people/${e.person.id}`}>Open the person’s record</a></p>
        </details>
      )}
    </section>
  );
}
