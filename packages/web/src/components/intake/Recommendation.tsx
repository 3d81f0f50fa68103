import type { ReactNode } from 'react';
import { POLICE_JUSTIFICATIONS, type EntryPoint, type PoliceJustification } from '@continuum/domain';
import type { TriageView } from '@continuum/sdk';
import { formatMaxMinutes, JUSTIFICATION_LABELS, OVERRIDE_REASON_LABELS, responderLabel, RESPONSE_TYPE_LABELS } from '../../intake-format.ts';

/** 120 → "2 hours", 90 → "90 min". */
const formatCaresMaximum = (minutes: number): string => (minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} min`);

const label = <K extends string>(labels: Record<K, string>, key: string): string => labels[key as K] ?? key.replaceAll('_', ' ');

// The engine's reasons name §30 grounds by code; a call-taker reads them in words.
const inWords = (reason: string): string =>
  POLICE_JUSTIFICATIONS.reduce((text, code) => text.replaceAll(code, JUSTIFICATION_LABELS[code]), reason);

/**
 * The determination: the response the protocol recommends with its reasons, responders and
 * maximum response time, and the hand-off actions (`children`) right under its headline. An
 * emergent level opens with DISPATCH NOW, announced as an alert.
 */
export function Recommendation({ triage, entryPoint, caresMaxMinutes, children }: { triage: TriageView; entryPoint: EntryPoint | undefined; caresMaxMinutes?: number; children?: ReactNode }) {
  const plan = triage.recommendedPlan;
  const elsewhere = entryPoint !== undefined && entryPoint !== '911';
  return (
    <section className={`recommendation${triage.emergent ? ' recommendation-emergent' : ''}`} aria-labelledby="recommendation-title" data-testid="recommendation">
      {triage.emergent && (
        <div className="dispatch-now" role="alert" data-testid="dispatch-now">
          <strong className="dispatch-now-title">DISPATCH NOW</strong>
          <span>
            Level 4 · {triage.levelName}: {triage.decidingFactors.map((f) => f.wording).join('; ')}.{' '}
            {elsewhere ? 'Escalate to 911 now (E), then keep the caller safe.' : 'Mark it dispatch-ready now (D), then keep the caller safe.'}
          </span>
        </div>
      )}
      <h2 id="recommendation-title">Recommended response</h2>
      <p className="recommendation-type" data-testid="recommended-response" data-response-type={plan.responseType}>
        {label(RESPONSE_TYPE_LABELS, plan.responseType)}
      </p>
      {/* The hand-offs sit under the headline, so the action is in view with the alert. */}
      {children}
      <dl className="facts">
        <div>
          <dt>Level</dt>
          <dd data-testid="determined-level">Level {triage.level} · {triage.levelName}</dd>
        </div>
        <div>
          <dt>Responders</dt>
          <dd data-testid="recommended-responders">{plan.responders.map(responderLabel).join(', ') || 'None in person'}</dd>
        </div>
        {/* Routed to CARES, the statewide youth maximum holds, not the region's plan for the level. */}
        {caresMaxMinutes !== undefined ? (
          <div>
            <dt>Maximum response time</dt>
            <dd data-testid="max-response" data-cares="true">{formatCaresMaximum(caresMaxMinutes)} · the statewide CARES youth maximum</dd>
          </div>
        ) : formatMaxMinutes(plan.maxResponseMinutes).map((m) => (
          <div key={m.label}>
            <dt>{m.label}</dt>
            <dd data-testid="max-response">{m.value}</dd>
          </div>
        ))}
        <div>
          <dt>Police</dt>
          <dd data-testid="police">
            {plan.policeRecommended
              ? `Recommended on a CESSA §30 ground: ${plan.justifications.map((j) => label(JUSTIFICATION_LABELS, j.code as PoliceJustification)).join('; ')}`
              : 'Not recommended'}
          </dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd>{plan.source === 'regional' ? 'Set by your Regional Advisory Committee' : 'Statewide'}</dd>
        </div>
      </dl>
      {plan.reasons.length > 0 && (
        <>
          <h3>Why</h3>
          <ul className="reasons" data-testid="recommendation-reasons">
            {plan.reasons.map((r) => <li key={r}>{inWords(r)}</li>)}
          </ul>
        </>
      )}
      {plan.note && <p className="muted">{plan.note}</p>}
      {triage.override && (
        <p className="override-note" data-testid="override-note">
          <strong>Overridden</strong> to {label(RESPONSE_TYPE_LABELS, triage.override.to)}: {label(OVERRIDE_REASON_LABELS, triage.override.reasonCode)}
          {triage.override.justification && ` · §30: ${label(JUSTIFICATION_LABELS, triage.override.justification)}`}
          {triage.override.note && ` · “${triage.override.note}”`}
        </p>
      )}
    </section>
  );
}
