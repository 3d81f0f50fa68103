import type { GeoTown } from '@continuum/contracts';
import { describe, expect, it } from 'vitest';
import { describePoint, nudge, parsePoint } from './county-map.ts';
import { emptyDraft, splitCoordinates, toCreateRequest } from './new-call.ts';
import { completeAddress, townMatches } from './town-search.ts';

const town = (name: string, lat: number, lon: number, population: number): GeoTown =>
  ({ name, lat, lon, population, countyFips: '17019' }) as GeoTown;
const TOWNS = [town('Champaign', 40.1164, -88.2434, 81055), town('Urbana', 40.1106, -88.2073, 41250), town('Rantoul', 40.3084, -88.1559, 12941), town('Saint Joseph', 40.1117, -88.0417, 3967)];

describe('town quick-pick', () => {
  it.each([
    ['204 S Race St, Urb', ['Urbana']],
    ['2 Main St, Rant', ['Rantoul']],
    ['Elm St, St Jo', ['Saint Joseph']],
    ['Elm St, St', []],
    ['Parking lot', []],
  ])('%s → %j', (address, names) => {
    expect(townMatches(TOWNS, address).map((m) => m.town.name)).toEqual(names);
  });

  it('completes only the typed part of the town', () => {
    const [match] = townMatches(TOWNS, '2 Main St, Rant');
    expect(completeAddress('2 Main St, Rant', match!)).toBe('2 Main St, Rantoul');
  });
});

describe('the county map geometry', () => {
  it('moves a point by metres east and north', () => {
    const moved = nudge({ lat: 40.1, lon: -88.2 }, 1000, 500);
    expect(moved.lat - 40.1).toBeCloseTo(500 / 111_320, 4);
    expect(moved.lon + 88.2).toBeCloseTo(1000 / (111_320 * Math.cos((40.1 * Math.PI) / 180)), 4);
  });

  it('reads coordinates only when both are numbers in range', () => {
    expect(parsePoint('40.1', '-88.2')).toEqual({ lat: 40.1, lon: -88.2 });
    expect(parsePoint('', '-88.2')).toBeNull();
    expect(parsePoint('95', '-88.2')).toBeNull();
  });

  it('describes a point as a caller would', () => {
    expect(describePoint({ lat: 40.1106, lon: -88.2073 }, TOWNS)).toMatch(/Urbana/);
    expect(describePoint({ lat: 40.2, lon: -88.2434 }, TOWNS)).toMatch(/km north of Champaign/);
  });
});

describe('the new-call draft', () => {
  it('splits pasted "lat, lon" and checks the draft the way the server will', () => {
    expect(splitCoordinates('40.11, -88.21')).toEqual({ lat: '40.11', lon: '-88.21' });
    expect(splitCoordinates('north of town')).toBeNull();
    const draft = { ...emptyDraft('telecommunicator'), lat: '40.1' };
    const result = toCreateRequest(draft);
    expect(result.body).toBeNull();
    expect(result.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['location.address', 'location.lon', 'summary']));
    expect(emptyDraft('crisis_counsellor').entryPoint).toBe('988');
  });
});
