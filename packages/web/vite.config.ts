import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// The API server (`npm start`) listens here; the dev server forwards /api, including the
// feed's WebSocket, so the console talks to it same-origin as it does in production.
const api = { target: 'http://localhost:8080', ws: true };
const SERVICE_WORKER = 'sw';

/**
 * Writes the app shell's file list into the service worker (src/service-worker.ts), built as an
 * entry of its own at /sw.js: a new build lists new hashed files, so browsers install the new
 * worker and drop the old cache. Source maps are left out: nobody needs them offline.
 */
function precacheShell(): Plugin {
  return {
    name: 'continuum-precache-shell',
    apply: 'build',
    generateBundle(_options, bundle) {
      const sw = Object.values(bundle).find((f) => f.type === 'chunk' && f.name === SERVICE_WORKER);
      if (!sw || sw.type !== 'chunk') return;
      const files = Object.keys(bundle)
        .filter((f) => f !== sw.fileName && !f.endsWith('.map') && f !== 'index.html')
        .concat(['manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png', 'icons/icon.svg'])
        // The map's Latin labels, so a phone that lost the network still names the towns.
        .concat(['glyphs/Noto%20Sans%20Regular/0-255.pbf'])
        .sort();
      const version = createHash('sha256').update(files.join(',')).digest('hex').slice(0, 12);
      sw.code = sw.code.replace('__CONTINUUM_PRECACHE__', files.join(',')).replace('__CONTINUUM_VERSION__', version);
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), precacheShell()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), [SERVICE_WORKER]: fileURLToPath(new URL('./src/service-worker.ts', import.meta.url)) },
      // The worker must sit at the root under a name that never changes, to control the whole site.
      output: { entryFileNames: (chunk) => (chunk.name === SERVICE_WORKER ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: { port: 5173, proxy: { '/api': api } },
  preview: { port: 4173, proxy: { '/api': api } },
});
