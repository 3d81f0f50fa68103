import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EpisodeView } from '@continuum/sdk';
import { describeWriteError, type FormIssues } from '../../form-issues.ts';

/** Cache keys of follow-up: the feed's `followup_episode` messages make all of them stale. */
export const FOLLOWUP_KEY = ['followup'] as const;
export const CASELOAD_KEY = [...FOLLOWUP_KEY, 'caseload'] as const;
export const episodeKey = (id: string) => [...FOLLOWUP_KEY, 'episode', id] as const;

/**
 * A write on an episode: the answer replaces the cached episode at once, and the caseload is
 * refetched (its order may have changed).
 */
export function useEpisodeWrite<I>(episodeId: string, send: (input: I) => Promise<EpisodeView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (episode) => {
      queryClient.setQueryData(episodeKey(episodeId), episode);
      void queryClient.invalidateQueries({ queryKey: CASELOAD_KEY });
    },
  });
}

/** A failed write in words, with the server's field issues filed under the form's fields. */
export function issuesOf(error: unknown, fields: readonly string[]): FormIssues {
  const issues = describeWriteError(error, fields);
  // The shared wording speaks of calls; on an episode, say episode.
  return { ...issues, general: issues.general.map((m) => m.replace('The call changed meanwhile', 'The episode changed meanwhile')) };
}
