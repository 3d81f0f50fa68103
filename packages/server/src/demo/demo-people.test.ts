import { calendarDateIn, rankCandidates } from '@continuum/domain';
import { describe, expect, it } from 'vitest';
import { buildDemoIncidents } from './demo-incidents.ts';
import { buildDemoPeople } from './demo-people.ts';

describe('demo people', () => {
  it.each([new Date('2026-03-01T15:00:00Z'), new Date('2026-07-19T03:30:00Z'), new Date('2026-12-31T23:59:00Z')])(
    'one resembles the first named demo call closely but not exactly: a "possible" candidate (%s)',
    (now) => {
      const incidents = buildDemoIncidents(now, 6);
      const named = incidents.find((i) => i.person.name)!;
      const people = buildDemoPeople(incidents, now).map((p, i) => ({ ...p, id: `p-${i}`, version: 1, createdAt: now, updatedAt: now }));
      const ranked = rankCandidates({ name: named.person.name!, age: { years: named.person.age!, today: calendarDateIn(now) } }, people);
      expect(ranked[0]?.match.band).toBe('possible');
      expect(`${ranked[0]!.person.name.given} ${ranked[0]!.person.name.family}`).not.toBe(named.person.name);
    },
  );
});
