import { useRef, useState } from 'react';
import type { HandoffView, OfferHandoffRequest } from '@continuum/contracts';
import type { IncidentStatus } from '@continuum/domain';
import { isApiError, newIdempotencyKey, type TransitionInput } from '@continuum/sdk';
import { OUTCOME_LABELS } from '../../close-form.ts';
import { describeWriteError } from '../../form-issues.ts';
import { afterHandOff, availableHandOffs, primaryHandOff, type HandOffAction } from '../../intake-actions.ts';
import { WITH_CALL_TAKER } from '../../intake-format.ts';
import { navigate } from '../../router.ts';
import { useAccept, useDestinations, useOffer } from '../../use-handoffs.ts';
import { useAnswer, useHandOff, useIncident, useTriage, useUndoAnswer } from '../../use-intake.ts';
import { SenderStatus } from '../handoff/SenderStatus.tsx';
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
import { TranscriptPanel } from './TranscriptPanel.tsx';
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
 * Which receiving agency and kind of hand-off each sending action offers (ADR 0028): 911's level-1
 * referral to 988 is not a warm transfer; an escalation to 911 is an emergency; CARES takes the
 * youth call as a warm transfer.
 */
const OFFER_OF: Partial<Record<HandOffAction, { agencyKind: string; kind: OfferHandoffRequest['kind'] }>> = {
  transfer_to_988: { agencyKind: '988_centre', kind: 'cold_referral' },
  escalate_to_911: { agencyKind: 'psap', kind: 'emergency_escalation' },
  route_to_cares: { agencyKind: 'cares_line', kind: 'warm_transfer' },
};

interface CallInterviewProps {
  id: string;
  abilities?: readonly string[];
  /** The newest hand-off of this call to the reader's centre, and from it (CallScreen). */
  incoming?: HandoffView | null;
  outgoing?: HandoffView | null;
}

/**
 * The guided interview of one call, keyboard first: the number keys answer, letters hand off,
 * and the level with its reasons stays in the side panel throughout. A call handed to this centre
 * continues here from what the sender took: nothing is typed again.
 */
