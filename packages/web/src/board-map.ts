import type { StyleSpecification } from 'maplibre-gl';
import type { RegionGeography, UnitView } from '@continuum/contracts';
import { UNIT_STATUS_LABELS, UNIT_STATUS_COLOURS } from './dispatch-labels.ts';

/*
 * What the board's map draws, as data: the style (county outlines, or a configured raster tile
 * server beneath them) and each unit marker's look. MapLibre itself is loaded only by the map
 * component, so none of this needs WebGL to test.
 */

/**
 * The basemap: the region's county outlines from the server, so it works offline with no tile
 * server; a raster tile URL (`/api/meta` `mapTileUrl`), when configured, goes beneath them.
 */
export function boardStyle(geography: Pick<RegionGeography, 'counties' | 'towns'>, tileUrl: string | null): StyleSpecification {
  const towns = {
    type: 'FeatureCollection' as const,
    features: geography.towns.map((t) => ({ type: 'Feature' as const, properties: { name: t.name, population: t.population }, geometry: { type: 'Point' as const, coordinates: [t.lon, t.lat] } })),
  };
  return {
    version: 8,
    sources: {
      counties: { type: 'geojson', data: geography.counties as GeoJSON.FeatureCollection },
      towns: { type: 'geojson', data: towns },
      ...(tileUrl ? { tiles: { type: 'raster' as const, tiles: [tileUrl], tileSize: 256 } } : {}),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dfe5ea' } },
      ...(tileUrl ? [{ id: 'tiles', type: 'raster' as const, source: 'tiles' }] : []),
      { id: 'county-fill', type: 'fill', source: 'counties', paint: { 'fill-color': '#ffffff', 'fill-opacity': tileUrl ? 0.15 : 1 } },
      { id: 'county-line', type: 'line', source: 'counties', paint: { 'line-color': '#3d4a57', 'line-width': 2 } },
      {
        id: 'towns', type: 'circle', source: 'towns',
        paint: { 'circle-radius': ['case', ['>=', ['get', 'population'], 10_000], 3.5, 2], 'circle-color': '#8795a3' },
      },
    ],
  };
}

/** How one unit's marker looks and reads. */
export interface UnitMarkerLook {
  colour: string;
  /** Degrees clockwise from north; null when the device reports no heading (drawn as a dot). */
  heading: number | null;
  stale: boolean;
  panic: boolean;
  /** The marker's accessible name and tooltip: the status in words, never colour alone. */
  title: string;
}

/** The look of a unit's marker: colour by status, arrow by heading, stale and panic marks. */
export function unitMarkerLook(unit: Pick<UnitView, 'name' | 'status' | 'position' | 'panicAt'>): UnitMarkerLook {
  const stale = unit.position?.stale ?? false;
  const panic = unit.panicAt !== null;
  const parts = [unit.name, UNIT_STATUS_LABELS[unit.status]];
  if (stale) parts.push(`position ${Math.floor((unit.position?.ageSeconds ?? 0) / 60)} min old`);
  if (panic) parts.unshift('PANIC');
  return { colour: UNIT_STATUS_COLOURS[unit.status], heading: unit.position?.heading ?? null, stale, panic, title: parts.join(' · ') };
}

/** Whether MapLibre can draw here: it needs WebGL 2, which some locked-down or GPU-less browsers lack. */
export function canDrawMaps(doc: Document = document): boolean {
  try {
    return doc.createElement('canvas').getContext('webgl2') !== null;
  } catch {
    return false;
  }
}
