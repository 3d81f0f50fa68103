import { useSyncExternalStore } from 'react';

// Hash routing: the server only has to serve index.html at "/", and a reload keeps the page.
const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const readPath = () => window.location.hash.replace(/^#/, '') || '/';

/** The current route path, e.g. `/incidents`, re-rendering on every hash change. */
export function useRoutePath(): string {
  return useSyncExternalStore(subscribe, readPath, () => '/');
}

/** Moves to a route path. */
export function navigate(path: string): void {
  if (readPath() !== path) window.location.hash = path;
}

/** Moves to a route path in place of the current one: for redirects, which Back should skip. */
export function redirect(path: string): void {
  if (readPath() !== path) window.location.replace(`#${path}`);
}
