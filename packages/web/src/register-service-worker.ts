/// <reference types="vite/client" />
/**
 * Registers the app-shell service worker (src/service-worker.ts, built to /sw.js) so the console
 * opens with no network and can be installed. Production builds only: in development it would
 * serve yesterday's modules. Secure contexts only, which browsers require anyway (localhost
 * counts as one).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      // The console works without it; only opening offline does not.
      console.warn('Service worker not registered:', error);
    });
  });
}
