import type { FieldIssue } from '../errors.ts';
import { parseCalendarDay } from './dates.ts';
import { phoneKey } from './similarity.ts';
import type { CalendarDay } from './types.ts';

/** Rules a new or changed person record must meet beyond its shape; `today` is the local calendar day. */
export function personIssues(input: { dateOfBirth?: string | null | undefined; phones?: readonly string[] | undefined }, today: CalendarDay, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
  if (input.dateOfBirth) {
    const parsed = parseCalendarDay(input.dateOfBirth);
    if (!parsed) issues.push({ field: at('dateOfBirth'), rule: 'calendar_date', message: 'must be a real date, YYYY-MM-DD' });
    else if (input.dateOfBirth > today) issues.push({ field: at('dateOfBirth'), rule: 'not_future', message: 'must not be after today' });
    else if (parsed[0] < 1900) issues.push({ field: at('dateOfBirth'), rule: 'min_year', message: 'must be 1900 or later' });
  }
  (input.phones ?? []).forEach((p, i) => {
    if (phoneKey(p) === null) issues.push({ field: at(`phones.${i}`), rule: 'phone_digits', message: 'must hold at least 7 digits' });
  });
  return issues;
}
