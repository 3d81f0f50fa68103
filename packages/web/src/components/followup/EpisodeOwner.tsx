import type { EpisodeView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { issuesOf, useEpisodeWrite } from './followup-queries.ts';

/**
 * Who owns the episode, and the one switch a case manager needs: take an unassigned episode into
 * their own caseload (one opened from a disposition starts unassigned), or hand theirs back.
 */
export function EpisodeOwner({ episode, me, manage }: { episode: EpisodeView; me: string; manage: boolean }) {
  const client = useClient();
  const write = useEpisodeWrite(episode.id, (take: boolean) => client.assignEpisode(episode.id, { take, expectedVersion: episode.version }));
  const mine = episode.assignedTo === me;
  const words = mine ? 'In your caseload' : episode.assignedTo ? 'In a colleague’s caseload' : 'Unassigned: in the agency’s caseload';
  const error = write.error ? issuesOf(write.error, []).general.join(' ') : null;
  return (
    <p className="episode-owner" data-testid="episode-owner" data-assigned={episode.assignedTo ? (mine ? 'me' : 'other') : 'none'}>
      <span>{words}</span>{' '}
      {manage && !episode.assignedTo && (
        <button type="button" className="button button-primary" disabled={write.isPending} onClick={() => write.mutate(true)} data-testid="episode-take">
          Take it
        </button>
      )}
      {manage && mine && (
        <button type="button" className="button" disabled={write.isPending} onClick={() => write.mutate(false)} data-testid="episode-hand-back">
          Hand back to the agency
        </button>
      )}
      {error && <span className="form-error" role="alert">{error}</span>}
    </p>
  );
}
