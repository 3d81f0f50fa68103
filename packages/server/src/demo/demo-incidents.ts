import type { EntryPoint } from '@continuum/domain';
import { townInCounty } from '../geo/county.ts';
import { DEMO_COUNTY_FIPS } from './demo-region.ts';

/** An intake record as a call-taker would enter it, plus when it came in. */
export interface DemoIncident {
  entryPoint: EntryPoint;
  summary: string;
  location: { address: string; lat: number; lon: number };
  caller: { name: string; callbackNumber: string };
  person: { name?: string; age?: number; disability?: 'yes' | 'no' | 'unknown' };
  safetyFlags: string[];
  /** Not part of the create request: the seed uses it to back-date the record. */
  receivedAt: Date;
}

interface Template {
  entryPoint: EntryPoint;
  summary: string;
  town: string;
  /** A block, never a house number, so that no demo record points at a real home. */
  block: string;
  /** Youngest and oldest plausible age; the seed picks one. */
  ages: [number, number];
  /** Whether the caller knows the person's name (a stranger in a car park, say, is unnamed). */
  named: boolean;
  safetyFlags: string[];
}

// One of each entry point within the first four, so that even a small demo shows every route
// (DOMAIN.md §6, "no wrong door"), and a spread of IRLM-like risk from phone-only to emergent.
const TEMPLATES: Template[] = [
  {
    entryPoint: '911',
    summary: 'Caller reports a man pacing outside a store, shouting at people who are not there. No weapon seen.',
    town: 'Champaign',
    block: '500 block of N Neil St',
    ages: [30, 50],
    named: false,
    safetyFlags: [],
  },
  {
    entryPoint: '988',
    summary: 'Caller has been thinking about ending her life for two weeks. No plan; alone at home tonight.',
    town: 'Urbana',
    block: '300 block of S Vine St',
    ages: [22, 35],
    named: true,
    safetyFlags: [],
  },
  {
    entryPoint: 'direct',
    summary: 'Mother calls the crisis line: adult son off his medication, has not slept for three days, locked in his room.',
    town: 'Rantoul',
    block: '200 block of E Sangamon Ave',
    ages: [19, 28],
    named: true,
    safetyFlags: ['barricaded in room'],
  },
  {
    entryPoint: 'cares',
    summary: 'Parent reports a teenager refusing school for a week and threatening to run away; parent overwhelmed.',
    town: 'Mahomet',
    block: '400 block of E Main St',
    ages: [13, 17],
    named: true,
    safetyFlags: [],
  },
  {
    entryPoint: '911',
    summary: 'Passer-by reports an older man, confused and intoxicated, sitting outside in freezing weather.',
    town: 'Savoy',
    block: '100 block of W Burwash Ave',
    ages: [55, 75],
    named: false,
    safetyFlags: ['intoxicated', 'exposure to cold'],
  },
  {
    entryPoint: '911',
    summary: 'Roommate reports a friend cutting herself with a kitchen knife; injuries appear minor, she is talking.',
    town: 'Champaign',
    block: '1100 block of W Springfield Ave',
    ages: [18, 24],
    named: true,
    safetyFlags: ['knife present', 'self-injury'],
  },
  {
    entryPoint: '988',
    summary: 'Veteran calls after drinking, says he feels hopeless and has firearms at home.',
    town: 'Tolono',
    block: '100 block of E Main St',
    ages: [35, 60],
    named: true,
    safetyFlags: ['firearm in home', 'intoxicated'],
  },
  {
    entryPoint: 'direct',
    summary: 'Former Living Room guest calls back asking for somewhere safe to stay tonight; feeling panicky, no risk stated.',
    town: 'Urbana',
    block: '200 block of W Main St',
    ages: [25, 45],
    named: true,
    safetyFlags: [],
  },
];

const FIRST_NAMES = ['Avery', 'Casey', 'Jamie', 'Morgan', 'Riley', 'Taylor', 'Quinn', 'Rowan', 'Emerson', 'Harper'];
const LAST_NAMES = ['Alvarez', 'Brooks', 'Dawson', 'Ellison', 'Fitch', 'Garner', 'Holt', 'Kimura', 'Lowell', 'Mercer'];

/** Incidents come in over the last six hours: enough to fill a board, recent enough to be live. */
const SPAN_MS = 6 * 60 * 60 * 1000;
const MAX_COUNT = 100;

/** mulberry32: a tiny seeded generator, so the same `now` always yields the same demo. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plausible intake records in Champaign County spread over the six hours before `now`, oldest first; deterministic for a given `now`. */
export function buildDemoIncidents(now: Date, count = 6): DemoIncident[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_COUNT) {
    throw new RangeError(`count must be an integer from 0 to ${MAX_COUNT}, got ${count}`);
  }
  // Seeded from the minute so that milliseconds of clock jitter do not change the demo.
  const random = seededRandom(Math.floor(now.getTime() / 60_000));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const name = () => `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
  // Numbers 555-0100 to 555-0199 are reserved for fiction, so no demo call reaches a real line.
  const firstNumber = Math.floor(random() * MAX_COUNT);
  const slot = SPAN_MS / Math.max(count, 1);

  return Array.from({ length: count }, (_, i) => {
    const t = TEMPLATES[i % TEMPLATES.length]!;
    const town = townInCounty(DEMO_COUNTY_FIPS, t.town);
    // Within about 500 m of the town centre: near enough to stay in town, apart enough to tell apart.
    const lat = round5(town.lat + (random() - 0.5) * 0.009);
    const lon = round5(town.lon + (random() - 0.5) * 0.012);
    const age = t.ages[0] + Math.floor(random() * (t.ages[1] - t.ages[0] + 1));
    const ago = (count - i) * slot - random() * slot * 0.5;
    return {
      entryPoint: t.entryPoint,
      summary: t.summary,
      location: { address: `${t.block}, ${town.name}, IL`, lat, lon },
      caller: { name: name(), callbackNumber: `217-555-01${String((firstNumber + i) % MAX_COUNT).padStart(2, '0')}` },
      // The intake's disability answer by position (the random draws stay as they were): a spread of each.
      person: { ...(t.named ? { name: name() } : {}), age, disability: (['no', 'yes', 'no', 'unknown'] as const)[i % 4]! },
      safetyFlags: [...t.safetyFlags],
      receivedAt: new Date(Math.floor((now.getTime() - ago) / 1000) * 1000),
    };
  });
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;
