// Browser tests drive Debian's chromium (playwright cannot download a browser here). On a fresh
// machine where we are root with apt, install it; otherwise say exactly what to do.
import { execFileSync, spawnSync } from 'node:child_process';

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();

if (process.env.CHROMIUM_PATH || which('chromium')) process.exit(0);
const root = process.getuid?.() === 0;
if (!root || !which('apt-get')) {
  console.error('Browser tests need Chromium. Install Debian\'s package (sudo apt-get install chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}
console.log('Installing Debian\'s chromium for the browser tests (once)…');
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
