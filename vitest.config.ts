import { defineConfig } from 'vitest/config';

// Suites that always run on an embedded database folder, whatever TEST_DATABASE_URL says (the
// CLI's, which run it with DATABASE_URL empty; the durability and folder-lock tests). CI's second
// pass, on PostgreSQL, sets TEST_SKIP_EMBEDDED_ONLY=1 so it does not repeat them (vitest's
// --exclude does not reach a project that declares its own exclude list).
const EMBEDDED_ONLY = [
  '**/kill-nine.test.ts',
  '**/embedded-durability.test.ts',
  '**/durable-embedded.test.ts',
  '**/data-dir-lock.test.ts',
  'packages/cli/test/{admin,cli,onboarding-cli,protocol,report-cli,simulate,start-signal}.test.ts',
];
const skipEmbeddedOnly = process.env.TEST_SKIP_EMBEDDED_ONLY === '1' ? EMBEDDED_ONLY : [];

// Three projects: pure unit tests, integration tests on a real database (PGlite by default,
// PostgreSQL when TEST_DATABASE_URL is set), and browser tests that drive Debian's chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['packages/{domain,contracts,sdk,web,sim}/src/**/*.test.ts'],
          environment: 'node',
          // Pure code, and no test changes a global (one file's fake timers are restored after each
          // test), so a worker runs file after file in one module graph: a fresh graph per file was
          // most of the project's time (68 s against 14 s), and CI runs the project twice.
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['packages/{storage,server,cli}/{src,test}/**/*.test.ts'],
          exclude: ['**/*.pg.test.ts', '**/node_modules/**', ...skipEmbeddedOnly],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: two PGlite instances at a time is what the machine sustains.
          maxWorkers: 2,
        },
      },
      // Two server processes on one database, and the database going away: PostgreSQL only.
      ...(process.env.TEST_DATABASE_URL
        ? [{ test: { name: 'postgres', sequence: { groupOrder: 2 }, include: ['packages/**/*.pg.test.ts'], environment: 'node', testTimeout: 30_000, hookTimeout: 60_000 } }]
        : []),
      {
        test: {
          name: 'browser',
          sequence: { groupOrder: 3 },
          include: ['packages/web/test/**/*.browser.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
