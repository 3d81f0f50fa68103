import type { FieldIssue } from '../errors.ts';
import { abilities, can, type Permission, type Principal } from './policy.ts';

/** Failed sign-ins a (username, address) pair may make before delays start. */
export const SIGN_IN_FREE_FAILURES = 5;
/** The first delay, doubled at each further failure, up to the cap. */
export const SIGN_IN_FIRST_DELAY_SECONDS = 30;
export const SIGN_IN_MAX_DELAY_SECONDS = 15 * 60;

/**
 * How long a (username, address) pair waits after its `failures`-th failed sign-in in a row:
 * none for the first few (typos), then 30 s, 60 s, 2 min … up to 15 min. Only that pair waits:
 * a dispatcher signing in from another address is never held up by someone else's guesses.
 * With `free` set to the per-address limit, the same curve slows one address trying many names.
 */
export function signInDelaySeconds(failures: number, free = SIGN_IN_FREE_FAILURES): number {
  if (failures < free) return 0;
  return Math.min(SIGN_IN_MAX_DELAY_SECONDS, SIGN_IN_FIRST_DELAY_SECONDS * 2 ** (failures - free));
}

/** What a caller asks a new token to be. */
export interface TokenRequest {
  scopes: Permission[] | null;
  expiresAt: Date;
}

/**
 * Why a caller may not mint the token it asks for (empty: it may). A token is never wider than
 * its maker's role, nor, when made by a token, wider or longer-lived than that token.
 * `callerExpiresAt` is the calling credential's expiry (a token's), or null for a session.
 */
export function tokenRequestIssues(caller: Pick<Principal, 'role' | 'scopes' | 'via'>, callerExpiresAt: Date | null, request: TokenRequest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const held = new Set(abilities({ role: caller.role, scopes: null }));
  const outsideRole = (request.scopes ?? []).filter((s) => !held.has(s));
  if (outsideRole.length) {
    issues.push({ field: 'scopes', rule: 'within_role', message: `${outsideRole.join(', ')} ${outsideRole.length === 1 ? 'is' : 'are'} not held by your role` });
  }
  if (caller.via === 'token') {
    if (request.scopes === null) {
      issues.push({ field: 'scopes', rule: 'within_token', message: 'a token may only make a token with scopes, each held by itself' });
    } else if (caller.scopes !== null) {
      const wider = request.scopes.filter((s) => held.has(s) && !caller.scopes!.includes(s));
      if (wider.length) issues.push({ field: 'scopes', rule: 'within_token', message: `${wider.join(', ')} ${wider.length === 1 ? 'is' : 'are'} not held by the token making it` });
    }
    if (callerExpiresAt && request.expiresAt > callerExpiresAt) {
      issues.push({ field: 'expiresInDays', rule: 'within_token', message: `must end no later than the token making it (${callerExpiresAt.toISOString()})` });
    }
  }
  return issues;
}

/** Whether a principal may manage its tokens: from a session, or a token given `token.manage` explicitly. */
export const mayManageTokens = (p: Pick<Principal, 'via' | 'scopes' | 'role'>): boolean =>
  p.via === 'session' || (p.scopes !== null && p.scopes.includes('token.manage'));

/**
 * Whether a principal may exchange EIDO documents with Continuum (issue 11 §5): a CAD is a machine,
 * so only an API token given `eido.write` explicitly does; a signed-in person never imports one
 * by hand, and a token with its role's full permissions (scopes null) does not either.
 */
export const mayExchangeEido = (p: Pick<Principal, 'via' | 'scopes' | 'role'>): boolean =>
  p.via === 'token' && p.scopes !== null && p.scopes.includes('eido.write') && can(p, 'eido.write');
