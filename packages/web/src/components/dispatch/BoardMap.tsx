import { useEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap, Marker } from 'maplibre-gl';
import type { IncidentView, RegionGeography, UnitView } from '@continuum/contracts';
import { canDrawMaps, unitMarkerLook } from '../../board-map.ts';
import { loadMapLibre, mapStyleFor } from '../../map-style.ts';
import { riskColour } from '../../dispatch-labels.ts';
import { formatRisk } from '../../format.ts';
import './board-map.css';

type Bounds = [[number, number], [number, number]];

/** A place that is neither a unit nor a call: where the crew is taking the person. */
export interface MapPlace {
  key: string;
  lat: number;
  lon: number;
  /** Its accessible name and tooltip. */
  title: string;
}

interface BoardMapProps {
  geography: RegionGeography & { bbox: [number, number, number, number] };
  /** CONTINUUM_MAP_STYLE from /api/meta: a style or PMTiles URL; null: the offline map. */
  mapStyle: string | null;
  units: readonly UnitView[];
  /** The calls to mark (the board's queue items; the field view's one call). */
  items: readonly { incident: Pick<IncidentView, 'id' | 'location' | 'riskLevel'> }[];
  selectedId: string | null;
  /** Without handlers the markers are pictures, not buttons (the field view's map selects nothing). */
  onSelectUnit?: (id: string) => void;
  onSelectIncident?: (id: string) => void;
  /** Points to keep in view instead of the whole region (the field view: the scene, the unit, the destination). */
  focus?: readonly [number, number][];
  places?: readonly MapPlace[];
  /** The field view's small map: shorter, with its own legend. */
  mini?: boolean;
  /** The unit whose phone this is: ringed, so the crew finds themselves at a glance. */
  ownUnitId?: string | null;
}

type MapState = 'loading' | 'ready' | 'unavailable';

const NO_PLACES: readonly MapPlace[] = [];

/** Sets our classes on a marker, leaving MapLibre's own (its positioning) alone. */
function mark(el: HTMLElement, classes: Record<string, boolean>): void {
  for (const [name, on] of Object.entries(classes)) el.classList.toggle(name, on);
}

/**
 * A marker's element: a button, so each unit and incident on the map is reachable by Tab too; a
 * picture (role img) where selecting it does nothing.
 */
function markerElement(onClick: (() => void) | null): HTMLElement {
  if (!onClick) {
    const el = document.createElement('span');
    el.setAttribute('role', 'img');
    return el;
  }
  const el = document.createElement('button');
  el.type = 'button';
  el.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return el;
}

/** The box around some points, widened to about a kilometre so one point is not drawn at street level. */
export function boundsAround(points: readonly [number, number][]): Bounds | null {
  if (points.length === 0) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const pad = 0.005;
  return [[Math.min(...lons) - pad, Math.min(...lats) - pad], [Math.max(...lons) + pad, Math.max(...lats) + pad]];
}

/**
 * The board's map (MapLibre GL): county outlines and town labels (or a configured basemap), units coloured by status and
 * turned to their heading, incidents coloured by risk. MapLibre is loaded on first use (it is
 * most of the console's weight) and needs WebGL 2; without it the board says so and works on.
 */
