import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OfferHandoffRequest } from '@continuum/contracts';
import { newIdempotencyKey } from '@continuum/sdk';
import { useClient } from './client-context.tsx';
import { HANDOFFS_KEY, INCIDENTS_KEY } from './use-live-feed.ts';

/** The hand-offs offered to the reader's agency: the inbox at the top of Intake, the header's count. */
export function useInbox(enabled: boolean) {
  const client = useClient();
  return useQuery({ queryKey: [...HANDOFFS_KEY, 'inbox'], queryFn: ({ signal }) => client.handoffs({ box: 'inbox' }, { signal }), enabled });
}

/** The hand-offs of one call, either way: the sender watches its status live, the receiver sees what it took. */
export function useCallHandoffs(incidentId: string, enabled = true) {
  const client = useClient();
  return useQuery({ queryKey: [...HANDOFFS_KEY, 'call', incidentId], queryFn: ({ signal }) => client.handoffs({ box: 'all', incidentId }, { signal }), enabled });
}

export function useDestinations(enabled: boolean) {
  const client = useClient();
  return useQuery({ queryKey: [...HANDOFFS_KEY, 'destinations'], queryFn: ({ signal }) => client.handoffDestinations({ signal }), enabled, staleTime: 60_000 });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: HANDOFFS_KEY });
    void queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY });
  };
}

export function useOffer() {
  const client = useClient();
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: OfferHandoffRequest) => client.offerHandoff(body, { idempotencyKey: newIdempotencyKey() }), onSuccess: refresh });
}

export function useAccept() {
  const client = useClient();
  const refresh = useRefresh();
  // One key per hand-off: pressing Accept twice, or a retry, is one acceptance.
  return useMutation({ mutationFn: (id: string) => client.acceptHandoff(id, { idempotencyKey: `accept:${id}` }), onSuccess: refresh, onError: refresh });
}

export function useDecline() {
  const client = useClient();
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, reason }: { id: string; reason: string }) => client.declineHandoff(id, reason), onSuccess: refresh });
}
