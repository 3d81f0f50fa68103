import type { AuditFilterInput } from '@continuum/sdk';
import { AUDIT } from '../../areas.ts';
import { startOfRegionDay } from '../../datetime.ts';

/** The filter bar's fields as typed: what the route's query string holds. */
export interface AuditFilterForm {
  who: string;
  action: string;
  outcome: '' | 'allowed' | 'denied' | 'failed';
  record: string;
  /** Dates as `YYYY-MM-DD`, in the reader's time zone; both days are included. */
  from: string;
  to: string;
}

/** The filter bar cleared: the whole trail, newest first. */
export const NO_FILTERS: AuditFilterForm = { who: '', action: '', outcome: '', record: '', from: '', to: '' };
const KEYS = Object.keys(NO_FILTERS) as (keyof AuditFilterForm)[];
const OUTCOMES = new Set(['allowed', 'denied', 'failed']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Actions an auditor looks for most, offered as suggestions; any action can be typed. */
export const COMMON_ACTIONS = [
  'session.create', 'incident.read', 'incident.list', 'incident.search', 'incident.create', 'incident.break_glass', 'incident.history',
  'agreement.create', 'agreement.end', 'privacy.alerts.read', 'audit.search', 'audit.export', 'user.create', 'token.create',
] as const;

/** The filters a route path carries, e.g. `/audit?action=session.create`; unknown values are dropped. */
export function readFilters(path: string): AuditFilterForm {
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  const form = { ...NO_FILTERS };
  for (const key of KEYS) {
    const value = query.get(key)?.trim() ?? '';
    if (key === 'outcome') form.outcome = OUTCOMES.has(value) ? (value as AuditFilterForm['outcome']) : '';
    else if ((key === 'from' || key === 'to') && !DATE.test(value)) form[key] = '';
    else form[key] = value;
  }
  return form;
}

/** The route path for a set of filters: a search is a link that can be kept and shared. */
export function filtersPath(form: AuditFilterForm): string {
  const query = new URLSearchParams();
  for (const key of KEYS) if (form[key].trim()) query.set(key, form[key].trim());
  const qs = query.toString();
  return qs ? `${AUDIT.path}?${qs}` : AUDIT.path;
}

/** The region's midnight starting a `YYYY-MM-DD` day, plus `days`, as an ISO instant. */
const midnight = (day: string, days = 0): string => {
  const [y, m, d] = day.split('-').map(Number);
  return startOfRegionDay(new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10)).toISOString();
};

/** What is wrong with the dates, if anything: checked before asking the server. */
export function datesProblem(form: AuditFilterForm): string | null {
  return form.from && form.to && form.to < form.from ? 'The “to” date is before the “from” date.' : null;
}

/**
 * The API's filters: `who` is a user id when it looks like one, else a username; the "to" day is
 * included, so the API's exclusive `to` is the midnight after it.
 */
export function toApiFilters(form: AuditFilterForm): AuditFilterInput {
  const who = form.who.trim();
  return {
    ...(who ? (UUID.test(who) ? { actorId: who } : { actorUsername: who.toLowerCase() }) : {}),
    ...(form.action.trim() ? { action: form.action.trim() } : {}),
    ...(form.outcome ? { outcome: form.outcome } : {}),
    ...(form.record.trim() ? { resourceId: form.record.trim() } : {}),
    ...(form.from ? { from: midnight(form.from) } : {}),
    ...(form.to ? { to: midnight(form.to, 1) } : {}),
  };
}

/** Whether any filter is set. */
export const hasFilters = (form: AuditFilterForm): boolean => KEYS.some((k) => form[k] !== '');
