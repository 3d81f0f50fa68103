import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContactMessageList } from '@continuum/contracts';
import { useClient } from './client-context.tsx';
import { TRANSCRIPT_KEY } from './use-live-feed.ts';

const keyOf = (incidentId: string) => [...TRANSCRIPT_KEY, incidentId] as const;

/** A text or chat contact's messages, oldest first; the feed's `contact_message` refetches it. */
export function useTranscript(incidentId: string, enabled: boolean) {
  const client = useClient();
  return useQuery({ queryKey: keyOf(incidentId), queryFn: ({ signal }) => client.contactMessages(incidentId, { signal }), enabled });
}

/** Sends the counsellor's reply; the key is the caller's, one per message typed, so a retry is one message. */
export function useSendMessage(incidentId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: string; idempotencyKey: string }) =>
      client.postContactMessage(incidentId, { direction: 'outbound', body }, { idempotencyKey }),
    onSuccess: (message) => {
      // Shown at once; the feed's invalidation that follows refetches the same list.
      queryClient.setQueryData<ContactMessageList>(keyOf(incidentId), (list) =>
        list && !list.items.some((m) => m.id === message.id) ? { ...list, items: [...list.items, message] } : list,
      );
    },
  });
}