export function BoardMap({ geography, mapStyle, units, items, selectedId, onSelectUnit, onSelectIncident, focus, places = NO_PLACES, mini = false, ownUnitId = null }: BoardMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<{ map: MapLibreMap; Marker: typeof Marker } | null>(null);
  const markers = useRef(new Map<string, Marker>());
  const [state, setState] = useState<MapState>(() => (canDrawMaps() ? 'loading' : 'unavailable'));
  // Counts the maps loaded, so markers are placed again on a map made anew (another region).
  const [loads, setLoads] = useState(0);
  // The town names drawn at the last idle frame: that labels rendered, for the eye and for tests.
  const [labelled, setLabelled] = useState<string[]>([]);
  // The latest handlers, for listeners added once per marker.
  const handlers = useRef({ onSelectUnit, onSelectIncident });
  handlers.current = { onSelectUnit, onSelectIncident };
  // What the map keeps in view: the focus points when given, else the region. Read by the map's
  // own listeners (a ref: the map is made once per region, the points move with the unit).
  const [w, s, e, n] = geography.bbox;
  const focusKey = (focus ?? []).map((p) => p.join(',')).join(';');
  const bounds = useRef<Bounds>([[w, s], [e, n]]);
  bounds.current = boundsAround(focus ?? []) ?? [[w, s], [e, n]];
  const refit = useRef<(() => void) | null>(null);

  const unavailable = state === 'unavailable';
  useEffect(() => {
    if (unavailable || !container.current) return;
    let cancelled = false;
    let created: MapLibreMap | null = null;
    let resizer: ResizeObserver | null = null;
    void (async () => {
      try {
        const lib = await loadMapLibre();
        const { style, basemap } = await mapStyleFor(lib, mapStyle, geography, window.location.origin);
        if (cancelled || !container.current) return;
        const fitOptions = { padding: mini ? 32 : 24, maxZoom: 15 };
        created = new lib.Map({
          container: container.current,
          style,
          bounds: bounds.current,
          fitBoundsOptions: fitOptions,
          attributionControl: basemap ? { compact: true } : false,
          dragRotate: false,
        });
        // The small map is pinched on a phone: zoom buttons there would be targets too small for a thumb.
        if (!mini) created.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
        // The whole region (or the focus) stays in view as the box changes size, until the user pans or zooms.
        let followBox = true;
        const fit = () => {
          created?.resize();
          if (followBox) created?.fitBounds(bounds.current, { ...fitOptions, animate: false });
        };
        refit.current = fit;
        created.on('movestart', (event) => {
          if ('originalEvent' in event && event.originalEvent) followBox = false;
        });
        created.on('load', () => {
          if (cancelled) return;
          fit();
          setState('ready');
          setLoads((n) => n + 1);
        });
        created.on('idle', () => {
          if (cancelled || !created?.getLayer('town-labels')) return;
          const names = [...new Set(created.queryRenderedFeatures({ layers: ['town-labels'] }).map((f) => String(f.properties.name)))].sort();
          setLabelled((old) => (old.join() === names.join() ? old : names));
        });
        resizer = new ResizeObserver(fit);
        resizer.observe(container.current);
        created.on('error', (event) => {
          // A failing tile is not a failing map; a lost WebGL context before the first frame is.
          if (!created?.loaded() && !cancelled && !('tile' in event)) setState('unavailable');
        });
        map.current = { map: created, Marker: lib.Marker };
      } catch {
        if (!cancelled) setState('unavailable');
      }
    })();
    return () => {
      cancelled = true;
      refit.current = null;
      resizer?.disconnect();
      markers.current.clear();
      map.current = null;
      created?.remove();
    };
  }, [geography, mapStyle, unavailable, mini]);

  // The focus moved (the unit drove on, a destination was chosen): keep it all in view.
  useEffect(() => {
    if (state === 'ready') refit.current?.();
  }, [state, focusKey]);

  // Markers follow the data: added, moved, restyled, and removed when they leave the board.
  useEffect(() => {
    const m = map.current;
    if (state !== 'ready' || !m) return;
    const seen = new Set<string>();
    const place = (key: string, lon: number, lat: number, onClick: (() => void) | null, style: (el: HTMLElement) => void) => {
      seen.add(key);
      let marker = markers.current.get(key);
      if (!marker) {
        marker = new m.Marker({ element: markerElement(onClick) }).setLngLat([lon, lat]).addTo(m.map);
        markers.current.set(key, marker);
      } else marker.setLngLat([lon, lat]);
      style(marker.getElement());
    };
    for (const item of items) {
      const { lat, lon, address } = item.incident.location ?? {};
      if (lat === undefined || lon === undefined) continue;
      const id = item.incident.id;
      place(`incident:${id}`, lon, lat, onSelectIncident ? () => handlers.current.onSelectIncident?.(id) : null, (el) => {
        mark(el, { 'map-incident': true, 'is-selected': selectedId === id });
        el.style.setProperty('--marker', riskColour(item.incident.riskLevel));
        el.title = `${formatRisk(item.incident.riskLevel)} · ${address ?? 'incident'}`;
        el.setAttribute('aria-label', el.title);
        el.dataset.testid = 'map-incident';
      });
    }
    for (const unit of units) {
      if (!unit.position) continue;
      const look = unitMarkerLook(unit);
      const own = unit.id === ownUnitId;
      place(`unit:${unit.id}`, unit.position.lon, unit.position.lat, onSelectUnit ? () => handlers.current.onSelectUnit?.(unit.id) : null, (el) => {
        mark(el, { 'map-unit': true, 'is-panic': look.panic, 'is-stale': look.stale, 'has-heading': look.heading !== null, 'is-selected': selectedId === unit.id, 'is-own': own });
        el.style.setProperty('--marker', look.colour);
        el.style.setProperty('--heading', `${look.heading ?? 0}deg`);
        el.title = own ? `You: ${look.title}` : look.title;
        el.setAttribute('aria-label', el.title);
        el.dataset.testid = 'map-unit';
        el.dataset.status = unit.status;
      });
    }
    for (const p of places) {
      place(`place:${p.key}`, p.lon, p.lat, null, (el) => {
        mark(el, { 'map-destination': true });
        el.title = p.title;
        el.setAttribute('aria-label', p.title);
        el.dataset.testid = 'map-destination';
      });
    }
    for (const [key, marker] of markers.current) {
      if (seen.has(key)) continue;
      marker.remove();
      markers.current.delete(key);
    }
  }, [state, loads, units, items, places, selectedId, ownUnitId, onSelectUnit, onSelectIncident]);

  return (
    <div className={mini ? 'board-map is-mini' : 'board-map'} data-testid={mini ? 'scene-map' : 'board-map'} data-state={state} data-town-labels={labelled.join('|')}>
      {state === 'unavailable' ? (
        <div className="board-map-fallback" role="status" data-testid="map-unavailable">
          <p><strong>Map unavailable.</strong> This browser cannot draw the map (WebGL is off or not supported).</p>
          <p>{mini ? 'The address and the directions above still work.' : 'Everything else works: the queue, the units and their recommendations are listed beside it.'} Ask IT to enable hardware acceleration for the map.</p>
        </div>
      ) : (
        <div ref={container} className="board-map-canvas" aria-label={mini ? 'Map of the scene: the call, your unit and where you are going' : `Map of ${geography.counties.features.map((f) => `${f.properties.name} County`).join(', ')}: units and incidents`} role="region" />
      )}
      {state === 'ready' && mini && (
        <p className="board-map-legend" aria-hidden="true">
          <span className="legend-incident" /> the call <span className="legend-unit" /> your unit{places.length > 0 && <><span className="legend-destination" /> destination</>}
        </p>
      )}
      {state === 'ready' && !mini && (
        <p className="board-map-legend" aria-hidden="true">
          <span className="legend-unit" /> unit (arrow: heading) <span className="legend-stale" /> position stale <span className="legend-incident" /> incident by risk
        </p>
      )}
    </div>
  );
}
