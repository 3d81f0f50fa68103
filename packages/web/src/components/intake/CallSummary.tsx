import { useState } from 'react';
import type { IncidentView } from '@continuum/sdk';
import { CHANNEL_LABELS, describeHidden, describeWhere, ENTRY_POINT_LABELS } from '../../format.ts';
import { languageLabel } from '../../languages.ts';
import { LocationDialog } from './LocationDialog.tsx';

/** The call at a glance: how it came in, where, a number to call back, and who is in crisis. */
export function CallSummary({ incident }: { incident: IncidentView | undefined }) {
  const [correcting, setCorrecting] = useState(false);
  if (!incident) return <p className="call-summary muted">Loading the call…</p>;
  const person = [incident.personName, incident.personAge !== undefined ? `age ${incident.personAge}` : null]
    .filter(Boolean)
    .join(', ');
  const youth = [incident.medicaid ? 'Medicaid' : null, incident.dcfsWard ? 'DCFS ward' : null].filter(Boolean).join(', ');
  return (
    <>
      <dl className="call-summary" data-testid="call-summary">
        <div>
          <dt>Came in on</dt>
          <dd data-testid="call-entry">
            {ENTRY_POINT_LABELS[incident.entryPoint]} · {CHANNEL_LABELS[incident.channel ?? 'call']}
            {incident.preferredLanguage ? ` · speaks ${languageLabel(incident.preferredLanguage)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>
            <span data-testid="call-address">{describeWhere(incident) ?? describeHidden(incident, 'location_safety')}</span>
            {incident.allowedActions.includes('correct_location') && !incident.redacted.includes('location_safety') && (
              <>
                {' '}
                <button type="button" className="button-link" onClick={() => setCorrecting(true)} data-testid="correct-location">
                  {describeWhere(incident) === 'Caller’s location unknown' ? 'Record the location' : 'Correct'}
                </button>
              </>
            )}
          </dd>
        </div>
        {incident.callbackNumber && (
          <div>
            <dt>Callback</dt>
            <dd>{incident.callbackNumber}</dd>
          </div>
        )}
        {(person || youth) && (
          <div>
            <dt>Person</dt>
            <dd>{[person, youth].filter(Boolean).join(' · ')}</dd>
          </div>
        )}
        {incident.safetyFlags && incident.safetyFlags.length > 0 && (
          <div>
            <dt>Safety flags</dt>
            <dd data-testid="call-flags">
              {incident.safetyFlags
                .map((flag) => {
                  const marks = (incident.markedFlags ?? []).filter((m) => m.flag === flag).map((m) => (m.as === 'threat' ? 'a threat' : 'a medical concern'));
                  return marks.length > 0 ? `${flag} (marked as ${marks.join(' and ')})` : flag;
                })
                .join(', ')}
            </dd>
          </div>
        )}
      </dl>
      {/* Beside the list, not in it: a dialog inherits nothing of the summary's styles. */}
      {correcting && <LocationDialog incident={incident} onClose={() => setCorrecting(false)} />}
    </>
  );
}
