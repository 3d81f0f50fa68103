// `npm start`: builds the console when its sources are newer than the build, then starts the
// server through the CLI. Arguments after `--` pass through (e.g. `npm start -- --memory`).
import { spawnSync } from 'node:child_process';
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
const r = spawnSync(process.execPath, ['packages/cli/bin/continuum.mjs', 'start', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 0);
