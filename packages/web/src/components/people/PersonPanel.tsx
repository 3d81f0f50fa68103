import { useState } from 'react';
import type { PersonCandidate } from '@continuum/sdk';
import { describeWriteError } from '../../form-issues.ts';
import { usePersonCandidates, usePersonLink } from '../../use-people.ts';
import { nameOf, reasonWords } from './person-words.ts';
import './people.css';

interface PersonPanelProps {
  incidentId: string;
  /** The person's name as the call recorded it: the start of a new record. */
  personName: string | undefined;
  abilities: readonly string[];
}

/**
 * Who the call is about: the linked record, or the candidates to confirm. Matching only proposes;
 * a link needs a click and a confirmation, and an undo needs a reason (ADR 0013).
 */
export function PersonPanel({ incidentId, personName, abilities }: PersonPanelProps) {
  const mayRead = abilities.includes('person.read');
  const mayLink = abilities.includes('person.link');
  const query = usePersonCandidates(incidentId, mayRead);
  const { link, undo } = usePersonLink(incidentId);
  const [confirming, setConfirming] = useState<PersonCandidate | 'new' | null>(null);
  const [undoing, setUndoing] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!mayRead) return null;

  const run = async (work: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await work();
      setConfirming(null);
      setUndoing(false);
      setReason('');
    } catch (error) {
      const said = describeWriteError(error, []);
      setProblem([...Object.values(said.fields), ...said.general].join(' ') || 'That did not work.');
    }
  };
  const [given = '', ...rest] = (personName ?? '').trim().split(/\s+/);
  const family = rest.join(' ');
  const data = query.data;

  return (
    <section className="person-panel" aria-labelledby="person-panel-title" data-testid="person-panel">
      <h2 id="person-panel-title">Person</h2>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {query.isPending && <p className="empty">Looking for records…</p>}
      {data?.linked && (
        <div data-testid="person-linked">
          <p>
            Linked to <a href={`#/people/${data.linked.personId}`}>{nameOf(data.linked.name)}</a>
            {data.linked.dateOfBirth ? `, born ${data.linked.dateOfBirth}` : ''}
          </p>
          {mayLink && !undoing && <button type="button" className="button button-quiet" onClick={() => setUndoing(true)} data-testid="person-undo">Undo link</button>}
          {undoing && (
            <form onSubmit={(e) => { e.preventDefault(); void run(() => undo.mutateAsync(reason)); }}>
              <label>Why was this link wrong? <input value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus data-testid="person-undo-reason" /></label>
              <button type="submit" className="button" disabled={!reason.trim() || undo.isPending} data-testid="person-undo-confirm">Undo the link</button>
              <button type="button" className="button button-quiet" onClick={() => setUndoing(false)}>Keep it</button>
            </form>
          )}
        </div>
      )}
      {data && !data.linked && (
        <>
          {data.candidates.length === 0 && <p className="empty" data-testid="person-no-candidates">No record resembles this person.</p>}
          <ol className="person-candidates">
            {data.candidates.map((c) => (
              <li key={c.personId} data-testid="person-candidate" data-band={c.band}>
                <strong>{nameOf(c.name)}</strong>{c.dateOfBirth ? `, born ${c.dateOfBirth}` : ''}{' '}
                <span className={`band band-${c.band}`}>{c.band} · {Math.round(c.score * 100)}%</span>
                <ul className="reasons">{reasonWords(c).map((w) => <li key={w}>{w}</li>)}</ul>
                {mayLink && <button type="button" className="button" onClick={() => setConfirming(c)} data-testid="person-link">Link…</button>}
              </li>
            ))}
          </ol>
          {mayLink && given && family && (
            <button type="button" className="button button-quiet" onClick={() => setConfirming('new')} data-testid="person-create">Create new record for {personName}</button>
          )}
          {confirming && (
            <div className="person-confirm" role="alertdialog" aria-labelledby="person-confirm-text">
              <p id="person-confirm-text">
                {confirming === 'new'
                  ? `Create a new person record for ${personName} and link this call to it?`
                  : `Is this call about ${nameOf(confirming.name)}${confirming.dateOfBirth ? `, born ${confirming.dateOfBirth}` : ''}? Their record and safety plan will be shown with this call.`}
              </p>
              <button
                type="button"
                className="button"
                autoFocus
                disabled={link.isPending}
                data-testid="person-link-confirm"
                onClick={() => void run(() => link.mutateAsync(confirming === 'new' ? { newPerson: { name: { given, family } } } : { personId: confirming.personId }))}
              >
                Yes, link
              </button>
              <button type="button" className="button button-quiet" onClick={() => setConfirming(null)}>No</button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
