import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../client-context.tsx';
import { attemptsText, CLOSURE_LABELS, EPISODE_STATUS_LABELS, firstContactText, formatDue, OUTCOME_LABELS } from '../../followup-format.ts';
import { useNow } from '../../use-now.ts';
import { CloseEpisodeDialog } from './CloseEpisodeDialog.tsx';
import { AttemptForm, TasksSection } from './EpisodeActions.tsx';
import { EpisodeOwner } from './EpisodeOwner.tsx';
import { episodeKey } from './followup-queries.ts';
import { ReferralsSection } from './ReferralsSection.tsx';
import { EpisodeContact } from './EpisodeContact.tsx';
import { nameOf } from '../people/person-words.ts';
import { formatDate, formatDateTime } from '../../datetime.ts';

/** One episode: where it stands, contact attempts, tasks, referrals, and closing it with a reason. */
export function EpisodePage({ id, me }: { id: string; me: string }) {
  const client = useClient();
  const now = useNow(30_000);
  const [closing, setClosing] = useState(false);
  const query = useQuery({ queryKey: episodeKey(id), queryFn: ({ signal }) => client.episode(id, { signal }) });

  if (query.isPending) return <p className="empty">Loading the episode…</p>;
  if (query.isError || !query.data) {
    return (
      <p className="empty empty-error" data-testid="episode-missing">
        This episode could not be found, or it is not within your reach. <a href="#/follow-up">Back to the caseload</a>.
      </p>
    );
  }
  const e = query.data;
  const live = e.status !== 'closed';
  const manage = live && e.canManage;
  const first = firstContactText(e, now);

  return (
    <section className="page episode" aria-labelledby="episode-title" data-testid="episode-page" data-status={e.status}>
      <p><a href="#/follow-up">← Caseload</a></p>
      <div className="page-head">
        <h1 id="episode-title">{(e.person?.name ? nameOf(e.person.name) : e.call?.personName) ?? e.personRef ?? 'Person not named'} · {e.programmeLabel}</h1>
        <span className={`badge episode-${e.status}`} data-testid="episode-status">{EPISODE_STATUS_LABELS[e.status]}</span>
      </div>
      <EpisodeContact e={e} />
      <dl className="episode-facts">
        <div><dt>First contact</dt><dd className={first.overdue ? 'overdue' : undefined} data-testid="episode-first-contact">{first.text}</dd></div>
        <div><dt>Attempts</dt><dd data-testid="episode-attempts">{attemptsText(e)}</dd></div>
        <div><dt>Open at least until</dt><dd>{formatDate(e.minimumUntil)}</dd></div>
        <div><dt>Window ends</dt><dd>{formatDateTime(e.windowEndsAt)} ({formatDue(e.windowEndsAt, now)})</dd></div>
        <div><dt>Incident</dt><dd><a href={`#/incidents/${e.incidentId}`} title={e.incidentId} data-testid="episode-incident-link">{e.call?.number ? `Call ${e.call.number}` : 'Open the call'}</a></dd></div>
      </dl>
      {live && <EpisodeOwner episode={e} me={me} manage={e.canManage} />}
      {e.closure && (
        <p className="episode-closed" data-testid="episode-closure">
          Closed {formatDateTime(e.closure.closedAt)}: <strong>{CLOSURE_LABELS[e.closure.reason]}</strong>
          {e.closure.note ? ` — ${e.closure.note}` : ''}
        </p>
      )}

      <div className="episode-grid">
        <section aria-labelledby="attempts-title" className="episode-card">
          <h2 id="attempts-title">Contact attempts</h2>
          {e.attempts.length === 0 ? (
            <p className="muted">No attempts yet. The first contact is due {formatDue(e.firstContactDueAt, now)}.</p>
          ) : (
            <ol className="episode-list" data-testid="attempt-list">
              {e.attempts.map((a) => (
                <li key={a.id}>
                  <strong>{OUTCOME_LABELS[a.outcome]}</strong> <span className="muted">{formatDateTime(a.at)}</span>
                  {a.note && <span className="cell-sub">{a.note}</span>}
                </li>
              ))}
            </ol>
          )}
          {manage && <AttemptForm episode={e} />}
        </section>
        <TasksSection episode={e} manage={manage} now={now} />
        <ReferralsSection episode={e} manage={manage} />
      </div>

      {manage && (
        <p>
          <button className="button" type="button" onClick={() => setClosing(true)} data-testid="close-episode">Close episode…</button>
        </p>
      )}
      {closing && <CloseEpisodeDialog episode={e} onClose={() => setClosing(false)} />}
    </section>
  );
}
