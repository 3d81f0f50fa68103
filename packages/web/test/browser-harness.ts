import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createClient, type ContinuumClient } from '@continuum/sdk';
import { startServer, type RunningServer } from '@continuum/server';
import { openDatabase, type Database } from '@continuum/storage';
import { inject } from 'vitest';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const webDist = join(webRoot, 'dist');
export const resultsDir = join(repoRoot, 'test-results');
export const DEMO_PASSWORD = 'continuum-demo';

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
  // Vitest sets NODE_ENV=test, and Vite would then bundle React's development build into the
  // dist that `npm start` serves; test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** A demo server on an in-memory database and one headless chromium profile for a test file. */
export interface Harness {
  url: string;
  /** The server's store: for a test to change what the server holds (never to fake its answers). */
  store: RunningServer['services']['store'];
  /** A fresh signed-out page at the sign-in form, collecting uncaught page errors. */
  openConsole(): Promise<{ page: Page; errors: string[] }>;
  /**
   * A second console beside the first, in a browser context of its own (its own cookies): two
   * people signed in side by side, as two centres are. Closed with the harness.
   */
  openOtherConsole(viewport?: { width: number; height: number }, options?: OtherConsoleOptions): Promise<{ page: Page; errors: string[] }>;
  /** An SDK client signed in as a demo user: for setting up and checking through the API. */
  api(username: string): Promise<ContinuumClient>;
  /** Saves a full-page screenshot to test-results/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export interface OtherConsoleOptions {
  /** A phone's location, allowed for the site. */
  geolocation?: { latitude: number; longitude: number; accuracy?: number };
  /** A phone's touch screen (hasTouch and isMobile): for input by finger through CDP touch events. */
  touch?: boolean;
}

export interface HarnessOptions {
  /**
   * The server's clock, for a test that must not depend on the wall clock (a facility's opening
   * hours); absent, the server reads the real time as in production.
   */
  clock?: () => Date;
  /** The server's CONTINUUM_POSITION_STALE_SECONDS, for a test that waits for a position to go stale. */
  positionStaleSeconds?: number;
}

let template: Blob | undefined;

/** An in-memory database cloned from the migrated template. */
async function templateDatabase(): Promise<Database> {
  template ??= new Blob([await readFile(inject('pgliteTemplate'))]);
  return openDatabase({ memory: true, template });
}

/** Builds the console if needed, starts the demo server and launches chromium. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  await ensureWebBuilt();
  // The migrated template the global set-up made once (test/global-setup.ts): migrating a fresh
  // embedded database takes most of a server's start, and every browser file starts one. The demo
  // is still seeded by the server itself, at the test's own clock.
  const database = await templateDatabase();
  let server: RunningServer;
  try {
    server = await startServer({ port: 0, memory: true, database, seedDemo: true, webDist, host: '127.0.0.1', logLevel: 'warn', ...(options.clock ? { clock: options.clock } : {}), ...(options.positionStaleSeconds ? { positionStaleSeconds: options.positionStaleSeconds } : {}) });
  } catch (error) {
    await database.close();
    throw error;
  }
  const profileDir = await mkdtemp(join(tmpdir(), 'continuum-chromium-'));
  let browser: BrowserContext;
  try {
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
  } catch (error) {
    await server.close();
    await database.close();
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }

  let other: Browser | null = null;
  const contexts: BrowserContext[] = [];
  return {
    url: server.url,
    store: server.services.store,
    async openOtherConsole(viewport = { width: 1366, height: 860 }, options = {}) {
      other ??= await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
      // A phone's location, allowed for the site as a crew allows it once (context.setGeolocation moves it).
      const geo = options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {};
      const context = await other.newContext({ viewport, ...geo, ...(options.touch ? { hasTouch: true, isMobile: true } : {}) });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(server.url);
      await page.getByTestId('signin-form').waitFor();
      return { page, errors };
    },
    async openConsole() {
      // One profile for the whole file: each test starts without the last one's session.
      await browser.clearCookies();
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(server.url);
      await page.getByTestId('signin-form').waitFor();
      return { page, errors };
    },
    async api(username) {
      const sdk = createClient({ baseUrl: server.url });
      await sdk.signIn({ username, password: DEMO_PASSWORD });
      return sdk;
    },
    async screenshot(page, name) {
      await mkdir(resultsDir, { recursive: true });
      await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const c of contexts) await c.close();
      await other?.close();
      await browser.close();
      await server.close();
      // A database handed to the server stays open when it closes: its owner closes it.
      await database.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/**
 * A second, separate browser (its own cookies and storage) at the console's sign-in form: for a
 * test in which two people use the console at once, e.g. one account disabled by another.
 */
export async function openSecondBrowser(url: string): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 860 } })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.getByTestId('signin-form').waitFor();
  return { browser, page, errors };
}

/** Signs a demo user in on the sign-in form and waits for the console. */
export async function signInAs(page: Page, username: string): Promise<void> {
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(DEMO_PASSWORD);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('app-shell').waitFor({ timeout: 15_000 });
}

/** Answers the guided interview's question with the number key of the answer, as a call-taker does. */
export async function answerQuestion(page: Page, questionId: string, answerKey: string): Promise<void> {
  const question = page.locator(`[data-testid="question"][data-question-id="${questionId}"]`);
  await question.waitFor({ timeout: 10_000 });
  const keys = await question.getByTestId('answer').evaluateAll((els) => els.map((el) => el.getAttribute('data-answer-key')));
  const index = keys.indexOf(answerKey);
  if (index < 0) throw new Error(`${answerKey} is not among the answers of ${questionId}: ${keys.join(', ')}`);
  await page.keyboard.press(String(index + 1));
  await question.waitFor({ state: 'detached', timeout: 10_000 });
}
