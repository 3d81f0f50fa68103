import { describe, expect, it } from 'vitest';
import { mayManageTokens, signInDelaySeconds, tokenRequestIssues } from './credentials.ts';
import type { Principal } from './policy.ts';

describe('signInDelaySeconds', () => {
  it('lets a few typos pass, then doubles from 30 s up to 15 minutes', () => {
    expect([1, 2, 3, 4].map((n) => signInDelaySeconds(n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 20].map((n) => signInDelaySeconds(n))).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
  });

  it('with a higher allowance (the per-address limit) the same curve starts later', () => {
    expect([1, 19].map((n) => signInDelaySeconds(n, 20))).toEqual([0, 0]);
    expect([20, 21, 22, 25, 40].map((n) => signInDelaySeconds(n, 20))).toEqual([30, 60, 120, 900, 900]);
  });
});

describe('tokenRequestIssues', () => {
  const session: Pick<Principal, 'role' | 'scopes' | 'via'> = { role: 'telecommunicator', scopes: null, via: 'session' };
  const token = (scopes: Principal['scopes']): Pick<Principal, 'role' | 'scopes' | 'via'> => ({ role: 'telecommunicator', scopes, via: 'token' });
  const inDays = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000);
  const rules = (issues: { field: string; rule: string }[]) => issues.map((i) => `${i.field}:${i.rule}`);

  it('a session may make any token within its role, for as long as the contract allows', () => {
    expect(tokenRequestIssues(session, null, { scopes: null, expiresAt: inDays(366) })).toEqual([]);
    expect(tokenRequestIssues(session, null, { scopes: ['incident.read', 'token.manage'], expiresAt: inDays(366) })).toEqual([]);
  });

  it('never a scope outside the role, naming it', () => {
    const issues = tokenRequestIssues(session, null, { scopes: ['incident.read', 'audit.read', 'user.manage'], expiresAt: inDays(1) });
    expect(rules(issues)).toEqual(['scopes:within_role']);
    expect(issues[0]!.message).toBe('audit.read, user.manage are not held by your role');
  });

  it('a token makes only tokens within its own scopes and lifetime', () => {
    const caller = token(['incident.read', 'token.manage']);
    expect(tokenRequestIssues(caller, inDays(30), { scopes: ['incident.read'], expiresAt: inDays(30) })).toEqual([]);
    expect(rules(tokenRequestIssues(caller, inDays(30), { scopes: null, expiresAt: inDays(10) }))).toEqual(['scopes:within_token']);
    expect(rules(tokenRequestIssues(caller, inDays(30), { scopes: ['incident.create'], expiresAt: inDays(10) }))).toEqual(['scopes:within_token']);
    expect(rules(tokenRequestIssues(caller, inDays(30), { scopes: ['incident.read'], expiresAt: inDays(31) }))).toEqual(['expiresInDays:within_token']);
  });

  it('only a session, or a token given token.manage explicitly, manages tokens', () => {
    expect(mayManageTokens({ ...session })).toBe(true);
    expect(mayManageTokens(token(['incident.read', 'token.manage']))).toBe(true);
    expect(mayManageTokens(token(['incident.read']))).toBe(false);
    // An unscoped token holds its role's permissions, but was never given this one explicitly.
    expect(mayManageTokens(token(null))).toBe(false);
  });
});
