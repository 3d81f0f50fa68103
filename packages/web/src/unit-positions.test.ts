import type { UnitList } from '@continuum/sdk';
import { describe, expect, it } from 'vitest';
import { applyFixes, withAges } from './unit-positions.ts';

const NOW = new Date('2026-03-01T20:00:00Z');
const iso = (s: number) => new Date(NOW.getTime() + s * 1000).toISOString();
const unit = (id: string, status: UnitList['items'][number]['status'], positionAt: number | null): UnitList['items'][number] => ({
  id, agencyId: 'champaign-mcrt', name: id, model: 'program_590_mcrt', status, version: 1, statusChangedAt: null, allowedStatuses: [], currentIncidentId: null, panicAt: null,
  ...(positionAt === null ? {} : { position: { lat: 40.1, lon: -88.2, at: iso(positionAt), accuracy: null, heading: null, speed: null, ageSeconds: -positionAt, stale: -positionAt > 60 } }),
});
const list = (): UnitList => ({ staleAfterSeconds: 60, items: [unit('a', 'available', -90), unit('b', 'en_route', -10), unit('c', 'off_duty', null)] });
const fix = (unitId: string, s: number, lat = 40.2) => ({ unitId, lat, lon: -88.3, at: iso(s), accuracy: 5, heading: 90, speed: 10 });

describe('applyFixes', () => {
  it('moves a unit to its newest pushed fix, fresh again, and leaves the others', () => {
    const next = applyFixes(list(), [fix('a', -3, 40.21), fix('a', -1, 40.22), fix('a', -2, 40.23)], NOW);
    expect(next.items[0]!.position).toEqual({ lat: 40.22, lon: -88.3, at: iso(-1), accuracy: 5, heading: 90, speed: 10, ageSeconds: 1, stale: false });
    expect(next.items[1]).toEqual(list().items[1]);
  });

  it('ignores a fix older than the one held, one of an off-duty unit and one of a unit not in the list', () => {
    const before = list();
    const next = applyFixes(before, [fix('b', -20), fix('c', -1), fix('zz', -1)], NOW);
    expect(next).toBe(before);
    expect(next.items[2]!.position).toBeUndefined();
  });
});

describe('withAges', () => {
  it('turns a position stale once it is older than the setting, with no new read', () => {
    const fresh = applyFixes(list(), [fix('b', 0)], NOW);
    expect(withAges(fresh, new Date(NOW.getTime() + 30_000)).items[1]!.position).toMatchObject({ ageSeconds: 30, stale: false });
    expect(withAges(fresh, new Date(NOW.getTime() + 61_000)).items[1]!.position).toMatchObject({ ageSeconds: 61, stale: true });
    expect(withAges(fresh, NOW).items[2]!.position).toBeUndefined();
  });
});
