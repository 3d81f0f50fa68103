import { useQuery } from '@tanstack/react-query';
import type { EpisodeView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { attemptsText, EPISODE_STATUS_LABELS, firstContactText, formatDue, PROGRAMME_SHORT } from '../../followup-format.ts';
import { useNow } from '../../use-now.ts';
import { CASELOAD_KEY } from './followup-queries.ts';
import { OpenEpisodeForm } from './OpenEpisodeForm.tsx';
import { nameOf } from '../people/person-words.ts';
import { formatDate, formatDateTime } from '../../datetime.ts';

const ALERT_LABELS: Record<EpisodeView['alerts'][number]['code'], string> = {
  first_contact_overdue: 'First contact overdue',
  first_contact_due: 'First contact due',
  task_overdue: 'Task overdue',
  task_due: 'Task due today',
  attempts_exhausted: 'Attempts used up',
  window_ending: 'Window ends soon',
  window_passed: 'Window passed',
};
// "First contact due" is on every new episode and says nothing the column does not.
const QUIET = new Set(['first_contact_due']);

/** The case manager's caseload: their and their agency's open episodes, overdue first (the server's order). */
export function CaseloadPage({ canManage }: { canManage: boolean }) {
  const client = useClient();
  const now = useNow(30_000);
  const caseload = useQuery({ queryKey: CASELOAD_KEY, queryFn: ({ signal }) => client.caseload({ signal }) });

  return (
    <section className="page" aria-labelledby="caseload-title">
      <div className="page-head">
        <h1 id="caseload-title">Follow-up caseload</h1>
        <p className="muted">Overdue first: first contact, then tasks, then what falls due next.</p>
      </div>
      {caseload.isPending && <p className="empty">Loading your caseload…</p>}
      {caseload.isError && <p className="empty empty-error">The caseload could not be loaded. It will try again; check the connection indicator above.</p>}
      {caseload.data && caseload.data.items.length === 0 && (
        <p className="empty" data-testid="caseload-empty">
          No open episodes. An episode opens here when a call your programme follows up is closed with a disposition that needs follow-up.
          To follow up a closed call by hand, open an episode below with the incident’s id.
        </p>
      )}
      {caseload.data && caseload.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table caseload" data-testid="caseload-table">
            <caption className="visually-hidden">Open follow-up episodes, overdue first</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Programme</th>
                <th scope="col">Status</th>
                <th scope="col">First contact</th>
                <th scope="col">Attempts</th>
                <th scope="col">Next due</th>
                <th scope="col">Window ends</th>
                <th scope="col">Needs attention</th>
              </tr>
            </thead>
            <tbody>
              {caseload.data.items.map((e) => {
                const first = firstContactText(e, now);
                const alerts = e.alerts.filter((a) => !QUIET.has(a.code));
                return (
                  <tr key={e.id} data-testid="caseload-row" data-episode-id={e.id} data-incident-id={e.incidentId} className={first.overdue ? 'row-overdue' : undefined}>
                    <td data-label="Person">
                      <a href={`#/follow-up/${e.id}`} data-testid="episode-link">{(e.person?.name ? nameOf(e.person.name) : e.call?.personName) ?? e.personRef ?? 'Person not named'}</a>
                      <span className="cell-sub">Opened {formatDate(e.openedAt)}{e.assignedTo ? '' : ' · unassigned'}</span>
                    </td>
                    <td data-label="Programme" title={e.programmeLabel}>{PROGRAMME_SHORT[e.programme]}</td>
                    <td data-label="Status"><span className={`badge episode-${e.status}`}>{EPISODE_STATUS_LABELS[e.status]}</span></td>
                    <td data-label="First contact" className={first.overdue ? 'overdue' : undefined} data-testid="first-contact" data-due-at={e.firstContactAt ? undefined : e.firstContactDueAt}>{first.text}</td>
                    <td data-label="Attempts" className="nowrap">{attemptsText(e)}</td>
                    <td data-label="Next due" className="nowrap">{formatDue(e.nextDueAt, now)}</td>
                    <td data-label="Window ends" className="nowrap">
                      {formatDateTime(e.windowEndsAt)}
                      <span className="cell-sub">{formatDue(e.windowEndsAt, now)}</span>
                    </td>
                    <td data-label="Needs attention">
                      {alerts.length === 0 ? <span className="muted">Nothing</span> : alerts.map((a, i) => <span key={i} className={`alert-chip alert-${a.code}`}>{ALERT_LABELS[a.code]}</span>)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {canManage && <OpenEpisodeForm />}
    </section>
  );
}
