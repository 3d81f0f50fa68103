// `npm start`: builds the console when its sources are newer than the build, then starts the
// server through the CLI. Arguments after `--` pass through (e.g. `npm start -- --memory`).
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = 'packages/web';
const built = join(web, 'dist/index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts'), 'packages/contracts/src', 'packages/sdk/src'];
const stale = !existsSync(built) || Math.max(...sources.filter(existsSync).map(newest)) > statSync(built).mtimeMs;
if (stale) {
  console.log('Building the console…');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', join(web, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The server runs as a child: signals sent to npm reach it (no orphan left on the port), and its
// failure is ours, so a supervisor that watches `npm start` restarts it when it dies.
const child = spawn(process.execPath, ['packages/cli/bin/continuum.mjs', 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  // Killed by a signal: exit as a shell would, 128 + the signal's number (never 0).
  process.exit(code ?? 128 + (signal ? constants.signals[signal] ?? 1 : 1));
});
