import {
  GreatCircleEstimator,
  greatCircleKm,
  type GeoPoint,
  type GreatCircleOptions,
  type TravelEstimate,
  type TravelTimeEstimator,
} from '@continuum/domain';

/** How to reach an OSRM server and what to do when it does not answer. */
export interface OsrmOptions {
  /** The server's base URL, e.g. `http://osrm.internal:5000`; the profile path is added. */
  url: string;
  /** OSRM's profile in the path; the stock car profile is served as `driving`. */
  profile?: string;
  /** A dispatcher waits for the list: past this, the great-circle estimate stands in. */
  timeoutMs?: number;
  /** OSRM's `--max-table-size` (100 by default): larger batches are split into several requests. */
  maxTableSize?: number;
  /** No road trip averages faster than this; it gives the recommendation its floor. */
  maxKmh?: number;
  /** Used when the router fails or finds no route for an origin. */
  fallback?: TravelTimeEstimator;
  /** Told of every failure, so the composition root can log it; the caller still gets an answer. */
  onError?: (error: Error) => void;
  fetch?: typeof fetch;
}

/** The parts of OSRM's table response this adapter reads (http://project-osrm.org/docs/v5.24.0/api/#table-service). */
interface OsrmTableResponse {
  code: string;
  message?: string;
  /** Seconds, sources × destinations; null where no route was found. */
  durations?: (number | null)[][];
  /** Metres, present when `annotations` asks for them. */
  distances?: (number | null)[][];
}

const coord = (p: GeoPoint): string => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`;

/**
 * Travel time from an OSRM server's table service: one request answers many units to one
 * incident. Any failure (timeout, refusal, an answer that is not a table) falls back to the
 * great-circle estimate with source `fallback`, so a router outage slows nobody's dispatch; an
 * origin OSRM cannot route (often a point it cannot snap to a road) falls back the same way.
 */
export class OsrmEstimator implements TravelTimeEstimator {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly maxSources: number;
  private readonly maxKmh: number;
  private readonly fallback: TravelTimeEstimator;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: OsrmOptions) {
    this.base = `${options.url.replace(/\/+$/, '')}/table/v1/${options.profile ?? 'driving'}/`;
    this.timeoutMs = options.timeoutMs ?? 1500;
    // One place in every request is the destination.
    this.maxSources = Math.max(1, (options.maxTableSize ?? 100) - 1);
    this.maxKmh = options.maxKmh ?? 130;
    this.fallback = options.fallback ?? new GreatCircleEstimator();
    this.fetchFn = options.fetch ?? fetch;
  }

  async estimateMany(from: readonly GeoPoint[], to: GeoPoint): Promise<TravelEstimate[]> {
    if (from.length === 0) return [];
    const chunks: GeoPoint[][] = [];
    for (let i = 0; i < from.length; i += this.maxSources) chunks.push(from.slice(i, i + this.maxSources));
    const answers = await Promise.all(chunks.map((chunk) => this.table(chunk, to)));
    return answers.flat();
  }

  minMinutes(straightLineKm: number): number {
    return (straightLineKm / this.maxKmh) * 60;
  }

  private async table(from: readonly GeoPoint[], to: GeoPoint): Promise<TravelEstimate[]> {
    // The destination goes first so its index is 0 whatever the batch size.
    const url = `${this.base}${[to, ...from].map(coord).join(';')}?sources=${from.map((_, i) => i + 1).join(';')}&destinations=0&annotations=duration,distance`;
    let body: OsrmTableResponse;
    try {
      const res = await this.fetchFn(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
      body = (await res.json()) as OsrmTableResponse;
      if (!res.ok || body.code !== 'Ok') throw new Error(`OSRM answered ${res.status} ${body.code}${body.message ? `: ${body.message}` : ''}`);
      if (!Array.isArray(body.durations) || body.durations.length !== from.length) throw new Error('OSRM answered without a durations table of the right size');
    } catch (err) {
      this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
      return this.fallBack(from, to);
    }
    const durations = body.durations;
    const unrouted: number[] = [];
    const out = from.map((origin, i): TravelEstimate | null => {
      const seconds = durations[i]?.[0];
      const metres = body.distances?.[i]?.[0];
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
        unrouted.push(i);
        return null;
      }
      // Servers older than 5.19 ignore the distances annotation: the duration still ranks, and
      // the straight line stands in for the length (a floor, never an overstatement).
      return { minutes: seconds / 60, distanceKm: typeof metres === 'number' ? metres / 1000 : greatCircleKm(origin, to), source: 'road_network' };
    });
    if (unrouted.length > 0) {
      const filled = await this.fallBack(unrouted.map((i) => from[i]!), to);
      unrouted.forEach((i, k) => (out[i] = filled[k]!));
    }
    return out as TravelEstimate[];
  }

  private async fallBack(from: readonly GeoPoint[], to: GeoPoint): Promise<TravelEstimate[]> {
    const estimates = await this.fallback.estimateMany(from, to);
    return estimates.map((e) => ({ ...e, source: 'fallback' }));
  }
}

/** What configuration selects the estimator by; the rest tunes it. */
export interface TravelConfig {
  /** An OSRM server; absent selects the great-circle estimate. */
  osrmUrl?: string;
  osrmTimeoutMs?: number;
  greatCircle?: GreatCircleOptions;
  onError?: (error: Error) => void;
}

/** The travel-time estimator configuration asks for: OSRM when a URL is set, else great circle. */
export function travelEstimatorFor(config: TravelConfig): TravelTimeEstimator {
  const greatCircle = new GreatCircleEstimator(config.greatCircle);
  if (!config.osrmUrl) return greatCircle;
  return new OsrmEstimator({ url: config.osrmUrl, timeoutMs: config.osrmTimeoutMs, fallback: greatCircle, onError: config.onError });
}
