import { parseIncidentNumber, phoneKey, type FieldClass, type IncidentState } from '@continuum/domain';
import type { IncidentListQuery } from '@continuum/contracts';
import type { IncidentFilter } from '@continuum/storage';

/** What a typed search was read as, for the repository and for the reach check after it. */
export type SearchText = NonNullable<IncidentFilter['text']>;

/**
 * Reads a typed search (issue 15 §2, ADR 0033): a number when it looks like one, a phone when it
 * has seven digits or more and nothing but phone characters, and otherwise words (address, names).
 */
export function readSearch(q: string | undefined): SearchText | undefined {
  if (!q) return undefined;
  const number = parseIncidentNumber(q) ?? undefined;
  const phone = /^[+0-9 ()./-]+$/.test(q) ? phoneKey(q) ?? undefined : undefined;
  // A number or a phone is looked up by its index alone: adding a LIKE over words to the OR
  // would turn every phone search into a scan of the reader's calls (bench/incident-search.ts).
  const words = number || phone ? '' : q.trim().toLowerCase().replace(/\s+/g, ' ');
  return { ...(number ? { number } : {}), ...(phone ? { phoneKey: phone } : {}), ...(words.length >= 2 ? { words } : {}) };
}

/** The filters of a list query, apart from the reader's agencies, as the repository takes them. */
export function filterOf(query: IncidentListQuery): Omit<IncidentFilter, 'agencyIds'> {
  const list = (v: string | undefined) => v?.split(',').filter(Boolean);
  return {
    statuses: list(query.status) as IncidentState['status'][] | undefined,
    limit: query.limit,
    before: query.before ? new Date(query.before) : undefined,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    levels: list(query.level)?.map(Number),
    dispositions: list(query.disposition),
    unitId: query.unit,
    text: readSearch(query.q),
  };
}

/**
 * The classes through which a row matched the search. A row is shown only when one of them is
 * readable: otherwise a search by phone would tell a reader who may not read phones whose call
 * it was. Empty when nothing matched (the database's candidate came from a field now changed).
 */
export function matchedThrough(s: IncidentState, text: SearchText): { cls: FieldClass; field: 'number' | 'phone' | 'name' | 'address' }[] {
  const out: { cls: FieldClass; field: 'number' | 'phone' | 'name' | 'address' }[] = [];
  if (text.number && s.number === text.number) out.push({ cls: 'operational', field: 'number' });
  if (text.phoneKey && s.caller.callbackNumber && phoneKey(s.caller.callbackNumber) === text.phoneKey) out.push({ cls: 'location_safety', field: 'phone' });
  if (text.words) {
    const names = [s.person.name, s.caller.name].filter(Boolean).join(' ').toLowerCase();
    if (names.includes(text.words)) out.push({ cls: 'identity', field: 'name' });
    if (s.location.address.toLowerCase().includes(text.words)) out.push({ cls: 'location_safety', field: 'address' });
  }
  return out;
}
