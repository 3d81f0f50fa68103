import type { PersonCandidate } from '@continuum/sdk';

const FIELD: Record<string, string> = { name: 'Name', dateOfBirth: 'Date of birth', phone: 'Phone' };
const OUTCOME: Record<string, string> = {
  exact: 'same', close: 'close spelling', nickname: 'a nickname of the same name', name_order_swapped: 'names in the other order',
  family_name_only: 'family name only', transposed_day_month: 'day and month swapped', year_off_by_one: 'year off by one',
  age_consistent: 'fits the age given', different: 'different', absent: 'not known',
};

/** The reasons of a candidate in words, one per field: "Name: close spelling". */
export const reasonWords = (c: PersonCandidate): string[] =>
  c.reasons.map((r) => `${FIELD[r.field] ?? r.field}: ${OUTCOME[r.outcome] ?? r.outcome}`);

/** A person's name as shown: the preferred name in brackets when there is one. */
export const nameOf = (n: { given: string; family: string; preferred: string | null } | undefined): string =>
  n ? `${n.given}${n.preferred ? ` (${n.preferred})` : ''} ${n.family}` : 'A person outside your reach';
