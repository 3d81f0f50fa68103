import type { IncidentView } from '@continuum/sdk';
import { describeHidden } from '../../format.ts';

/**
 * What this reader's role may see of the call. The server has already redacted it (police and
 * EMS get location and safety only); every field may be absent, and absence is said, not blank.
 */
export function CallDetails({ incident }: { incident: IncidentView }) {
  const rows: [string, React.ReactNode][] = [];
  if (incident.summary) rows.push(['What was said', incident.summary]);
  if (incident.personName || incident.personAge !== undefined) {
    rows.push(['Person', [incident.personName, incident.personAge !== undefined ? `age ${incident.personAge}` : null].filter(Boolean).join(', ')]);
  }
  if (incident.callbackNumber) rows.push(['Callback', <a href={`tel:${incident.callbackNumber}`} className="field-tel">{incident.callbackNumber}</a>]);
  if (incident.decidingFactors?.length) rows.push(['Why this level', incident.decidingFactors.join('; ')]);
  if (incident.substanceUse) rows.push(['Substance use (Part 2)', incident.substanceUse]);
  return (
    <section className="field-card" aria-labelledby="field-details-title" data-testid="field-details">
      <h2 id="field-details-title">The call</h2>
      {rows.length > 0 && (
        <dl className="field-dl">
          {rows.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      {incident.part2Notice && <p className="field-notice">{incident.part2Notice}</p>}
      {incident.redacted.length > 0 && (
        <p className="field-hidden" data-testid="field-redacted">Not shared with your role ({describeHidden(incident, 'clinical').replace('hidden: ', '')}).</p>
      )}
    </section>
  );
}
