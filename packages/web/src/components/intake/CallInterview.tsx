import { useRef, useState } from 'react';
import type { IncidentStatus } from '@continuum/domain';
import { isApiError, newIdempotencyKey, type TransitionInput } from '@continuum/sdk';
import { OUTCOME_LABELS } from '../../close-form.ts';
import { describeWriteError } from '../../form-issues.ts';
import { afterHandOff, availableHandOffs, primaryHandOff, type HandOffAction } from '../../intake-actions.ts';
import { WITH_CALL_TAKER } from '../../intake-format.ts';
import { navigate } from '../../router.ts';
import { useAnswer, useHandOff, useIncident, useTriage } from '../../use-intake.ts';
import { usePageKeys } from '../../use-shortcuts.ts';
import { AnsweredList } from './AnsweredList.tsx';
import { CallSummary } from './CallSummary.tsx';
import { HandOffBar } from './HandOffBar.tsx';
import { HandOffDialog } from './HandOffDialog.tsx';
import { KeyLegend } from './KeyLegend.tsx';
import { Outcome } from './Outcome.tsx';
import { PersonPanel } from '../people/PersonPanel.tsx';
import { QuestionCard } from './QuestionCard.tsx';
import { Recommendation } from './Recommendation.tsx';
import { TriagePanel } from './TriagePanel.tsx';

/** Words for an interview that cannot be opened, by what the server said. */
function describeLoadError(error: unknown): string {
  if (isApiError(error, 'validation_failed') && error.issues.some((i) => i.rule === 'no_protocol_pinned')) {
    return 'Your region has no triage protocol pinned, so the interview cannot run. Ask an administrator to pin one; meanwhile, triage the call the way you do today.';
  }
  if (isApiError(error, 'forbidden')) return 'Your role does not run the triage interview. The call is listed under Incidents (g i).';
  if (isApiError(error, 'not_found')) return 'This call was not found, or it is outside your region.';
  if (isApiError(error, 'network_error', 'timeout', 'unavailable')) return 'The server did not answer. Stay with the caller; this page keeps trying.';
  return isApiError(error) ? error.message : 'The interview could not be opened.';
}

/**
 * The guided interview of one call, keyboard first: the number keys answer, letters hand off,
 * and the level with its reasons stays in the side panel throughout.
 */
export function CallInterview({ id, abilities = [] }: { id: string; abilities?: readonly string[] }) {
  const triageQuery = useTriage(id);
  const incidentQuery = useIncident(id);
  const triage = triageQuery.data;
  const incident = incidentQuery.data;
  const answer = useAnswer(triage);
  const handOff = useHandOff(id);
  const [dialog, setDialog] = useState<Exclude<HandOffAction, 'queue_for_dispatch'> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Guards the gap between a key press and the re-render that disables the buttons.
  const busy = useRef(false);

  // Whichever was read last knows the status: the incident after a hand-off, the interview after an answer.
  const status = (incident && (!triage || incident.version >= triage.incidentVersion) ? incident.status : triage?.incidentStatus) as
    | IncidentStatus
    | undefined;
  const handedOff = status !== undefined && !WITH_CALL_TAKER.includes(status);
  const determined = triage?.status === 'determined';
  const offered = triage && !handedOff ? availableHandOffs(triage, incident) : handedOff ? afterHandOff(incident) : [];
  const primary = triage ? primaryHandOff(triage, offered, incident?.entryPoint) : null;
  const question = triage && !determined && !handedOff ? triage.nextQuestion : null;
  const pending = answer.isPending || handOff.isPending;

  const once = async (work: () => Promise<unknown>, failure: string, fields: string[] = []) => {
    if (busy.current) return;
    busy.current = true;
    setProblem(null);
    try {
      await work();
    } catch (error) {
      const said = describeWriteError(error, fields);
      setProblem(`${failure} ${[...Object.values(said.fields), ...said.general].join(' ')}`);
    } finally {
      busy.current = false;
    }
  };

  const choose = (questionId: string, answerKey: string) =>
    void once(() => answer.mutateAsync({ questionId, answer: answerKey }), 'That answer was not recorded.');

  const send = async (body: TransitionInput) => {
    await handOff.mutateAsync({ body, idempotencyKey: newIdempotencyKey() });
    setDialog(null);
  };
  const start = (action: HandOffAction) => {
    if (busy.current || !offered.some((o) => o.action === action)) return;
    if (action === 'queue_for_dispatch') void once(() => send({ action }), 'The call was not marked dispatch-ready.');
    else setDialog(action);
  };
  const nextCall = () => navigate('/intake');

  const keys: Record<string, () => void> = {};
  question?.answers.slice(0, 9).forEach((a, i) => (keys[String(i + 1)] = () => !pending && choose(question.id, a.key)));
  for (const h of offered) keys[h.key] = () => !pending && start(h.action);
  if (handedOff) keys.n = nextCall;
  usePageKeys(keys, dialog === null);

  if (triageQuery.isPending) return <p className="empty" data-testid="interview-loading">Opening the interview…</p>;
  if (!triage) {
    return (
      <div className="empty empty-error" role="alert" data-testid="interview-error">
        <p>{describeLoadError(triageQuery.error)}</p>
        <button type="button" className="button" onClick={() => void triageQuery.refetch()}>Try again</button>{' '}
        <button type="button" className="button" onClick={nextCall}>Back to new call</button>
      </div>
    );
  }

  const emergent = determined && triage.emergent;
  const handOffBar = (
    <HandOffBar
      offered={offered}
      primary={primary}
      focusKey={determined && !handedOff ? `${triage.incidentId}:${primary}` : null}
      emergent={emergent}
      pending={pending}
      onChoose={start}
    />
  );
  return (
    <section className={`page intake-call${emergent ? ' intake-emergent' : ''}`} aria-labelledby="page-title" data-testid="interview" data-status={triage.status}>
      <div className="page-head">
        <h1 id="page-title">{status === 'closed' ? 'Call closed' : handedOff ? 'Call handed off' : determined ? 'Level determined' : 'Call in progress'}</h1>
        <button type="button" className="button button-quiet" onClick={nextCall} data-testid="back-to-intake">All calls</button>
      </div>
      <CallSummary incident={incident} />
      <div className="interview">
        <div className="interview-main">
          {problem && <p className="form-error" role="alert" data-testid="interview-problem">{problem}</p>}
          {handedOff && status && <Outcome status={status} ending={status === 'closed' && incident?.disposition ? OUTCOME_LABELS[incident.disposition] : undefined} onNextCall={nextCall} />}
          {determined && (
            <Recommendation triage={triage} entryPoint={incident?.entryPoint}>
              {handOffBar}
            </Recommendation>
          )}
          {question && (
            <QuestionCard key={question.id} question={question} step={triage.answers.length + 1} pending={answer.isPending} onAnswer={(k) => choose(question.id, k)} />
          )}
          {!determined && !question && !handedOff && <p className="empty">No further question: waiting for the determination…</p>}
          {!determined && handOffBar}
          {/* Who the person is can wait for the question that decides the response. */}
          <PersonPanel incidentId={id} personName={incident?.personName} abilities={abilities} />
          <AnsweredList answers={triage.answers} canOverride={offered.some((o) => o.action === 'override_response')} />
          <KeyLegend answering={question !== null} offered={offered} nextCall={handedOff} />
        </div>
        <TriagePanel triage={triage} />
      </div>
      {dialog && <HandOffDialog action={dialog} recommended={triage.recommendedPlan.responseType} status={status} send={send} onClose={() => setDialog(null)} />}
    </section>
  );
}
