import { useRef, useState, type FormEvent } from 'react';
import type { EpisodeView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { CLOSURE_LABELS } from '../../followup-format.ts';
import { Modal } from '../intake/Modal.tsx';
import { issuesOf, useEpisodeWrite } from './followup-queries.ts';

type Reason = keyof typeof CLOSURE_LABELS;
const REASONS = Object.keys(CLOSURE_LABELS) as Reason[];

/** Closing asks how the episode ended (required) and confirms: a closed episode takes no more changes. */
export function CloseEpisodeDialog({ episode, onClose }: { episode: EpisodeView; onClose: () => void }) {
  const client = useClient();
  const first = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState<Reason | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const write = useEpisodeWrite(episode.id, () => client.closeEpisode(episode.id, { ...(reason ? { reason } : {}), ...(note.trim() ? { note } : {}), expectedVersion: episode.version }));
  const issues = write.error ? issuesOf(write.error, ['reason', 'note']) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) return setMissing(true);
    write.mutate(undefined, { onSuccess: onClose });
  };
  return (
    <Modal titleId="close-episode-title" onClose={onClose} initialFocus={first} testId="close-episode-dialog">
      <form className="form" onSubmit={submit}>
        <h2 id="close-episode-title">Close this episode?</h2>
        <p className="muted">A closed episode takes no more attempts, tasks or referrals. If the person needs help again, a new crisis opens a new episode.</p>
        <fieldset className="field">
          <legend className="field-label">How did it end? (required)</legend>
          {REASONS.map((r, i) => (
            <label key={r} className="choice">
              <input ref={i === 0 ? first : undefined} type="radio" name="reason" value={r} checked={reason === r} onChange={() => { setReason(r); setMissing(false); }} /> {CLOSURE_LABELS[r]}
            </label>
          ))}
          {(missing || issues?.fields.reason) && <span className="form-error" role="alert" data-testid="close-reason-error">{issues?.fields.reason ?? 'Choose how the episode ended.'}</span>}
        </fieldset>
        <label className="field">
          <span className="field-label">Note</span>
          <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={2000} />
          {issues?.fields.note && <span className="form-error" role="alert">{issues.fields.note}</span>}
        </label>
        {issues?.general.map((m) => <p key={m} className="form-error" role="alert">{m}</p>)}
        <div className="choice-row">
          <button className="button button-primary" type="submit" disabled={write.isPending} data-testid="confirm-close">Close episode</button>
          <button className="button" type="button" onClick={onClose}>Keep it open</button>
        </div>
      </form>
    </Modal>
  );
}
