// Lint: typescript-eslint's recommended rules, exhaustive switches over unions, and the one-way
// dependency rule between packages (domain ← contracts ← storage ← server; contracts ← sdk ← web, cli;
// domain, contracts ← sim ← cli).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'crypto', 'http', 'net', 'os', 'child_process'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.tmp/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'packages/cli/bin/*.mjs', 'packages/server/src/services/planning/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    rules: restrict(['@continuum/*', ...NODE_BUILTINS, 'pg', 'kysely', '@electric-sql/*', 'fastify', 'zod', '../../*'], 'domain is pure: no I/O, no framework, nothing from other packages'),
  },
  {
    files: ['packages/contracts/src/**/*.ts'],
    rules: restrict(['@continuum/storage', '@continuum/server', '@continuum/sdk', '@continuum/web', '@continuum/cli', 'pg', 'kysely', 'fastify'], 'contracts depend on domain only'),
  },
  {
    files: ['packages/storage/src/**/*.ts'],
    rules: restrict(['@continuum/server', '@continuum/sdk', '@continuum/web', '@continuum/cli', 'fastify'], 'storage sits below the server'),
  },
  {
    // The simulator drives the domain's rules; it never reaches into the server, storage or clients.
    files: ['packages/sim/src/**/*.ts'],
    ignores: ['packages/sim/src/history/write*.ts'],
    rules: restrict(['@continuum/storage', '@continuum/server', '@continuum/sdk', '@continuum/web', '@continuum/cli', 'pg', 'kysely', '@electric-sql/*', 'fastify'], 'sim depends on domain and contracts only'),
  },
  {
    // The history writer (issue 13 §5, ADR 0037) is the one part that writes: through the storage layer's public API only.
    files: ['packages/sim/src/history/write*.ts'],
    rules: restrict(['@continuum/server', '@continuum/sdk', '@continuum/web', '@continuum/cli', 'pg', 'kysely', '@electric-sql/*', 'fastify'], 'the history writer uses the storage layer\'s public API, nothing below or above it'),
  },
  {
    files: ['packages/sdk/src/**/*.ts'],
    rules: restrict(['@continuum/storage', '@continuum/server', '@continuum/web', '@continuum/cli', 'pg', 'kysely', 'fastify'], 'the SDK speaks HTTP only'),
  },
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(['@continuum/storage', '@continuum/server', '@continuum/cli', 'pg', 'kysely', 'fastify', 'node:*'], 'the console never imports the server or storage'),
  },
  {
    // The console's unit tests run in Node and may read the console's own sources from disk.
    files: ['packages/web/src/**/*.test.ts'],
    rules: restrict(['@continuum/storage', '@continuum/server', '@continuum/cli', 'pg', 'kysely', 'fastify'], 'the console never imports the server or storage'),
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Browser tests never fake the server's answer: a refusal the page shows must be one the real
    // server gives (ADR 0018). Cutting the network (route.abort) stays: that is not an answer.
    files: ['packages/web/test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='fulfill']", message: 'Do not fake a server answer: drive the real server to give it (ADR 0018).' },
      ],
    },
  },
);
