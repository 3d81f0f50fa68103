import { useEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap, Marker } from 'maplibre-gl';
import type { RegionGeography, UnitView } from '@continuum/contracts';
import { canDrawMaps, unitMarkerLook } from '../../board-map.ts';
import { loadMapLibre, mapStyleFor } from '../../map-style.ts';
import { riskColour } from '../../dispatch-labels.ts';
import { formatRisk } from '../../format.ts';
import type { QueueItem } from '../../dispatch-board.ts';

interface BoardMapProps {
  geography: RegionGeography & { bbox: [number, number, number, number] };
  /** CONTINUUM_MAP_STYLE from /api/meta: a style or PMTiles URL; null: the offline map. */
  mapStyle: string | null;
  units: readonly UnitView[];
  items: readonly QueueItem[];
  selectedId: string | null;
  onSelectUnit: (id: string) => void;
  onSelectIncident: (id: string) => void;
}

type MapState = 'loading' | 'ready' | 'unavailable';

/** Sets our classes on a marker, leaving MapLibre's own (its positioning) alone. */
function mark(el: HTMLElement, classes: Record<string, boolean>): void {
  for (const [name, on] of Object.entries(classes)) el.classList.toggle(name, on);
}

/** A marker's element: a button, so each unit and incident on the map is reachable by Tab too. */
function markerButton(onClick: () => void): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return el;
}

/**
 * The board's map (MapLibre GL): county outlines and town labels (or a configured basemap), units coloured by status and
 * turned to their heading, incidents coloured by risk. MapLibre is loaded on first use (it is
 * most of the console's weight) and needs WebGL 2; without it the board says so and works on.
 */
export function BoardMap({ geography, mapStyle, units, items, selectedId, onSelectUnit, onSelectIncident }: BoardMapProps) {
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
        const [w, s, e, n] = geography.bbox;
        created = new lib.Map({
          container: container.current,
          style,
          bounds: [[w, s], [e, n]],
          fitBoundsOptions: { padding: 24 },
          attributionControl: basemap ? { compact: true } : false,
          dragRotate: false,
        });
        created.addControl(new lib.NavigationControl({ showCompass: false }), 'top-right');
        // The whole region stays in view as the box changes size, until the dispatcher pans or zooms.
        let followBox = true;
        const fit = () => {
          created?.resize();
          if (followBox) created?.fitBounds([[w, s], [e, n]], { padding: 24, animate: false });
        };
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
      resizer?.disconnect();
      markers.current.clear();
      map.current = null;
      created?.remove();
    };
  }, [geography, mapStyle, unavailable]);

  // Markers follow the data: added, moved, restyled, and removed when they leave the board.
  useEffect(() => {
    const m = map.current;
    if (state !== 'ready' || !m) return;
    const seen = new Set<string>();
    const place = (key: string, lon: number, lat: number, onClick: () => void, style: (el: HTMLElement) => void) => {
      seen.add(key);
      let marker = markers.current.get(key);
      if (!marker) {
        marker = new m.Marker({ element: markerButton(onClick) }).setLngLat([lon, lat]).addTo(m.map);
        markers.current.set(key, marker);
      } else marker.setLngLat([lon, lat]);
      style(marker.getElement());
    };
    for (const item of items) {
      const { lat, lon, address } = item.incident.location ?? {};
      if (lat === undefined || lon === undefined) continue;
      const id = item.incident.id;
      place(`incident:${id}`, lon, lat, () => handlers.current.onSelectIncident(id), (el) => {
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
      place(`unit:${unit.id}`, unit.position.lon, unit.position.lat, () => handlers.current.onSelectUnit(unit.id), (el) => {
        mark(el, { 'map-unit': true, 'is-panic': look.panic, 'is-stale': look.stale, 'has-heading': look.heading !== null, 'is-selected': selectedId === unit.id });
        el.style.setProperty('--marker', look.colour);
        el.style.setProperty('--heading', `${look.heading ?? 0}deg`);
        el.title = look.title;
        el.setAttribute('aria-label', look.title);
        el.dataset.testid = 'map-unit';
        el.dataset.status = unit.status;
      });
    }
    for (const [key, marker] of markers.current) {
      if (seen.has(key)) continue;
      marker.remove();
      markers.current.delete(key);
    }
  }, [state, loads, units, items, selectedId]);

  return (
    <div className="board-map" data-testid="board-map" data-state={state} data-town-labels={labelled.join('|')}>
      {state === 'unavailable' ? (
        <div className="board-map-fallback" role="status" data-testid="map-unavailable">
          <p><strong>Map unavailable.</strong> This browser cannot draw the map (WebGL is off or not supported).</p>
          <p>Everything else works: the queue, the units and their recommendations are listed beside it. Ask IT to enable hardware acceleration for the map.</p>
        </div>
      ) : (
        <div ref={container} className="board-map-canvas" aria-label={`Map of ${geography.counties.features.map((f) => `${f.properties.name} County`).join(', ')}: units and incidents`} role="region" />
      )}
      {state === 'ready' && (
        <p className="board-map-legend" aria-hidden="true">
          <span className="legend-unit" /> unit (arrow: heading) <span className="legend-stale" /> position stale <span className="legend-incident" /> incident by risk
        </p>
      )}
    </div>
  );
}
