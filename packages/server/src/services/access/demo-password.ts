import { DomainError } from '@continuum/domain';
import type { Repositories } from '@continuum/storage';
import { DEMO_PASSWORD } from '../../demo/demo-region.ts';

/** The demo's password is public (it is printed on the sign-in page): ADR 0021. */
export const isDemoPassword = (password: string): boolean => password === DEMO_PASSWORD;

/**
 * Refuses the demo's public password on a database the demo was not seeded into: such an account
 * would stop the next start-up (start/demo-guard.ts), so it is better refused when it is set.
 */
export async function refuseDemoPassword(tx: Repositories, password: string): Promise<void> {
  if (!isDemoPassword(password) || (await tx.organisations.demoMarker())) return;
  throw new DomainError('validation_failed', "password: is the demo's public password", {}, [
    { field: 'password', rule: 'not_demo_password', message: "is the demo's public password; choose another" },
  ]);
}
