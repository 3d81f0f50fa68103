import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CliResult } from './run-cli.ts';

const run = promisify(execFile);
export const BIN = fileURLToPath(new URL('../bin/continuum.mjs', import.meta.url));

/**
 * Runs the real binary (node, tsx, main) on the embedded database; never throws, so exit codes and
 * stderr can be asserted. Seconds a run: the suites use it where the process itself is the point
 * (its exit code, its start-up, a folder another process holds) and run-cli.ts everywhere else.
 */
export async function continuumBinary(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, DATABASE_URL: '', ...opts.env },
      timeout: opts.timeout ?? 120_000,
      maxBuffer: 64 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
