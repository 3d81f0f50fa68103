import { useEffect, useRef } from 'react';
import type { TriageView } from '@continuum/sdk';

type Question = NonNullable<TriageView['nextQuestion']>;

interface QuestionCardProps {
  question: Question;
  step: number;
  pending: boolean;
  onAnswer: (answerKey: string) => void;
}

/**
 * One question at a time, its answers numbered: the number key answers. Emergent answers say so
 * in words, because choosing one ends the interview and sends help at once.
 */
export function QuestionCard({ question, step, pending, onAnswer }: QuestionCardProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // A new question takes focus, so a screen reader reads it and the page stays where the eyes are.
  useEffect(() => heading.current?.focus(), [question.id]);

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
              </button>
            </li>
          );
        })}
      </ol>
      <p className="muted question-foot">
        Press the number of the answer. Each answer is recorded at once and cannot be undone; the answers so far are listed below.
      </p>
    </section>
  );
}
