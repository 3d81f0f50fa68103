import { describe, expect, it } from 'vitest';
import { checkPassword } from './passwords.ts';

const rules = (pw: string) => checkPassword(pw, { username: 'marcus.bell', displayName: 'Marcus Bell' }).map((i) => i.rule);

describe('checkPassword', () => {
  it.each([
    ['short', ['min']],
    ['a long but unusual phrase', []],
    ['continuum-demo', []],
    ['marcus.bell-2026!', ['personal']],
    ['my name is Bell, truly', ['personal']],
    ['Password1234', ['common']],
    ['abababababab', ['repetitive']],
    ['x'.repeat(257), ['max', 'repetitive']],
  ])('%s → %j', (pw, expected) => {
    expect(rules(pw)).toEqual(expected);
  });

  it('names the field and the rule in plain words', () => {
    expect(checkPassword('short', { username: 'u' })[0]).toEqual({ field: 'password', rule: 'min', message: 'must be at least 12 characters' });
  });
});
