import { ageOn, parseCalendarDay } from './dates.ts';
import { sameNameFamily } from './nicknames.ts';
import { jaroWinkler, normaliseName, phoneKey } from './similarity.ts';
import type { CalendarDay, Person } from './types.ts';

/** What is known of the person in a contact: a free-text name, perhaps a date of birth or an age. */
export interface MatchQuery {
  name?: string | null;
  dateOfBirth?: CalendarDay | null;
  /** An incident records an age, not a date of birth: checked against the record's date of birth. */
  age?: { years: number; today: CalendarDay } | null;
  phones?: readonly string[];
}

export type MatchField = 'name' | 'dateOfBirth' | 'phone';
export type MatchOutcome =
  | 'exact'
  | 'close'
  | 'nickname'
  | 'name_order_swapped'
  | 'family_name_only'
  | 'transposed_day_month'
  | 'year_off_by_one'
  | 'age_consistent'
  | 'different'
  | 'absent';

/** Why a candidate scored what it did, one entry per field: shown beside the score. */
export interface MatchReason {
  field: MatchField;
  outcome: MatchOutcome;
  /** 0..1 agreement on this field. */
  similarity: number;
  /** What this field added to the score. */
  contribution: number;
}

export type MatchBand = 'likely' | 'possible' | 'unlikely';

export interface CandidateScore {
  score: number;
  band: MatchBand;
  reasons: MatchReason[];
}

/** How much each field weighs; a field missing on either side adds nothing, so thin data scores low. */
export const MATCH_WEIGHTS: Record<MatchField, number> = { name: 0.45, dateOfBirth: 0.35, phone: 0.2 };

/**
 * "Likely" needs agreement on the name and one more field; "possible" is worth a look. Neither
 * links anything: a person confirms every link (ADR 0013).
 */
export const MATCH_THRESHOLDS = { likely: 0.75, possible: 0.5, likelyNameAtLeast: 0.85 } as const;

// Below this a name part counts as different: Jaro-Winkler of two unrelated short names is often 0.5.
const NAME_FLOOR = 0.75;
const part = (a: string, b: string) => {
  if (a === b) return 1;
  const s = jaroWinkler(a, b);
  return s >= NAME_FLOOR ? s : 0;
};
/** The best agreement of a given name with the record's given or preferred name, and whether a nickname made it. */
function givenPart(q: string, person: Person): { s: number; nickname: boolean } {
  let best = { s: 0, nickname: false };
  for (const n of [person.name.given, person.name.preferred]) {
    if (!n) continue;
    const held = normaliseName(n);
    const direct = part(q, held);
    const nick = held !== q && sameNameFamily(q, held) ? 0.95 : 0;
    const s = Math.max(direct, nick);
    if (s > best.s) best = { s, nickname: nick > direct };
  }
  return best;
}

function compareName(query: string | null | undefined, person: Person): Omit<MatchReason, 'contribution'> {
  const tokens = normaliseName(query ?? '').split(' ').filter(Boolean);
  if (tokens.length === 0) return { field: 'name', outcome: 'absent', similarity: 0 };
  const family = normaliseName(person.name.family);
  if (tokens.length === 1) {
    // One word could be either name; alone it is weak evidence.
    const s = Math.max(part(tokens[0]!, family), givenPart(tokens[0]!, person).s) * 0.6;
    return { field: 'name', outcome: s > 0 ? 'close' : 'different', similarity: s };
  }
  const qGiven = tokens[0]!;
  const qFamily = tokens.at(-1)!;
  const f = part(qFamily, family);
  const g = givenPart(qGiven, person);
  // Family names weigh more: they are the part people spell back to a call-taker.
  const straight = 0.6 * f + 0.4 * g.s;
  const swapped = (0.6 * part(qGiven, family) + 0.4 * givenPart(qFamily, person).s) * 0.95;
  const similarity = Math.max(straight, swapped);
  const outcome: MatchOutcome =
    similarity === 0 ? 'different'
      : similarity === 1 ? 'exact'
        : swapped > straight ? 'name_order_swapped'
          : g.s === 0 ? 'family_name_only'
            : g.nickname ? 'nickname'
              : 'close';
  return { field: 'name', outcome, similarity };
}

