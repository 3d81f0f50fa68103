import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PersonLinkInput, SafetyPlanInput } from '@continuum/sdk';
import { useClient } from './client-context.tsx';
import { INCIDENTS_KEY, PEOPLE_KEY } from './use-live-feed.ts';

// Under the incidents key: a link or an undo publishes the incident on the feed, which refetches these.
export const candidatesKey = (incidentId: string) => [...INCIDENTS_KEY, 'person', incidentId] as const;
export const personKey = (id: string) => [...PEOPLE_KEY, 'one', id] as const;

/** The incident's linked person and its ranked candidates. */
export function usePersonCandidates(incidentId: string, enabled: boolean) {
  const client = useClient();
  return useQuery({ queryKey: candidatesKey(incidentId), queryFn: ({ signal }) => client.personCandidates(incidentId, { signal }), enabled });
}

/** Link a confirmed candidate or a new record, or undo the link; the answer replaces the cached list. */
export function usePersonLink(incidentId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  const onSuccess = (data: Awaited<ReturnType<typeof client.linkPerson>>) => queryClient.setQueryData(candidatesKey(incidentId), data);
  const link = useMutation({ mutationFn: (body: PersonLinkInput) => client.linkPerson(incidentId, body), onSuccess });
  const undo = useMutation({ mutationFn: (reason: string) => client.unlinkPerson(incidentId, reason), onSuccess });
  return { link, undo };
}

/** One person record. */
export function usePerson(id: string) {
  const client = useClient();
  return useQuery({ queryKey: personKey(id), queryFn: ({ signal }) => client.getPerson(id, { signal }) });
}

/** Saves the whole safety plan. */
export function useSaveSafetyPlan(id: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SafetyPlanInput) => client.setSafetyPlan(id, body),
    onSuccess: (view) => queryClient.setQueryData(personKey(id), view),
  });
}
