/**
 * The console's service worker: it keeps the app shell (index.html, the hashed scripts and
 * styles, the manifest and icons) so the page opens in a dead zone. It never stores an API
 * answer: those hold personal data, and a phone may be lost; the field view's outbox keeps
 * only what the crew tapped. Built as its own entry by vite.config.ts, which writes the list of
 * files in place of the placeholders below; a new build is a new list, hence a new worker.
 */

// Written by vite.config.ts at build time: the shell's files, and a version naming the cache.
const PRECACHE = '__CONTINUUM_PRECACHE__'.split(',').filter(Boolean);
const CACHE = 'continuum-shell-__CONTINUUM_VERSION__';
const SHELL = '/';
/** A navigation that has not answered by then is served from the cache: a weak signal is no signal. */
const NAVIGATION_TIMEOUT_MS = 4_000;

// The worker global scope, typed narrowly: the project compiles against the DOM library.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...PRECACHE.map((f) => `/${f}`)]))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('continuum-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API, the feed and other origins go straight to the network, untouched.
  if (request.method !== 'GET' || url.origin !== worker.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request));
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});

/** Pages: the network's answer when it comes in time (a deploy shows at once), else the cached shell. */
async function networkFirst(request: Request): Promise<Response> {
  const cached = () => caches.match(SHELL).then((hit) => hit ?? Response.error());
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('navigation timed out')), NAVIGATION_TIMEOUT_MS)),
    ]);
    if (!response.ok) return response.status >= 500 ? cached() : response;
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(SHELL, copy));
    return response;
  } catch {
    return cached();
  }
}
