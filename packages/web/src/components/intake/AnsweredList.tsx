import type { TriageView } from '@continuum/sdk';

interface AnsweredListProps {
  answers: TriageView['answers'];
  canOverride: boolean;
  /** Set while the last answer may be taken back (before the determination). */
  onUndo?: (() => void) | undefined;
  pending?: boolean;
}

/**
 * The answers given so far, in order. Before the determination the last one may be taken back
 * (Z): the history keeps the answer and its undoing. After it, a wrong answer is corrected by
 * overriding the response with a reason, never by rewriting the record.
 */
export function AnsweredList({ answers, canOverride, onUndo, pending = false }: AnsweredListProps) {
  if (answers.length === 0) return null;
  const last = answers.at(-1)!;
  return (
    <section className="answered" aria-labelledby="answered-title" data-testid="answered">
      <h2 id="answered-title">Answers so far</h2>
      <ol>
        {answers.map((a) => (
          <li key={a.questionId} data-question-id={a.questionId}>
            <span className="answered-q">{a.questionText}</span>
            <span className="answered-a">{a.answerLabel}</span>
          </li>
        ))}
      </ol>
      {onUndo ? (
        <p className="answered-undo">
          <button type="button" className="button" onClick={onUndo} disabled={pending} aria-keyshortcuts="z" data-testid="undo-answer">
            Undo the last answer <kbd>Z</kbd>
          </button>
          <span className="muted">“{last.answerLabel}” to “{last.questionText}” is taken back and the question asked again; the record keeps both.</span>
        </p>
      ) : (
        <p className="muted">
          Answers cannot be undone once the level is determined or the call handed off.{canOverride ? ' If one was wrong, override the response (O) and say why.' : ''}
        </p>
      )}
    </section>
  );
}
