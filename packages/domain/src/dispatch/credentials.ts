/**
 * The one-year rule for engagement specialists (DOMAIN.md §3): a peer must earn CRSS or CPRS
 * from the Illinois Certification Board within a year of hire, and supervisors need a warning
 * before that year runs out, not after. Officers' CIT courses are training records of their own
 * (training/records.ts, issue 12 §6), no longer a flag on the crew member.
 */

/** The Illinois Certification Board's peer credentials. */
export const PEER_CREDENTIALS = ['CRSS', 'CPRS'] as const;
export type PeerCredential = (typeof PEER_CREDENTIALS)[number];

/** A calendar day, `YYYY-MM-DD`: hire and credential dates are days on a record, not instants. */
export type CalendarDate = string;

/** How many days before the deadline the warning starts. */
export const CREDENTIAL_WARNING_DAYS = 60;

/** The staff facts the rule reads. */
export interface CredentialFacts {
  role: string;
  hiredOn: CalendarDate | null;
  credential: { kind: PeerCredential; earnedOn: CalendarDate } | null;
}

export const CREDENTIAL_STATUSES = ['credentialed', 'in_first_year', 'due', 'overdue', 'no_hire_date', 'not_required'] as const;
export type CredentialStatusCode = (typeof CREDENTIAL_STATUSES)[number];

/** Where one member stands: the status, the deadline and days left or over, and a warning to show. */
export interface CredentialStatus {
  status: CredentialStatusCode;
  /** Hire date plus one year; set for engagement specialists with a hire date. */
  deadline: CalendarDate | null;
  /** Days from today to the deadline; negative once it has passed. */
  daysLeft: number | null;
  warning: string | null;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day (`2026-02-30` is not). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

const dayNumber = (date: CalendarDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** The calendar day an instant falls on in a time zone (Illinois runs on Central time). */
export function calendarDateIn(instant: Date, timeZone = 'America/Chicago'): CalendarDate {
  // en-CA formats as YYYY-MM-DD; Intl is part of the language, not I/O.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The first anniversary of a date; a 29 February hire is due on 28 February, never later. */
export function firstAnniversary(date: CalendarDate): CalendarDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const candidate = new Date(Date.UTC(y + 1, m - 1, d));
  if (candidate.getUTCMonth() !== m - 1) candidate.setUTCDate(0);
  return candidate.toISOString().slice(0, 10);
}

const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** Where a crew member stands on the one-year credential rule on `today`. */
export function credentialStatus(member: CredentialFacts, today: CalendarDate): CredentialStatus {
  if (member.role !== 'engagement_specialist') return { status: 'not_required', deadline: null, daysLeft: null, warning: null };
  if (member.credential) return { status: 'credentialed', deadline: member.hiredOn ? firstAnniversary(member.hiredOn) : null, daysLeft: null, warning: null };
  if (!member.hiredOn) {
    return { status: 'no_hire_date', deadline: null, daysLeft: null, warning: 'No hire date on record: the one-year CRSS/CPRS deadline cannot be checked' };
  }
  const deadline = firstAnniversary(member.hiredOn);
  const daysLeft = dayNumber(deadline) - dayNumber(today);
  if (daysLeft < 0) {
    return { status: 'overdue', deadline, daysLeft, warning: `No CRSS or CPRS: the one-year deadline was ${deadline}, ${plural(-daysLeft)} ago` };
  }
  if (daysLeft < CREDENTIAL_WARNING_DAYS) {
    return { status: 'due', deadline, daysLeft, warning: `CRSS or CPRS due by ${deadline}: ${plural(daysLeft)} left` };
  }
  return { status: 'in_first_year', deadline, daysLeft, warning: null };
}
