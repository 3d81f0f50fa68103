import { useState, type FormEvent } from 'react';
import type { EpisodeView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { formatDue, isoToLocalInput, localInputToIso, OUTCOME_LABELS } from '../../followup-format.ts';
import { issuesOf, useEpisodeWrite } from './followup-queries.ts';

const OUTCOMES = Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[];

/** Logs a contact attempt: the outcome (number keys work in the radio group), an optional note. */
export function AttemptForm({ episode }: { episode: EpisodeView }) {
  const client = useClient();
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('no_answer');
  const [note, setNote] = useState('');
  const write = useEpisodeWrite(episode.id, () => client.logAttempt(episode.id, { outcome, ...(note.trim() ? { note } : {}), expectedVersion: episode.version }));
  const issues = write.error ? issuesOf(write.error, ['outcome', 'note', 'at']) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    write.mutate(undefined, { onSuccess: () => setNote('') });
  };
  return (
    <form className="form followup-form" onSubmit={submit} data-testid="attempt-form">
      <fieldset className="field">
        <legend className="field-label">Outcome</legend>
        <div className="choice-row">
          {OUTCOMES.map((o) => (
            <label key={o} className="choice">
              <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} /> {OUTCOME_LABELS[o]}
            </label>
          ))}
        </div>
        {issues?.fields.outcome && <span className="form-error" role="alert" data-testid="attempt-error">{issues.fields.outcome}</span>}
      </fieldset>
      <label className="field">
        <span className="field-label">Note (optional)</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
      </label>
      {issues?.general.map((m) => <p key={m} className="form-error" role="alert">{m}</p>)}
      <button className="button button-primary" type="submit" disabled={write.isPending}>Log attempt</button>
    </form>
  );
}

/** Tasks and reminders: what is due, done, and adding one with a due time. */
export function TasksSection({ episode, manage, now }: { episode: EpisodeView; manage: boolean; now: Date }) {
  const client = useClient();
  const [title, setTitle] = useState('');
  const [due, setDue] = useState(() => isoToLocalInput(new Date(now.getTime() + 24 * 3_600_000)));
  const add = useEpisodeWrite(episode.id, () => client.addTask(episode.id, { title, dueAt: localInputToIso(due), expectedVersion: episode.version }));
  const done = useEpisodeWrite(episode.id, (taskId: string) => client.completeTask(episode.id, taskId));
  const issues = add.error ? issuesOf(add.error, ['title', 'dueAt']) : null;
  const tasks = episode.tasks ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(undefined, { onSuccess: () => setTitle('') });
  };
  return (
    <section aria-labelledby="tasks-title" className="episode-card">
      <h2 id="tasks-title">Tasks and reminders</h2>
      {tasks.length === 0 ? (
        <p className="muted">No tasks. Add one for anything with a date: a call back, a visit, a check on a referral.</p>
      ) : (
        <ul className="episode-list" data-testid="task-list">
          {tasks.map((t) => {
            const late = !t.completedAt && new Date(t.dueAt).getTime() < now.getTime();
            return (
              <li key={t.id} data-testid="task" data-done={Boolean(t.completedAt)}>
                <span className={t.completedAt ? 'task-done' : undefined}>{t.title}</span>{' '}
                <span className={late ? 'overdue' : 'muted'}>{t.completedAt ? 'done' : formatDue(t.dueAt, now)}</span>
                {manage && !t.completedAt && (
                  <button className="button button-small" type="button" onClick={() => done.mutate(t.id)} disabled={done.isPending}>Done</button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {manage && (
        <form className="form followup-form" onSubmit={submit} data-testid="task-form">
          <label className="field">
            <span className="field-label">Task</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
            {issues?.fields.title && <span className="form-error">{issues.fields.title}</span>}
          </label>
          <label className="field">
            <span className="field-label">Due</span>
            <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} required />
            {issues?.fields.dueAt && <span className="form-error">{issues.fields.dueAt}</span>}
          </label>
          {issues?.general.map((m) => <p key={m} className="form-error" role="alert">{m}</p>)}
          <button className="button" type="submit" disabled={add.isPending}>Add task</button>
        </form>
      )}
    </section>
  );
}
