import './zod-config.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { createClient } from '@continuum/sdk';
import { App } from './App.tsx';
import { ClientProvider } from './client-context.tsx';
import { createQueryClient } from './query-client.ts';
import { registerServiceWorker } from './register-service-worker.ts';
import './styles.css';

// Same origin as the page: the server serves the console, and the dev server proxies /api.
const client = createClient({ baseUrl: '' });
const queryClient = createQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </ClientProvider>
  </StrictMode>,
);

registerServiceWorker();
