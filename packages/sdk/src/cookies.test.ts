import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookies.ts';
import { isValidIdempotencyKey, newIdempotencyKey } from './idempotency.ts';

describe('CookieJar', () => {
  it('keeps name=value pairs and drops attributes', () => {
    const jar = new CookieJar();
    jar.store(['sid=abc; Path=/; HttpOnly; SameSite=Lax', 'pref=1']);
    expect(jar.header()).toBe('sid=abc; pref=1');
  });

  it('forgets cookies that are emptied or expired', () => {
    const jar = new CookieJar();
    jar.store(['a=1', 'b=2', 'c=3']);
    jar.store(['a=; Path=/', 'b=2; Max-Age=0', 'c=3; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.header()).toBeUndefined();
  });
});

describe('newIdempotencyKey', () => {
  it('makes distinct keys the server accepts', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(isValidIdempotencyKey(key)).toBe(true);
  });

  it('rejects keys outside the rule', () => {
    expect(isValidIdempotencyKey('short')).toBe(false);
    expect(isValidIdempotencyKey('has space in it')).toBe(false);
    expect(isValidIdempotencyKey('x'.repeat(129))).toBe(false);
  });
});
