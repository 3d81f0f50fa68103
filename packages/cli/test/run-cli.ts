import { format } from 'node:util';
import type { Command } from 'commander';
import { buildProgram, runCli } from '../src/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `continuum ARGS` in this process, as the binary would: the same program and error handling
 * (runCli), its output captured, its exit code returned. Spawning the binary costs seconds a run
 * (node, tsx, then loading the server) on a busy machine, and the suites run it dozens of times;
 * each suite still runs the real binary where the process itself is the point (bin.ts).
 *
 * As the tests spawned it: DATABASE_URL empty (the embedded database), no terminal on any stream
 * (so destructive commands refuse without --yes, and no progress bar or colour is drawn).
 * Runs are queued one at a time: the output streams, the environment and the folder are global.
 */
export function continuumInProcess(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const result = queue.then(() => runOnce(args, opts));
  queue = result.catch(() => undefined);
  return result;
}

let queue: Promise<unknown> = Promise.resolve();

async function runOnce(args: string[], { cwd, env = {} }: { cwd?: string; env?: Record<string, string> }): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const undo: Array<() => void> = [];
  const swap = (target: object, key: string, value: unknown) => {
    const had = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { value, configurable: true, writable: true });
    undo.push(() => (had ? Object.defineProperty(target, key, had) : Reflect.deleteProperty(target, key)));
  };
  const writeTo = (sink: string[]) => (chunk: string | Uint8Array, ...rest: unknown[]) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
    return true;
  };
  const printTo = (sink: string[]) => (...values: unknown[]) => void sink.push(`${format(...values)}\n`);

  swap(process.stdout, 'write', writeTo(stdout));
  swap(process.stderr, 'write', writeTo(stderr));
  // Vitest's console does not write through process.stdout, so console is captured on its own.
  for (const m of ['log', 'info']) swap(console, m, printTo(stdout));
  for (const m of ['error', 'warn']) swap(console, m, printTo(stderr));
  for (const stream of [process.stdin, process.stdout, process.stderr]) swap(stream, 'isTTY', false);
  // Only `start` exits by itself; here that would end the test worker, so it fails the run instead.
  swap(process, 'exit', (code?: number) => {
    throw new Error(`process.exit(${code}) in an in-process run of continuum ${args.join(' ')}`);
  });
  for (const [key, value] of Object.entries({ DATABASE_URL: '', ...env })) {
    const had = process.env[key];
    process.env[key] = value;
    undo.push(() => (had === undefined ? delete process.env[key] : (process.env[key] = had)));
  }
  if (cwd) {
    const before = process.cwd();
    process.chdir(cwd);
    undo.push(() => process.chdir(before));
  }
  const exitCodeBefore = process.exitCode;
  process.exitCode = undefined;
  try {
    // Built after the environment is set: the options' defaults read it.
    const program = buildProgram();
    throwInsteadOfExit(program);
    const code = await runCli(['node', 'continuum', ...args], program);
    return { code: code !== 0 ? code : Number(process.exitCode ?? 0), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.exitCode = exitCodeBefore;
    for (const restore of undo.reverse()) restore();
  }
}

/** Commander exits the process on a parse error or after --help; each command is told to throw. */
function throwInsteadOfExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwInsteadOfExit(sub);
}
