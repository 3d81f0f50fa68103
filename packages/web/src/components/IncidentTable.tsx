import type { IncidentView } from '@continuum/sdk';
import { useArrivals } from '../use-arrivals.ts';
import { describeHidden, ENTRY_POINT_LABELS, formatAge, formatReceived, formatRisk, STATUS_LABELS } from '../format.ts';

/** The incident list as a table; fields the reader may not see say so instead of staying blank. */
export function IncidentTable({ incidents, now }: { incidents: IncidentView[]; now: Date }) {
  const arrivals = useArrivals(incidents.map((i) => i.id));
  return (
    <div className="table-wrap">
      <table className="table incidents" data-testid="incident-table">
        <caption className="visually-hidden">Incidents, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Entry</th>
            <th scope="col">Status</th>
            <th scope="col">Risk level</th>
            <th scope="col">Location</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr
              key={incident.id}
              className={arrivals.has(incident.id) ? 'row-new' : undefined}
              data-testid="incident-row"
              data-incident-id={incident.id}
              data-status={incident.status}
            >
              <td className="nowrap" data-label="Received">
                <time dateTime={incident.receivedAt} title={new Date(incident.receivedAt).toLocaleString()}>
                  {formatReceived(incident.receivedAt, now)}
                </time>
                <span className="cell-sub">{formatAge(incident.receivedAt, now)}</span>
              </td>
              <td className="nowrap" data-label="Entry">{ENTRY_POINT_LABELS[incident.entryPoint]}</td>
              <td data-label="Status">
                <span className={`badge status-${incident.status}`}>{STATUS_LABELS[incident.status]}</span>
              </td>
              <td className="nowrap" data-label="Risk level">
                <span className={`risk risk-${incident.riskLevel ?? 'none'}`}>{formatRisk(incident.riskLevel)}</span>
              </td>
              <td className="location" data-label="Location" data-testid="incident-address">
                {incident.location ? incident.location.address : <Hidden text={describeHidden(incident, 'location_safety')} />}
              </td>
              <td className="summary" data-label="Summary" data-testid="incident-summary">
                {incident.summary !== undefined ? incident.summary : <Hidden text={describeHidden(incident, 'clinical')} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Hidden({ text }: { text: string }) {
  return (
    <span className="hidden-field" title="Your role may not read this kind of information">
      {text}
    </span>
  );
}