function compareDateOfBirth(query: MatchQuery, person: Person): Omit<MatchReason, 'contribution'> {
  const dob = person.dateOfBirth ? parseCalendarDay(person.dateOfBirth) : null;
  const asked = query.dateOfBirth ? parseCalendarDay(query.dateOfBirth) : null;
  if (dob && asked) {
    const [y, m, d] = asked;
    if (y === dob[0] && m === dob[1] && d === dob[2]) return { field: 'dateOfBirth', outcome: 'exact', similarity: 1 };
    if (y === dob[0] && m === dob[2] && d === dob[1]) return { field: 'dateOfBirth', outcome: 'transposed_day_month', similarity: 0.8 };
    if (Math.abs(y - dob[0]) === 1 && m === dob[1] && d === dob[2]) return { field: 'dateOfBirth', outcome: 'year_off_by_one', similarity: 0.7 };
    return { field: 'dateOfBirth', outcome: 'different', similarity: 0 };
  }
  if (dob && query.age && person.dateOfBirth) {
    const age = ageOn(person.dateOfBirth, query.age.today);
    // An age given on the phone is often a guess: a year either way is still consistent.
    if (age !== null && Math.abs(age - query.age.years) <= 1) return { field: 'dateOfBirth', outcome: 'age_consistent', similarity: 0.5 };
    return { field: 'dateOfBirth', outcome: 'different', similarity: 0 };
  }
  return { field: 'dateOfBirth', outcome: 'absent', similarity: 0 };
}

function comparePhone(query: MatchQuery, person: Person): Omit<MatchReason, 'contribution'> {
  const asked = new Set((query.phones ?? []).map(phoneKey).filter((k): k is string => k !== null));
  const held = person.phones.map(phoneKey).filter((k): k is string => k !== null);
  if (asked.size === 0 || held.length === 0) return { field: 'phone', outcome: 'absent', similarity: 0 };
  return held.some((k) => asked.has(k)) ? { field: 'phone', outcome: 'exact', similarity: 1 } : { field: 'phone', outcome: 'different', similarity: 0 };
}

/**
 * How well a person record fits what a contact says of its person: 0..1 with a reason per field.
 * It only proposes; it never decides that two are the same person.
 */
export function scoreCandidate(query: MatchQuery, person: Person): CandidateScore {
  const compared = [compareName(query.name, person), compareDateOfBirth(query, person), comparePhone(query, person)];
  const reasons = compared.map((r) => ({ ...r, similarity: round(r.similarity), contribution: round(r.similarity * MATCH_WEIGHTS[r.field]) }));
  const score = round(reasons.reduce((sum, r) => sum + r.contribution, 0));
  const name = reasons[0]!.similarity;
  // A shared phone or birthday with a different name is a household, not the same person.
  const band: MatchBand =
    score >= MATCH_THRESHOLDS.likely && name >= MATCH_THRESHOLDS.likelyNameAtLeast ? 'likely' : score >= MATCH_THRESHOLDS.possible ? 'possible' : 'unlikely';
  return { score, band, reasons };
}

/** The records worth showing a person, best first: likely and possible ones only. */
export function rankCandidates<P extends Person>(query: MatchQuery, people: readonly P[], limit = 10): { person: P; match: CandidateScore }[] {
  return people
    .map((person) => ({ person, match: scoreCandidate(query, person) }))
    .filter((c) => c.match.band !== 'unlikely')
    .sort((a, b) => b.match.score - a.match.score || a.person.id.localeCompare(b.person.id))
    .slice(0, limit);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
