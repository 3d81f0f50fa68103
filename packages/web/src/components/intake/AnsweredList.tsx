import type { TriageView } from '@continuum/sdk';

/**
 * The answers given so far, in order. Answers are recorded events, so there is no undo: a wrong
 * answer is corrected by overriding the response with a reason, never by rewriting the record.
 */
export function AnsweredList({ answers, canOverride }: { answers: TriageView['answers']; canOverride: boolean }) {
  if (answers.length === 0) return null;
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
      <p className="muted">
        Answers cannot be undone.{canOverride ? ' If one was wrong, override the response (O) and say why.' : ''}
      </p>
    </section>
  );
}
