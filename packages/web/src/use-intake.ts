import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isValidIdempotencyKey, newIdempotencyKey, type IncidentView, type TransitionInput, type TriageView } from '@continuum/sdk';
import { useClient } from './client-context.tsx';
import { INCIDENTS_KEY } from './use-live-feed.ts';

// Under INCIDENTS_KEY, so that the live feed refreshes them when the incident changes elsewhere.
export const triageKey = (id: string) => [...INCIDENTS_KEY, 'triage', id] as const;
export const incidentKey = (id: string) => [...INCIDENTS_KEY, 'one', id] as const;

/**
 * Keeps the newer of two interview states: a refetch started before an answer was committed
 * can land after the answer's own reply, and must not bring back the question just answered.
 */
function newerTriage(old: unknown, next: unknown): unknown {
  const o = old as TriageView | undefined;
  const n = next as TriageView;
  return o && n && o.incidentId === n.incidentId && o.incidentVersion > n.incidentVersion ? o : n;
}

/** The guided interview of one incident as the server computes it. */
export function useTriage(id: string) {
  const client = useClient();
  return useQuery({
    queryKey: triageKey(id),
    queryFn: ({ signal }) => client.triage(id, { signal }),
    structuralSharing: newerTriage,
    staleTime: 2_000,
  });
}

/** The incident itself: entry point, location, person, and its status after a hand-off. */
export function useIncident(id: string) {
  const client = useClient();
  return useQuery({ queryKey: incidentKey(id), queryFn: ({ signal }) => client.getIncident(id, { signal }) });
}

/**
 * The same answer to the same question at the same point of the interview is one write, however
 * often the key is pressed or the request retried; a different answer is a different write.
 */
function answerKey(triage: TriageView, questionId: string, answer: string): string {
  const key = `answer:${triage.incidentId}:${triage.incidentVersion}:${questionId}:${answer}`;
  return isValidIdempotencyKey(key) ? key : newIdempotencyKey();
}

/** Records one answer and shows the interview after it at once. */
export function useAnswer(triage: TriageView | undefined) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ questionId, answer }: { questionId: string; answer: string | string[] }) => {
      if (!triage) throw new Error('The interview is not loaded yet');
      // Several answers where the question takes several (issue 12 §1).
      const body = Array.isArray(answer) ? { questionId, answerKeys: answer } : { questionId, answerKey: answer };
      return client.answerTriage(triage.incidentId, body, { idempotencyKey: answerKey(triage, questionId, Array.isArray(answer) ? answer.join('+') : answer) });
    },
    ...interviewWrite(queryClient, triage),
  });
}

/**
 * What an answer and its undo share: the interview's own read paused while the write is out, its
 * reply put in place, the list refreshed (the incident's level changed too), and on a refusal
 * (already determined, or a stale question) the interview read again to show where it really is.
 */
function interviewWrite(queryClient: QueryClient, triage: TriageView | undefined) {
  return {
    onMutate: async () => {
      if (triage) await queryClient.cancelQueries({ queryKey: triageKey(triage.incidentId) });
    },
    onSuccess: (next: TriageView) => {
      queryClient.setQueryData(triageKey(next.incidentId), next);
      void queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY, predicate: (q) => q.queryKey[1] !== 'triage' });
    },
    onError: () => {
      if (triage) void queryClient.invalidateQueries({ queryKey: triageKey(triage.incidentId) });
    },
  };
}

/**
 * Takes back the last answer (issue 12 §7). The key names the answer it undoes, so a second press
 * before the reply is the same write, and an undo after a newer answer is a new one.
 */
export function useUndoAnswer(triage: TriageView | undefined) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => {
      const last = triage?.answers.at(-1);
      if (!triage || !last) throw new Error('There is no answer to undo');
      const key = `undo:${triage.incidentId}:${triage.incidentVersion}:${last.questionId}`;
      return client.undoTriageAnswer(triage.incidentId, { questionId: last.questionId }, { idempotencyKey: isValidIdempotencyKey(key) ? key : newIdempotencyKey() });
    },
    ...interviewWrite(queryClient, triage),
  });
}

/** Sends one hand-off (dispatch-ready, 988, 911, CARES, override, cancel) and refreshes the screen. */
export function useHandOff(id: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: TransitionInput; idempotencyKey: string }) =>
      client.transitionIncident(id, body, { idempotencyKey }),
    onSuccess: (incident: IncidentView) => {
      queryClient.setQueryData(incidentKey(id), incident);
      // Everything else about incidents may have changed: the interview's status, the lists.
      void queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY, predicate: (q) => !(q.queryKey[1] === 'one' && q.queryKey[2] === id) });
    },
  });
}
