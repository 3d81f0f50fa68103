import type { FieldIssue } from '../errors.ts';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

// Long passwords people still pick, and keyboard walks; a breached-password service is the
// production path (NIST SP 800-63B §5.1.1.2), this list catches the obvious ones offline.
const COMMON = new Set([
  'password1234', 'password12345', 'password123456', '123456789012', '1234567890123', 'qwertyuiopas', 'qwerty123456',
  '1q2w3e4r5t6y', 'iloveyou1234', 'abcdefghijkl', 'abc123456789', 'letmein12345', 'welcome12345', 'administrator',
  'changeme1234', 'passw0rd1234', 'p@ssw0rd1234', 'trustno11234', 'monkey123456', 'football1234', 'baseball1234',
  'sunshine1234', 'princess1234', 'dragon123456', 'master123456', 'qwertyuiop12', 'asdfghjkl123', 'zxcvbnm12345',
  'correcthorsebatterystaple', '000000000000', '111111111111', '123123123123', 'aaaaaaaaaaaa',
]);

/**
 * The rules a chosen password must meet, NIST-style: long enough, not about the person, not
 * common or repetitive; no composition rules, which only push people to predictable patterns.
 */
export function checkPassword(password: string, about: { username: string; displayName?: string }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (rule: string, message: string) => issues.push({ field: 'password', rule, message });
  if (password.length < PASSWORD_MIN) issue('min', `must be at least ${PASSWORD_MIN} characters`);
  if (password.length > PASSWORD_MAX) issue('max', `must be at most ${PASSWORD_MAX} characters`);
  const lower = password.toLowerCase();
  const names = [about.username, ...(about.displayName?.split(/\s+/) ?? [])].map((n) => n.toLowerCase()).filter((n) => n.length >= 3);
  if (names.some((n) => lower.includes(n))) issue('personal', 'must not contain your username or name');
  if (COMMON.has(lower)) issue('common', 'is one of the most common passwords; choose another');
  else if (new Set(lower).size <= 3) issue('repetitive', 'repeats too few characters; choose another');
  return issues;
}
