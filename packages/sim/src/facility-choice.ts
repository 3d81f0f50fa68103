import { facilityExclusions, greatCircleKm, type FacilitySituation, type GeoPoint } from '@continuum/domain';
import { SLOTS_PER_WEEK, type World } from './world.ts';

/** Opening hours are judged from the precomputed weekly table, so the situation's instant is unused. */
const EPOCH = new Date(0);

/**
 * Where a person goes: least restrictive kind first (the destinations' order), then nearest;
 * open now, taking this person (`facilityExclusions`, the domain's criteria), with a free place.
 * A full facility counts a turn-away and the next is tried; an ED is the last resort.
 */
export class FacilityChoice {
  /** Whether each facility takes a person sober [0] or intoxicated [1], judged once by the domain's criteria. */
  private readonly accepts: Uint8Array;
  private readonly person: GeoPoint = { lat: 0, lon: 0 };

  constructor(
    private readonly world: World,
    /** Per facility: people there now (the engine's). */
    private readonly census: Int32Array,
    /** Per facility: turn-aways counted (the recorder's). */
    private readonly turnAways: Float64Array,
  ) {
    this.accepts = new Uint8Array(world.facilities.length * 2);
    world.facilities.forEach((f, i) => {
      for (const intoxicated of [false, true]) {
        const situation: FacilitySituation = { voluntary: true, broughtByPolice: false, intoxicated, medicallyCleared: false, insured: true, at: EPOCH };
        this.accepts[i * 2 + (intoxicated ? 1 : 0)] = facilityExclusions(f.profile, situation).length === 0 ? 1 : 0;
      }
    });
  }

  /** The facility for a person of a county at a point at time `t` (facility index, or -1), passing over `skip`. */
  choose(county: number, lat: number, lon: number, t: number, intoxicated: boolean, edOnly: boolean, skip = -1): number {
    const facilities = this.world.facilities;
    const list = this.world.counties[county]!.facilities;
    const person = this.person;
    person.lat = lat;
    person.lon = lon;
    const slot = Math.floor(t / 15) % SLOTS_PER_WEEK;
    const ix = intoxicated ? 1 : 0;
    let best = -1;
    let bestKey = Infinity;
    let full = 0;
    for (let k = 0; k < list.length; k++) {
      const f = list[k]!;
      if (f === skip) continue;
      const fac = facilities[f]!;
      if (edOnly && fac.kind !== 'emergency_department') continue;
      if (!fac.open[slot]) continue;
      if (!this.accepts[f * 2 + ix]) continue;
      // The least restrictive kind first, then the nearest to the person.
      const key = fac.order * 100_000 + greatCircleKm(fac.location, person);
      if (this.census[f]! >= fac.capacity) {
        full++;
        continue;
      }
      if (key < bestKey) {
        bestKey = key;
        best = f;
      }
    }
    // A full place counts a turn-away only if the person would otherwise have gone there.
    if (full > 0) {
      for (let k = 0; k < list.length; k++) {
        const f = list[k]!;
        const fac = facilities[f]!;
        if (f === skip || (edOnly && fac.kind !== 'emergency_department') || !fac.open[slot] || this.census[f]! < fac.capacity) continue;
        if (fac.order * 100_000 + greatCircleKm(fac.location, person) < bestKey && this.accepts[f * 2 + ix]) this.turnAways[f]!++;
      }
    }
    return best;
  }
}
