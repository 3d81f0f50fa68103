import { crewIssues, shiftIssues, type CrewMember, type Shift } from '../dispatch/crew.ts';
import type { CalendarDate } from '../dispatch/credentials.ts';
import { rowIssue, type LinedRow, type RowIssue } from './plan.ts';

/*
 * The rules of one kind of file that span rows or need the domain's rules: a unit's roster is
 * checked as the crew form checks it, and shifts as the shift form does, each problem named by
 * the line it came from and the file's column.
 */

// The crew form's fields → the crew file's columns.
const CREW_COLUMN: Record<string, string> = { userId: 'username', hiredOn: 'hiredOn', 'credential.earnedOn': 'credentialEarnedOn' };

/** One unit's roster from the file: its members with the line of each. */
export interface RosterRows {
  unit: string;
  members: { line: number; member: CrewMember }[];
}

/** The problems of each roster, by line and column. */
export function rosterIssues(rosters: readonly RosterRows[], today: CalendarDate, maxSize: number): RowIssue[] {
  const issues: RowIssue[] = [];
  for (const r of rosters) {
    if (r.members.length > maxSize) issues.push(rowIssue(r.members[maxSize]!.line, 'unit', 'max_crew', `unit ${r.unit} has more than ${maxSize} crew members`));
    for (const issue of crewIssues(r.members.map((m) => m.member), today, 'members')) {
      const [, index, ...rest] = issue.field.split('.');
      const line = r.members[Number(index)]?.line ?? r.members[0]!.line;
      issues.push(rowIssue(line, CREW_COLUMN[rest.join('.')] ?? rest.join('.'), issue.rule, issue.message));
    }
  }
  return issues;
}

/** A credential and the day it was earned come together or not at all. */
export function credentialPairIssue(line: number, credential: string | null, earnedOn: string | null): RowIssue | null {
  if ((credential === null) === (earnedOn === null)) return null;
  return credential === null
    ? rowIssue(line, 'credential', 'required', 'is required when credentialEarnedOn is given')
    : rowIssue(line, 'credentialEarnedOn', 'required', 'is required when a credential is given');
}

export interface ShiftCandidate {
  unit: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The problems of each shift of the file: as a shift added by hand (ends after it starts, at most
 * 24 hours), overlapping neither a stored shift of its unit nor another of the file. A stored shift
 * with the same start is the one the row changes, so it is not an overlap. A shift that has ended
 * is refused: the file plans what is to come.
 */
export function shiftRowIssues(rows: readonly LinedRow<ShiftCandidate>[], stored: ReadonlyMap<string, readonly Shift[]>, now: Date): RowIssue[] {
  const issues: RowIssue[] = [];
  const earlier = new Map<string, Shift[]>();
  for (const row of rows) {
    const { unit, startsAt } = row.value;
    // A file schedules what is to come; an ended shift is history, which no file rewrites.
    if (row.value.endsAt.getTime() <= now.getTime()) {
      issues.push(rowIssue(row.line, 'endsAt', 'ended', `the shift ended before now (${now.toISOString()}); a file schedules shifts to come`));
      continue;
    }
    const same = (s: Shift) => s.startsAt.getTime() === startsAt.getTime();
    const others = [...(stored.get(unit) ?? []).filter((s) => !same(s)), ...(earlier.get(unit) ?? [])];
    for (const issue of shiftIssues(row.value, others)) issues.push(rowIssue(row.line, issue.field, issue.rule, issue.message));
    earlier.set(unit, [...(earlier.get(unit) ?? []), { id: `line ${row.line}`, startsAt, endsAt: row.value.endsAt }]);
  }
  return issues;
}
