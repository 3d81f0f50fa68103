import { useEffect, useRef, useState } from 'react';
import type { TriageView } from '@continuum/sdk';

type Question = NonNullable<TriageView['nextQuestion']>;

interface QuestionCardProps {
  question: Question;
  step: number;
  pending: boolean;
  /** One answer, or several where the question takes several. */
  onAnswer: (answerKey: string | string[]) => void;
}

/**
 * One question at a time, its answers numbered: the number key answers. Emergent answers say so
 * in words, because choosing one ends the interview and sends help at once.
 */
export function QuestionCard({ question, step, pending, onAnswer }: QuestionCardProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // A new question takes focus, so a screen reader reads it and the page stays where the eyes are.
  useEffect(() => heading.current?.focus(), [question.id]);
  // Where facts co-exist (issue 12 §1) the call-taker ticks each, then records them together;
  // a number key still answers one at once, so an emergent call is never slowed down.
  const [ticked, setTicked] = useState<string[]>([]);
  const tick = (key: string) => setTicked((t) => (t.includes(key) ? t.filter((k) => k !== key) : [...t, key]));

  return (
    <section className="question" aria-labelledby="question-text" aria-busy={pending} data-testid="question" data-question-id={question.id}>
      <p className="question-step">Question {step}</p>
      <h2 id="question-text" ref={heading} tabIndex={-1}>{question.text}</h2>
      {question.help && <p className="muted question-help">{question.help}</p>}
      <ol className="answers">
        {question.answers.map((answer, i) => {
          const digit = i < 9 ? String(i + 1) : null;
          return (
            <li key={answer.key}>
              <button
                type="button"
                className={answer.emergent ? 'answer answer-emergent' : 'answer'}
                onClick={() => onAnswer(answer.key)}
                disabled={pending}
                aria-keyshortcuts={digit ?? undefined}
                data-testid="answer"
                data-answer-key={answer.key}
                data-emergent={answer.emergent}
              >
                <kbd className="answer-key" aria-hidden="true">{digit ?? '·'}</kbd>
                <span className="answer-label">{answer.label}</span>
                {answer.emergent && <span className="tag tag-emergent">Emergent</span>}
                {answer.unknown && <span className="tag">Not known</span>}
              </button>
              {question.multiple && !answer.unknown && (
                <label className="answer-also">
                  <input type="checkbox" checked={ticked.includes(answer.key)} onChange={() => tick(answer.key)} disabled={pending} data-testid="answer-tick" data-answer-key={answer.key} />
                  Also applies
                </label>
              )}
            </li>
          );
        })}
      </ol>
      {question.multiple && ticked.length > 0 && (
        <p>
          <button type="button" className="button button-primary" disabled={pending} onClick={() => onAnswer(ticked.length === 1 ? ticked[0]! : ticked)} data-testid="answer-ticked">
            Record the {ticked.length} ticked together
          </button>
        </p>
      )}
      <p className="muted question-foot">
        Press the number of the answer; “the caller does not know” is always an answer. {question.multiple ? 'Where several apply, tick each and record them together. ' : ''}Each answer is recorded at once; the answers so far are listed below.
      </p>
    </section>
  );
}
