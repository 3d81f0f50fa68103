import { useState } from 'react';
import { LIMITS } from '@continuum/contracts';
import type { ResponseView } from '@continuum/sdk';
import { formatReceived } from '../../format.ts';

type Kind = 'note' | 'hazard';

/** A field note (clinical: the care team reads it) or a hazard (told to every responder on the call). */
export function NotesForm({ response, onAdd }: { response: ResponseView; onAdd: (kind: Kind, text: string) => void }) {
  const [kind, setKind] = useState<Kind>('note');
  const [text, setText] = useState('');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const t = text.trim();
    if (!t) return;
    onAdd(kind, t);
    setText('');
  };
  return (
    <section className="field-card" aria-labelledby="field-notes-title" data-testid="field-notes">
      <h2 id="field-notes-title">Notes</h2>
      {response.notes && response.notes.length > 0 && (
        <ul className="field-note-list">
          {response.notes.map((n) => (
            <li key={`${n.at}-${n.text}`}>{n.text} <span className="field-when">{formatReceived(n.at, new Date())}</span></li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="field-note-form">
        <div className="field-segmented" role="radiogroup" aria-label="Kind">
          {(['note', 'hazard'] as const).map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className="field-button" onClick={() => setKind(k)} data-testid={`field-note-kind-${k}`}>
              {k === 'note' ? 'Note' : 'Hazard (all responders)'}
            </button>
          ))}
        </div>
        <label htmlFor="field-note-text" className="visually-hidden">{kind === 'note' ? 'Note' : 'Hazard'}</label>
        <textarea
          id="field-note-text"
          className="field-input"
          rows={3}
          maxLength={LIMITS.summary}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={kind === 'hazard' ? 'e.g. Dog in the yard; knife on the kitchen table' : 'What happened, for the care team'}
          data-testid="field-note-text"
        />
        <button type="submit" className="field-button field-button-go" disabled={!text.trim()} data-testid="field-note-add">
          {kind === 'hazard' ? 'Tell every responder' : 'Add note'}
        </button>
      </form>
    </section>
  );
}
