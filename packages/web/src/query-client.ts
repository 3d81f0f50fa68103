import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '@continuum/sdk';

export const SESSION_KEY = ['session'] as const;
export const META_KEY = ['meta'] as const;

/**
 * The console's query cache. An expired session anywhere sends the user back to sign-in
 * (the session query answers null), and errors the user must act on are not retried.
 */
export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error, 'unauthenticated') && query.queryKey[0] !== SESSION_KEY[0]) {
          queryClient.setQueryData(SESSION_KEY, null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        // The SDK already retries network failures and 503s with back-off.
        retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 1,
        refetchOnWindowFocus: true,
        staleTime: 5_000,
      },
    },
  });
  return queryClient;
}
