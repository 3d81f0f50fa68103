import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionView } from '@continuum/sdk';
import { useClient } from './client-context.tsx';
import { META_KEY, SESSION_KEY } from './query-client.ts';
import { SignIn } from './components/SignIn.tsx';
import { Shell } from './components/Shell.tsx';
import { Notice } from './components/Notice.tsx';

/** The console: sign-in until there is a session, then the shell with its areas. */
export function App() {
  const client = useClient();
  const queryClient = useQueryClient();
  const meta = useQuery({ queryKey: META_KEY, queryFn: ({ signal }) => client.meta({ signal }), staleTime: Infinity });
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: ({ signal }) => client.session({ signal }), staleTime: 60_000 });

  if (session.isPending) return <Notice testId="app-loading" title="Opening Continuum…" />;
  if (session.isError && session.data === undefined) {
    return (
      <Notice
        testId="app-unreachable"
        title="Cannot reach the Continuum server"
        body="Check the network connection. If it is fine, tell your supervisor: the server may be down. This page will keep trying."
        action={{ label: 'Try again now', onClick: () => void session.refetch() }}
      />
    );
  }

  const onSignedIn = (signedIn: SessionView) => {
    queryClient.setQueryData(SESSION_KEY, signedIn);
    // The shell sends "/" on to the person's home area; a refused OIDC sign-in's page is done with.
    if (!window.location.hash || window.location.hash.startsWith('#/signin')) window.location.hash = '/';
  };

  const onSignOut = async () => {
    try {
      await client.signOut();
    } finally {
      // Nothing of the last user's data may stay in memory for the next one.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== META_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, null);
    }
  };

  if (!session.data) return <SignIn meta={meta.data} onSignedIn={onSignedIn} />;
  return <Shell session={session.data} meta={meta.data} onSignOut={onSignOut} />;
}
