import type { GeoPoint } from '@continuum/domain';

/** One place a geocoding server found for an address. */
export interface GeocodeResult extends GeoPoint {
  label: string;
}

export interface Geocoder {
  search(query: string, near?: { bbox: [number, number, number, number] } | null): Promise<GeocodeResult[]>;
}

export interface GeocoderOptions {
  /**
   * The server's base URL. A Pelias server is addressed at its API version (`http://pelias:4000/v1`);
   * anything else is taken for Nominatim (`http://nominatim:8080`).
   */
  url: string;
  /** A call-taker waits for the list: past this, the answer is "no result" and the pin stays the town's. */
  timeoutMs?: number;
  limit?: number;
  fetch?: typeof fetch;
}

/** Nominatim's /search answer (format=jsonv2): https://nominatim.org/release-docs/latest/api/Search/ */
interface NominatimPlace { lat: string; lon: string; display_name: string }
/** Pelias's /v1/search answer: a GeoJSON FeatureCollection (https://github.com/pelias/documentation/blob/master/search.md). */
interface PeliasAnswer { features?: { geometry?: { coordinates?: [number, number] }; properties?: { label?: string } }[] }

const valid = (r: GeocodeResult) => Number.isFinite(r.lat) && Number.isFinite(r.lon) && Math.abs(r.lat) <= 90 && Math.abs(r.lon) <= 180 && r.label !== '';

/**
 * Addresses to positions through a geocoding server the agency runs (issue 11 §4): Nominatim or
 * Pelias, like the OSRM adapter for travel times. Results are limited to the region's bounding
 * box when one is given. Any failure answers no result, never an error: the call-taker then places
 * the pin on the map, and the console says the position is approximate.
 */
export class HttpGeocoder implements Geocoder {
  private readonly base: string;
  private readonly pelias: boolean;
  private readonly timeoutMs: number;
  private readonly limit: number;
  private readonly fetchFn: typeof fetch;

  constructor(options: GeocoderOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.pelias = /\/v1$/.test(this.base);
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.limit = options.limit ?? 5;
    this.fetchFn = options.fetch ?? fetch;
  }

  async search(query: string, near: { bbox: [number, number, number, number] } | null = null): Promise<GeocodeResult[]> {
    const q = new URLSearchParams();
    if (this.pelias) {
      q.set('text', query);
      q.set('size', String(this.limit));
      if (near) {
        const [w, s, e, n] = near.bbox;
        q.set('boundary.rect.min_lon', String(w));
        q.set('boundary.rect.min_lat', String(s));
        q.set('boundary.rect.max_lon', String(e));
        q.set('boundary.rect.max_lat', String(n));
      }
    } else {
      q.set('q', query);
      q.set('format', 'jsonv2');
      q.set('limit', String(this.limit));
      if (near) {
        const [w, s, e, n] = near.bbox;
        q.set('viewbox', `${w},${n},${e},${s}`);
        q.set('bounded', '1');
      }
    }
    try {
      const res = await this.fetchFn(`${this.base}/search?${q}`, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
      if (!res.ok) return [];
      const body = (await res.json()) as unknown;
      const results: GeocodeResult[] = Array.isArray(body)
        ? (body as NominatimPlace[]).map((p) => ({ lat: Number(p.lat), lon: Number(p.lon), label: String(p.display_name ?? '') }))
        : ((body as PeliasAnswer).features ?? []).map((f) => ({ lat: Number(f.geometry?.coordinates?.[1]), lon: Number(f.geometry?.coordinates?.[0]), label: String(f.properties?.label ?? '') }));
      return results.filter(valid).slice(0, this.limit);
    } catch {
      return [];
    }
  }
}
