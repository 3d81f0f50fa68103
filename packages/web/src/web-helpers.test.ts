import type { GeoTown } from '@continuum/contracts';
import { describe, expect, it } from 'vitest';
import { describePoint, nudge, parsePoint } from './county-map.ts';
import { emptyDraft, geocodedBeyondTown, splitCoordinates, toCreateRequest, withEntryPoint } from './new-call.ts';
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

  it('sends the channel, the language and a 988 contact with its location unknown, and keeps 911 to its channels', () => {
    const counsellor = { ...emptyDraft('crisis_counsellor'), channel: 'chat' as const, preferredLanguage: 'es', accuracy: 'unknown' as const, summary: 'Chat, distressed' };
    const sent = toCreateRequest(counsellor);
    expect(sent.issues).toEqual([]);
    expect(sent.body).toMatchObject({ entryPoint: '988', channel: 'chat', preferredLanguage: 'es' });
    expect(sent.body && 'location' in sent.body).toBe(false);
    // 911 takes texts, not chats; and only 988 may start with no place.
    const moved = withEntryPoint(counsellor, '911');
    expect(moved.channel).toBe('call');
    expect(moved.accuracy).toBe('approximate');
    expect(withEntryPoint({ ...counsellor, channel: 'text' }, '911').channel).toBe('text');
    const unknown911 = toCreateRequest({ ...moved, accuracy: 'unknown' });
    expect(unknown911.issues.map((i) => i.field)).toEqual(['location']);
  });

  it('marks a town centre approximate and tells a geocoded street from the town itself', () => {
    const draft = { ...emptyDraft('telecommunicator'), address: '2 Main St, Rantoul', lat: '40.30837', lon: '-88.15588', accuracy: 'approximate' as const, summary: 'x' };
    expect(toCreateRequest(draft).body?.location).toEqual({ address: '2 Main St, Rantoul', lat: 40.30837, lon: -88.15588, accuracy: 'approximate' });
    expect(toCreateRequest({ ...draft, accuracy: 'exact' }).body?.location).toEqual({ address: '2 Main St, Rantoul', lat: 40.30837, lon: -88.15588 });
    const centre = { lat: 40.30837, lon: -88.15588 };
    expect(geocodedBeyondTown({ lat: 40.3085, lon: -88.1559 }, centre)).toBe(false);
    expect(geocodedBeyondTown({ lat: 40.3160, lon: -88.1490 }, centre)).toBe(true);
  });
});
