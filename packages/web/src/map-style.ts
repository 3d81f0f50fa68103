import type { StyleSpecification } from 'maplibre-gl';
import type { RegionGeography } from '@continuum/contracts';
import { boardStyle, GLYPHS_PATH, isPmtilesUrl, overlayCounties } from './board-map.ts';

type MapLibre = typeof import('maplibre-gl');

/**
 * MapLibre, loaded on first use (it is most of the console's weight), with its worker and
 * stylesheet: bundled, MapLibre cannot find its worker beside itself, so Vite ships it as an asset.
 */
export async function loadMapLibre(): Promise<MapLibre> {
  const [lib, worker] = await Promise.all([
    import('maplibre-gl'),
    import('maplibre-gl/dist/maplibre-gl-worker.mjs?url'),
    import('maplibre-gl/dist/maplibre-gl.css'),
  ]);
  lib.setWorkerUrl(worker.default);
  return lib;
}

let pmtilesAdded = false;
/** The `pmtiles://` protocol (the pmtiles package): tiles read by HTTP range from one file. */
async function addPmtiles(lib: MapLibre): Promise<void> {
  if (pmtilesAdded) return;
  const { Protocol } = await import('pmtiles');
  lib.addProtocol('pmtiles', new Protocol().tile);
  pmtilesAdded = true;
}

/**
 * The style to draw (issue 15 §5): the offline county map with town labels when no basemap is
 * configured; a PMTiles file drawn with the Protomaps basemap layers and our glyphs; or an
 * agency's style URL (its sources may be `pmtiles://`). The county outlines go over either. A
 * basemap that cannot be reached falls back to the offline map, so the board never goes blank.
 */
export async function mapStyleFor(lib: MapLibre, configured: string | null, geography: Pick<RegionGeography, 'counties' | 'towns'>, origin: string): Promise<{ style: StyleSpecification; basemap: boolean }> {
  if (!configured) return { style: boardStyle(geography, origin), basemap: false };
  try {
    await addPmtiles(lib);
    if (isPmtilesUrl(configured)) {
      const { layers, namedFlavor } = await import('@protomaps/basemaps');
      const base: StyleSpecification = {
        version: 8,
        glyphs: `${origin}${GLYPHS_PATH}`,
        sources: { protomaps: { type: 'vector', url: `pmtiles://${configured}`, attribution: '© OpenStreetMap contributors' } },
        layers: layers('protomaps', namedFlavor('light'), { lang: 'en' }) as StyleSpecification['layers'],
      };
      return { style: overlayCounties(base, geography, origin), basemap: true };
    }
    const res = await fetch(configured);
    if (!res.ok) throw new Error(`the map style answered ${res.status}`);
    return { style: overlayCounties((await res.json()) as StyleSpecification, geography, origin), basemap: true };
  } catch {
    return { style: boardStyle(geography, origin), basemap: false };
  }
}
