import type { StyleSpecification } from 'maplibre-gl';
import type { RegionGeography, UnitView } from '@continuum/contracts';
import { UNIT_STATUS_LABELS, UNIT_STATUS_COLOURS } from './dispatch-labels.ts';

/*
 * What the console's maps draw, as data: the style (county outlines and town labels offline, or a
 * configured basemap beneath the county outlines) and each unit marker's look. MapLibre itself is
 * loaded only by the map components, so none of this needs WebGL to test.
 */

/** Where the console's own label glyphs are served (packages/web/public/glyphs; scripts/build-glyphs.mjs). */
export const GLYPHS_PATH = '/glyphs/{fontstack}/{range}.pbf';
/** The fontstack every label of the console's own style uses (the glyphs are served for it). */
export const LABEL_FONT = ['Noto Sans Regular'];

type Geography = Pick<RegionGeography, 'counties' | 'towns'>;

const townsSource = (geography: Geography) => ({
  type: 'geojson' as const,
  data: {
    type: 'FeatureCollection' as const,
    features: geography.towns.map((t) => ({ type: 'Feature' as const, properties: { name: t.name, population: t.population }, geometry: { type: 'Point' as const, coordinates: [t.lon, t.lat] } })),
  },
});

/**
 * The offline basemap: the region's county outlines and its towns, named, from the server alone
 * (no tile server, no network beyond it): the glyphs come from `origin` too. Bigger towns win
 * where labels would collide, and smaller ones appear as the map is zoomed in.
 */
export function boardStyle(geography: Geography, origin: string): StyleSpecification {
  return {
    version: 8,
    glyphs: `${origin}${GLYPHS_PATH}`,
    sources: { counties: { type: 'geojson', data: geography.counties as GeoJSON.FeatureCollection }, towns: townsSource(geography) },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dfe5ea' } },
      { id: 'county-fill', type: 'fill', source: 'counties', paint: { 'fill-color': '#ffffff', 'fill-opacity': 1 } },
      { id: 'county-line', type: 'line', source: 'counties', paint: { 'line-color': '#3d4a57', 'line-width': 2 } },
      {
        id: 'towns', type: 'circle', source: 'towns',
        paint: { 'circle-radius': ['case', ['>=', ['get', 'population'], 10_000], 3.5, 2], 'circle-color': '#8795a3' },
      },
      {
        id: 'town-labels', type: 'symbol', source: 'towns',
        layout: {
          'text-field': ['get', 'name'],
          'text-font': LABEL_FONT,
          'text-size': ['case', ['>=', ['get', 'population'], 10_000], 14, 12],
          'text-anchor': 'top',
          'text-offset': [0, 0.4],
          'symbol-sort-key': ['-', ['get', 'population']],
        },
        paint: { 'text-color': '#2b3640', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
      },
    ],
  };
}

/** Whether CONTINUUM_MAP_STYLE names a PMTiles file rather than a style. */
export const isPmtilesUrl = (url: string): boolean => /\.pmtiles([?#]|$)/i.test(url);

/**
 * A configured basemap with the region's county outlines drawn over it (the basemap brings its
 * own streets and labels). Its glyphs default to ours when it names none, so a style written for
 * our fonts needs no glyph server either.
 */
export function overlayCounties(base: StyleSpecification, geography: Geography, origin: string): StyleSpecification {
  return {
    ...base,
    glyphs: base.glyphs ?? `${origin}${GLYPHS_PATH}`,
    sources: { ...base.sources, 'continuum-counties': { type: 'geojson', data: geography.counties as GeoJSON.FeatureCollection } },
    layers: [...base.layers, { id: 'continuum-county-line', type: 'line', source: 'continuum-counties', paint: { 'line-color': '#3d4a57', 'line-width': 2, 'line-opacity': 0.8 } }],
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
