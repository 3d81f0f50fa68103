import type { FieldAssignment, IncidentView, ResponseView } from '@continuum/sdk';
import { partnerPanics } from '../../field-model.ts';
import { formatReceived } from '../../format.ts';
import { SafetyPlanSummary } from '../people/SafetyPlanSummary.tsx';

const formatTime = (iso: string) => formatReceived(iso, new Date());

/** Safety before anything else: a partner's panic, the call's safety flags and the hazards told so far. */
export function SafetyPanel({ field, incident, response }: { field: FieldAssignment; incident: IncidentView; response: ResponseView }) {
  const panics = partnerPanics(field);
  // Absent means the server withheld them from this reader, not that there are none.
  const flags = incident.safetyFlags;
  const hazards = response.hazards;
  const nothing = flags?.length === 0 && hazards?.length === 0;
  return (
    <section className="field-card field-safety" aria-labelledby="field-safety-title" data-testid="field-safety">
      {panics.map((p) => (
        <p key={p.unitId} className="field-panic-alert" role="alert" data-testid="field-partner-panic">
          PANIC: {p.name} needs help now <span className="field-when">since {formatTime(p.at)}</span>
        </p>
      ))}
      <h2 id="field-safety-title">Safety</h2>
      {flags === undefined && hazards === undefined && <p className="field-hidden">Safety facts are not shared with your role. Ask the dispatcher.</p>}
      {nothing && <p data-testid="field-no-hazards">No safety flags or hazards recorded. Stay alert: absence is not safety.</p>}
      {flags && flags.length > 0 && (
        <ul className="field-flags" data-testid="field-flags">
          {flags.map((f) => <li key={f}>{f.replaceAll('_', ' ')}</li>)}
        </ul>
      )}
      {hazards && hazards.length > 0 && (
        <ul className="field-hazards" data-testid="field-hazards">
          {hazards.map((h) => (
            <li key={`${h.at}-${h.text}`}>
              <strong>{h.text}</strong> <span className="field-when">{formatTime(h.at)}</span>
            </li>
          ))}
        </ul>
      )}
      {field.partners.length > 0 && (
        <p className="field-partners" data-testid="field-partners">
          With you: {field.partners.map((p) => `${p.name} (${p.status.replaceAll('_', ' ')})`).join(', ')}
        </p>
      )}
      {field.safetyPlan !== undefined && (
        // The person's own plan (issue 15 §6): what helps and what does not, read before knocking.
        <details className="field-safety-plan" data-testid="field-safety-plan">
          <summary>The person’s safety plan</summary>
          <SafetyPlanSummary plan={field.safetyPlan} />
        </details>
      )}
    </section>
  );
}
