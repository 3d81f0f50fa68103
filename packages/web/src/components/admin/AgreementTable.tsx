import type { AgreementView } from '@continuum/sdk';
import { fieldClassName, formatDay, formatStamp, purposeName } from '../../privacy-labels.ts';

interface AgreementTableProps {
  agreements: readonly AgreementView[];
  /** Offered on active agreements only. */
  onEnd: (agreement: AgreementView) => void;
}

/** What an agreement's dates come to: from, until, and when and why it was ended. */
function Dates({ a }: { a: AgreementView }) {
  return (
    <>
      <span className="nowrap">From {formatDay(a.startsAt)}</span>
      <span className="cell-sub">{a.endsAt ? `until ${formatDay(a.endsAt)}` : 'no end date'}</span>
      {a.endedAt && <span className="cell-sub">Ended {formatStamp(a.endedAt)}</span>}
    </>
  );
}

/** Status in words as well as colour: an ended agreement grants nothing, and says why. */
function Status({ a }: { a: AgreementView }) {
  if (a.active) return <span className="badge agreement-active">Active</span>;
  const label = a.endedAt ? 'Ended' : new Date(a.startsAt) > new Date() ? 'Not started' : 'Expired';
  return (
    <>
      <span className="badge agreement-ended">{label}</span>
      {a.endedReason && <span className="cell-sub" data-testid="agreement-ended-reason">“{a.endedReason}”</span>}
    </>
  );
}

/** Agreements in the order given, with "End agreement" on the active ones. */
export function AgreementTable({ agreements, onEnd }: AgreementTableProps) {
  return (
    <div className="table-wrap">
      <table className="table agreements-table" data-testid="agreements-table">
        <caption className="visually-hidden">Data-sharing agreements</caption>
        <thead>
          <tr>
            <th scope="col">Agreement</th>
            <th scope="col">Status</th>
            <th scope="col">Parties</th>
            <th scope="col">Purposes <span className="th-sub">and field classes</span></th>
            <th scope="col">Dates</th>
          </tr>
        </thead>
        <tbody>
          {agreements.map((a) => (
            <tr key={a.id} data-testid="agreement-row" data-agreement-id={a.id} data-active={a.active}>
              <td className="agreement-name">{a.name}</td>
              <td>
                <div className="agreement-status">
                  <Status a={a} />
                  {a.active && (
                    <button type="button" className="button button-quiet nowrap" onClick={() => onEnd(a)} data-testid="agreement-end">
                      End agreement
                    </button>
                  )}
                </div>
              </td>
              <td>
                <ul className="chips" aria-label="Agencies">
                  {a.agencyIds.map((id) => <li key={id}><code>{id}</code></li>)}
                </ul>
              </td>
              <td className="agreement-shares">
                <span data-testid="agreement-purposes">{a.purposes.map(purposeName).join(', ')}</span>
                <span className="cell-sub" data-testid="agreement-classes">{a.fieldClasses.map(fieldClassName).join(', ')}</span>
              </td>
              <td className="agreement-dates"><Dates a={a} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
