import { DEMO_PASSWORD, DEMO_REGION_ID } from '../demo/demo-region.ts';
import { verifyPassword } from '../auth/secrets.ts';
import type { Services } from '../services/context.ts';

const LISTED = 10;

/**
 * Refuses to start while an account on a database that is not the demo's can sign in with the
 * demo's public password (ADR 0021). The demo seed marks its database; nothing else does.
 *
 * Bounded: a password set since migration 0017 carries a flag saying whether it is the demo's, so
 * those accounts cost a read, not an argon2 verify (tens of milliseconds and 19 MiB each). Only accounts whose
 * password predates the flag are verified, once each: the answer is recorded, so the next start
 * reads flags only, however many accounts the region has.
 */
export async function refuseDemoPasswords(services: Services): Promise<void> {
  if (await services.store.read.organisations.demoMarker()) return;
  const found: string[] = [];
  for (const suspect of await services.store.read.users.demoPasswordSuspects()) {
    let isDemo = suspect.passwordIsDemo;
    if (isDemo === null) {
      isDemo = await verifyPassword(suspect.passwordHash, DEMO_PASSWORD);
      await services.store.read.users.recordPasswordIsDemo(suspect.id, isDemo);
    }
    if (isDemo) found.push(suspect.username);
  }
  if (!found.length) return;
  const names = found.slice(0, LISTED).join(', ') + (found.length > LISTED ? ` and ${found.length - LISTED} more` : '');
  throw new Error([
    `Refusing to start: ${found.length} account(s) can sign in with the demo's public password ("${DEMO_PASSWORD}"): ${names}.`,
    'This database is not a demo (the demo seed did not create it), so anyone could sign in as them.',
    'Set a new password for each:  continuum user reset-password --username NAME   (the password from --password or CONTINUUM_PASSWORD)',
    'If this database is a demo that an earlier version seeded, start it with --demo instead.',
  ].join('\n'));
}

/**
 * A database an earlier version seeded (the demo region, no marker) is adopted as the demo's when
 * the operator starts it as a demo: the embedded default or --demo. On PostgreSQL without --demo
 * it is not, and refuseDemoPasswords stops the start until its demo passwords are changed.
 */
export async function adoptEarlierDemo(services: Services): Promise<void> {
  if (await services.store.read.organisations.demoMarker()) return;
  if (await services.store.read.organisations.region(DEMO_REGION_ID)) await services.store.read.organisations.markDemo(DEMO_REGION_ID, services.clock());
}
