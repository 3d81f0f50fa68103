import type { IncidentView } from '@continuum/sdk';
import { useArrivals } from '../use-arrivals.ts';
import { formatDateTime } from '../datetime.ts';
import { describeHidden, ENTRY_POINT_LABELS, formatAge, formatReceived, formatRisk, STATUS_LABELS } from '../format.ts';
import { navigate } from '../router.ts';

/**
 * The incident list as a dense table, one line a call: the number opens the call (a link, so the
 * keyboard and a middle click work), and so does a click anywhere on its row. Fields the reader
 * may not see say so instead of staying blank. On a phone each row becomes a small card.
 */
export function IncidentTable({ incidents, now }: { incidents: IncidentView[]; now: Date }) {
  const arrivals = useArrivals(incidents.map((i) => i.id));
  return (
    <div className="table-wrap">
      <table className="table incidents" data-testid="incident-table">
        <caption className="visually-hidden">Incidents, newest first</caption>
        <colgroup>
          <col className="col-number" /><col className="col-received" /><col className="col-status" /><col className="col-risk" /><col className="col-location" /><col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Number</th>
            <th scope="col">Received</th>
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
              className={arrivals.has(incident.id) ? 'row-new row-link' : 'row-link'}
              data-testid="incident-row"
              data-incident-id={incident.id}
              data-status={incident.status}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a, button')) return;
                navigate(`/incidents/${incident.id}`);
              }}
            >
              <td className="nowrap" data-label="Number">
                <a href={`#/incidents/${incident.id}`} className="incident-link" data-testid="incident-open">{incident.number ?? incident.id.slice(0, 8)}</a>
                <span className="cell-sub">{ENTRY_POINT_LABELS[incident.entryPoint]}</span>
              </td>
              <td className="nowrap" data-label="Received">
                <time dateTime={incident.receivedAt} title={formatDateTime(incident.receivedAt)}>
                  {formatReceived(incident.receivedAt, now)}
                </time>
                <span className="cell-sub">{formatAge(incident.receivedAt, now)}</span>
              </td>
              <td className="status-cell" data-label="Status">
                <span className={`badge status-${incident.status}`}>{STATUS_LABELS[incident.status]}</span>
                {incident.simulated && <SimulatedBadge />}
              </td>
              <td className="nowrap" data-label="Risk level">
                <span className={`risk risk-${incident.riskLevel ?? 'none'}`}>{formatRisk(incident.riskLevel)}</span>
              </td>
              <td className="location clip" data-label="Location" data-testid="incident-address">
                {incident.location ? incident.location.address : <Hidden text={describeHidden(incident, 'location_safety')} />}
              </td>
              <td className="summary clip" data-label="Summary" data-testid="incident-summary" title={incident.summary}>
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

/** A call the simulator wrote (ADR 0037): said in words, never by colour alone, so nobody takes it for a real person. */
export function SimulatedBadge() {
  return <span className="badge simulated" data-testid="simulated-badge" title="Written by the simulator: not a real call">Simulated</span>;
}