export function CallInterview({ id, abilities = [], incoming = null, outgoing = null }: CallInterviewProps) {
  const triageQuery = useTriage(id);
  const incidentQuery = useIncident(id);
  const triage = triageQuery.data;
  const incident = incidentQuery.data;
  const answer = useAnswer(triage);
  const undo = useUndoAnswer(triage);
  const handOff = useHandOff(id);
  const offer = useOffer();
  const acceptIncoming = useAccept();
  const destinations = useDestinations(abilities.includes('incident.hand_off'));
  const [dialog, setDialog] = useState<Exclude<HandOffAction, 'queue_for_dispatch'> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Guards the gap between a key press and the re-render that disables the buttons.
  const busy = useRef(false);

  // Whichever was read last knows the status: the incident after a hand-off, the interview after an answer.
  const status = (incident && (!triage || incident.version >= triage.incidentVersion) ? incident.status : triage?.incidentStatus) as
    | IncidentStatus
    | undefined;
  // A call this centre accepted is with this centre's call-taker, whatever status the sender gave it.
  const received = incoming?.state === 'accepted' && status !== undefined && status !== 'closed' && status !== 'cancelled' && status !== 'awaiting_dispatch';
  const handedOff = status !== undefined && !WITH_CALL_TAKER.includes(status) && !received;
  const determined = triage?.status === 'determined';
  const offered = triage && !handedOff ? availableHandOffs(triage, incident) : handedOff ? afterHandOff(incident) : [];
  const primary = triage ? primaryHandOff(triage, offered, incident?.entryPoint) : null;
  const question = triage && !determined && !handedOff ? triage.nextQuestion : null;
  const pending = answer.isPending || undo.isPending || handOff.isPending || offer.isPending;
  // The server says when the last answer may be taken back: before the determination, with one to take.
  const undoable = !determined && !handedOff && triage?.allowedActions.includes('undo_answer') === true;

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

  const undoLast = () => void once(() => undo.mutateAsync(), 'The answer was not undone.');
  const choose = (questionId: string, answerKey: string | string[]) =>
    void once(() => answer.mutateAsync({ questionId, answer: answerKey }), 'That answer was not recorded.');

  const send = async (body: TransitionInput) => {
    // 988, 911 and CARES are offered the call as a hand-off of its own, which they see and accept.
    const how = OFFER_OF[body.action as HandOffAction];
    const to = how && destinations.data?.items.find((d) => d.agencyKind === how.agencyKind && d.takes.includes(how.kind));
    if (how && to) {
      const note = 'reason' in body && typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim() : undefined;
      await offer.mutateAsync({ incidentId: id, toAgencyId: to.agencyId, kind: how.kind, ...(note ? { note } : {}) });
    } else {
      await handOff.mutateAsync({ body, idempotencyKey: newIdempotencyKey() });
    }
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
  if (undoable) keys.z = () => !pending && undoLast();
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
        <h1 id="page-title">{status === 'closed' ? 'Call closed' : handedOff ? (outgoing?.state === 'offered' ? 'Call offered, waiting' : 'Call handed off') : determined ? 'Level determined' : 'Call in progress'}</h1>
        <button type="button" className="button button-quiet" onClick={nextCall} data-testid="back-to-intake">All calls</button>
      </div>
      {incoming && incoming.state === 'accepted' && (
        <p className="received-banner" data-testid="received-banner">
          From {incoming.from.name}: accepted by {incoming.decidedBy?.name ?? 'your centre'}. Everything the sender took is below; continue from there.
          {incoming.note ? ` Their note: “${incoming.note}”` : ''}
        </p>
      )}
      {incoming && incoming.state === 'offered' && (
        <p className="received-banner" data-testid="received-offer">
          {incoming.from.name} offers this call to your centre.{' '}
          <button type="button" className="button button-primary" onClick={() => void once(() => acceptIncoming.mutateAsync(incoming.id), 'The hand-off was not accepted.')} data-testid="received-accept">
            Accept
          </button>
        </p>
      )}
      {outgoing && <SenderStatus handoff={outgoing} />}
      <CallSummary incident={incident} />
      <div className="interview">
        <div className="interview-main">
          {problem && <p className="form-error" role="alert" data-testid="interview-problem">{problem}</p>}
          {/* A text or chat contact's conversation, for readers of its clinical class (the transcript is clinical). */}
          {incident && incident.channel && incident.channel !== 'call' && !incident.redacted.includes('clinical') && (
            <TranscriptPanel incidentId={id} channel={incident.channel} maySend={abilities.includes('contact.message') && status !== 'closed' && status !== 'cancelled'} />
          )}
          {handedOff && status && (
            <Outcome
              status={status}
              ending={status === 'closed' && incident?.disposition ? OUTCOME_LABELS[incident.disposition] : undefined}
              // Until the receiver accepts, the call is offered, not "with" them: the live line above says where it stands.
              detail={outgoing && status !== 'closed' && status !== 'cancelled' ? 'See the hand-off’s status above: it changes here as the other centre answers.' : undefined}
              onNextCall={nextCall}
            />
          )}
          {determined && (
            <Recommendation triage={triage} entryPoint={incident?.entryPoint} caresMaxMinutes={incident?.status === 'routed_to_cares' ? incident.caresMaxResponseMinutes : undefined}>
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
          <AnsweredList answers={triage.answers} canOverride={offered.some((o) => o.action === 'override_response')} onUndo={undoable ? undoLast : undefined} pending={pending} />
          <KeyLegend answering={question !== null} offered={offered} nextCall={handedOff} undo={undoable} />
        </div>
        <TriagePanel triage={triage} />
      </div>
      {dialog && <HandOffDialog action={dialog} recommended={triage.recommendedPlan.responseType} status={status} send={send} onClose={() => setDialog(null)} maySupervise={abilities.includes('incident.override_ground')} incident={incident} />}
    </section>
  );
}
