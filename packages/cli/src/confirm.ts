import { createInterface } from 'node:readline/promises';

/**
 * Asks before a destructive action (revoking a token, retiring a unit, removing a district,
 * publishing or pinning a protocol). `--yes` answers for scripts; without it a terminal is asked
 * to type "yes", and a run with no terminal (a pipe, a cron job) is refused rather than assumed.
 */
export async function confirm(question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw new Error(`${question} Refused: no terminal to confirm on; pass --yes to confirm`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} Type "yes" to continue: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new Error('Not confirmed; nothing was changed');
  } finally {
    rl.close();
  }
}
