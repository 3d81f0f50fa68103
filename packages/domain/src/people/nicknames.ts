import { normaliseName } from './similarity.ts';

// Common English given-name families. Small on purpose: a nickname only ever raises a candidate
// to be looked at by a person, never links anyone by itself.
const FAMILIES: string[][] = [
  ['john', 'jon', 'johnny', 'jack', 'jonathan', 'jonathon'],
  ['william', 'will', 'bill', 'billy', 'liam'],
  ['robert', 'rob', 'bob', 'bobby', 'robbie'],
  ['richard', 'rick', 'ricky', 'dick', 'rich'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['michael', 'mike', 'mikey', 'mick'],
  ['elizabeth', 'liz', 'beth', 'betty', 'eliza', 'lisa', 'libby'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge'],
  ['katherine', 'catherine', 'kate', 'katie', 'cathy', 'kathy', 'kat'],
  ['samuel', 'sam', 'sammy', 'samantha'],
  ['alexander', 'alex', 'alexandra', 'sasha', 'xander'],
  ['anthony', 'tony'],
  ['joseph', 'joe', 'joey'],
  ['daniel', 'dan', 'danny'],
  ['christopher', 'chris', 'kit'],
  ['christina', 'christine', 'chris', 'tina'],
  ['patricia', 'pat', 'patty', 'trish'],
  ['thomas', 'tom', 'tommy'],
  ['edward', 'ed', 'eddie', 'ted', 'ned'],
  ['jennifer', 'jen', 'jenny'],
  ['rebecca', 'becky', 'becca'],
  ['luis', 'lou', 'louis', 'luiz'],
  ['jose', 'pepe'],
  ['francisco', 'frank', 'paco', 'pancho'],
  ['guillermo', 'memo'],
];

const INDEX = new Map<string, Set<number>>();
FAMILIES.forEach((family, i) => {
  for (const n of family) INDEX.set(n, (INDEX.get(n) ?? new Set()).add(i));
});

/** Whether two given names are known forms of one name (Jon/John, Bill/William). */
export function sameNameFamily(a: string, b: string): boolean {
  const x = INDEX.get(normaliseName(a));
  const y = INDEX.get(normaliseName(b));
  if (!x || !y) return false;
  for (const i of x) if (y.has(i)) return true;
  return false;
}
