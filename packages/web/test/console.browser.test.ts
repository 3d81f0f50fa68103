import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '@continuum/server';
import { createClient } from '@continuum/sdk';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const webDist = join(webRoot, 'dist');
const resultsDir = join(repoRoot, 'test-results');
const DEMO_PASSWORD = 'continuum-demo';

/** Debian's chromium: CHROMIUM_PATH wins, then whatever `which chromium` finds. */
function findChromium(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH');
  }
}

/** The newest modification time of any file under the given folders. */
async function newestSource(dirs: string[]): Promise<number> {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

/**
 * The server serves the built console: build it when a fresh clone has none, or when the
 * console's sources changed since, so the test never passes or fails on yesterday's bundle.
 */
async function ensureWebBuilt(): Promise<void> {
  const index = join(webDist, 'index.html');
  if (existsSync(index)) {
    const dirs = ['web/src', 'sdk/src', 'contracts/src', 'domain/src'].map((p) => join(repoRoot, 'packages', p));
    const changed = Math.max((await stat(join(webRoot, 'index.html'))).mtimeMs, await newestSource(dirs));
    if (changed <= (await stat(index)).mtimeMs) return;
  }
  const { build } = await import('vite');
  await build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
}

let server: { url: string; close(): Promise<void> };
let browser: BrowserContext;
let profileDir: string;

beforeAll(async () => {
  await ensureWebBuilt();
  server = await startServer({ port: 0, memory: true, seedDemo: true, webDist, host: '127.0.0.1', logLevel: 'warn' });
  profileDir = await mkdtemp(join(tmpdir(), 'continuum-chromium-'));
  // Playwright takes the fresh profile folder as launchPersistentContext's first argument and
  // refuses a --user-data-dir in args; the folder is the same either way.
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1366, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

/** A fresh signed-out page, collecting uncaught page errors. */
async function openConsole(): Promise<{ page: Page; errors: string[] }> {
  // One profile for the whole file: each test starts without the last one's session.
  await browser.clearCookies();
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.getByTestId('signin-form').waitFor();
  return { page, errors };
}

describe('console', () => {
  it('says so plainly when the password is wrong', async () => {
    const { page, errors } = await openConsole();
    await page.getByTestId('demo-signins').waitFor();
    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'console-signin.png'), fullPage: true });
    await page.getByTestId('signin-username').fill('telecom');
    await page.getByTestId('signin-password').fill('not-the-password');
    await page.getByTestId('signin-submit').click();
    const error = page.getByTestId('signin-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toMatch(/wrong username or password/i);
    expect(await page.getByTestId('app-shell').count()).toBe(0);
    await page.screenshot({ path: join(resultsDir, 'console-signin-error.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs in and shows a new incident live, without reloading', async () => {
    const { page, errors } = await openConsole();

    // The demo list fills in the username; the hint gives the password.
    await page.getByTestId('demo-signin-telecom').click();
    expect(await page.getByTestId('signin-username').inputValue()).toBe('telecom');
    expect(await page.getByTestId('demo-hint').textContent()).toContain(DEMO_PASSWORD);
    await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
    await page.getByTestId('signin-submit').click();

    await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
    await page.getByTestId('area-incidents').waitFor();
    await page.locator('[data-testid="incident-table"], [data-testid="incidents-empty"]').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('header-name').textContent()).not.toBe('');
    await mkdir(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, 'console-signed-in.png'), fullPage: true });

    // A marker that a reload would wipe out.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const sdk = createClient({ baseUrl: server.url });
    await sdk.signIn({ username: 'telecom', password: DEMO_PASSWORD });
    const address = `${Math.floor(Math.random() * 9000) + 1000} Live Feed Avenue, Urbana`;
    const created = await sdk.createIncident({
      entryPoint: '911',
      summary: 'Browser test: caller reports a neighbour in distress',
      location: { address, lat: 40.1106, lon: -88.2073 },
    });

    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${created.id}"]`);
    await row.getByTestId('incident-address').filter({ hasText: address }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(await row.getAttribute('data-status')).toBe('received');

    await page.screenshot({ path: join(resultsDir, 'console-live.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the shortcut help with ? and moves between areas with g-keys', async () => {
    const { page } = await openConsole();
    await page.getByTestId('signin-username').fill('telecom');
    await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });

    await page.keyboard.press('Shift+Slash');
    await page.getByTestId('help-overlay').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'hidden' });

    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.getByTestId('area-dispatch').waitFor();
    expect(await page.getByTestId('area-empty').textContent()).toMatch(/what to do now/i);
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.getByTestId('area-incidents').waitFor();
    await page.close();
  });
});
