import { createContext, useContext, type ReactNode } from 'react';
import type { ContinuumClient } from '@continuum/sdk';

const ClientContext = createContext<ContinuumClient | null>(null);

/** Makes one API client available to the tree; tests and stories can pass their own. */
export function ClientProvider({ client, children }: { client: ContinuumClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

/** The API client of the nearest ClientProvider. */
export function useClient(): ContinuumClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient: no ClientProvider above this component');
  return client;
}
