import { useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { RegionGeography } from '@continuum/contracts';
import { centreOf, countyAt, describePoint, nudge, outlinePath, projectionFor, round5, type LatLon } from '../../county-map.ts';
import { placeLabels } from '../../town-search.ts';

// User units of the SVG; CSS scales it, and at its usual size one unit is about one pixel.
const WIDTH = 320;
const MARGIN = 10;
const FONT = 12.5;
const STEP_M = 250;
const BIG_STEP_M = 2500;
// Labels for the larger towns only; the rest are dots, named when the marker is near them.
const LABELLED_TOWNS = 9;

const ARROWS: Record<string, [number, number]> = { ArrowUp: [0, 1], ArrowDown: [0, -1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

interface CountyMapProps {
  geography: RegionGeography & { bbox: [number, number, number, number] };
  /** The chosen point, from the form's coordinates; null when none is set. */
  point: LatLon | null;
  onPick: (point: LatLon) => void;
}

/** A crosshair: solid for the chosen point, dashed for where Enter would set it. */
function Crosshair({ x, y, pending }: { x: number; y: number; pending?: boolean }) {
  return (
    <g className={pending ? 'map-cursor' : 'map-marker'} data-testid={pending ? 'county-map-cursor' : 'county-map-marker'} transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}>
      <circle r={9} />
      <path d="M-16,0H-5M5,0H16M0,-16V-5M0,5V16" />
      <circle r={1.8} className="map-crosshair-dot" />
    </g>
  );
}

/**
 * The call-taker's county map: the outline, towns, and a crosshair at the chosen point. A click
 * sets the point; so does the keyboard, for a call-taker with a phone in one hand: focus the map,
 * move the dashed marker with the arrow keys (250 m a press, 2.5 km with Shift), Enter sets it.
 * SVG, not MapLibre: one county needs no tiles, and the intake screen must load at once.
 */
export function CountyMap({ geography, point, onPick }: CountyMapProps) {
  const { bbox, towns } = geography;
  const proj = useMemo(() => projectionFor(bbox, WIDTH, MARGIN), [bbox]);
  const outlines = useMemo(() => geography.counties.features.map((f) => ({ id: f.id, d: outlinePath(f, proj) })), [geography, proj]);
  const labels = useMemo(() => placeLabels(towns, proj, { max: LABELLED_TOWNS, fontSize: FONT }), [towns, proj]);
  const svg = useRef<SVGSVGElement>(null);
  const [focused, setFocused] = useState(false);
  // The keyboard marker belongs to the point it started from: once the point changes (a click,
  // a town, typed coordinates) it starts again from the new point.
  const pointKey = point ? `${point.lat},${point.lon}` : '';
  const [moved, setMoved] = useState<{ from: string; at: LatLon } | null>(null);
  const cursor = moved?.from === pointKey ? moved.at : (point ?? centreOf(bbox));
  const pending = focused && (!point || cursor.lat !== point.lat || cursor.lon !== point.lon);

  const pick = (p: LatLon) => {
    setMoved(null);
    onPick(p);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const arrow = ARROWS[event.key];
    if (arrow) {
      event.preventDefault();
      const step = event.shiftKey ? BIG_STEP_M : STEP_M;
      setMoved({ from: pointKey, at: nudge(cursor, arrow[0] * step, arrow[1] * step) });
    } else if (event.key === 'Enter' || event.key === ' ') {
      // Enter elsewhere in the form starts the interview; here it sets the point, nothing more.
      event.preventDefault();
      pick(cursor);
    } else if (event.key === 'Escape' && moved?.from === pointKey) {
      event.preventDefault();
      setMoved(null);
    }
  };

  const pointAt = (event: { clientX: number; clientY: number }): LatLon | null => {
    const matrix = svg.current?.getScreenCTM();
    if (!matrix) return null;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const p = proj.toLatLon(at.x, at.y);
    return { lat: round5(p.lat), lon: round5(p.lon) };
  };
  const onClick = (event: MouseEvent<SVGSVGElement>) => {
    const p = pointAt(event);
    if (p) pick(p);
  };
  // Pressing and dragging moves the pin with the pointer; letting go leaves it there (the click that follows sets the same point).
  const dragging = useRef(false);
  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    // A touch or pen reports button 0 too; a second finger (a pinch) is not a drag of the pin.
    if (event.button !== 0 || !event.isPrimary) return;
    dragging.current = true;
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    if (!dragging.current || !event.isPrimary) return;
    const p = pointAt(event);
    if (p) pick(p);
  };
  const endDrag = () => {
    dragging.current = false;
  };

  const county = geography.counties.features.map((f) => `${f.properties.name} County`).join(', ');
  const cursorXY = proj.toXY(cursor);
  const pointXY = point && proj.toXY(point);
  const cursorInside = countyAt(geography, cursor) !== null;

  return (
    <div className="county-map" data-testid="county-map">
      <div
        className="county-map-frame" tabIndex={0} role="application" aria-roledescription="map" aria-label={`Map of ${county}`}
        aria-describedby="county-map-help county-map-readout" data-testid="county-map-surface"
        onKeyDown={onKeyDown} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}
      >
        <svg ref={svg} viewBox={`0 0 ${proj.width} ${proj.height}`} onClick={onClick} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={endDrag} onPointerCancel={endDrag}
          aria-hidden="true" data-testid="county-map-svg">
          {outlines.map((o) => <path key={o.id} d={o.d} className="map-county" fillRule="evenodd" data-testid="county-map-outline" />)}
          {towns.map((t) => {
            const { x, y } = proj.toXY(t);
            return <circle key={`${t.name}-${t.countyFips}`} cx={x} cy={y} r={t.population >= 10_000 ? 3.5 : 2.2} className="map-town" />;
          })}
          {labels.map((l) => (
            <text key={l.town.name} x={l.x} y={l.y} textAnchor={l.anchor} fontSize={FONT} className="map-label">{l.town.name}</text>
          ))}
          {pointXY && <Crosshair x={pointXY.x} y={pointXY.y} />}
          {pending && <Crosshair x={cursorXY.x} y={cursorXY.y} pending />}
        </svg>
        {/* Over the map, so it takes no room until the marker moves; at the edge away from the marker. */}
        <p
          id="county-map-readout" className={`county-map-readout ${cursorXY.y > proj.height / 2 ? 'at-top' : 'at-foot'}`}
          aria-live="polite" data-testid="county-map-readout"
        >
          {pending
            ? <>Enter sets {cursor.lat.toFixed(5)}, {cursor.lon.toFixed(5)}: {describePoint(cursor, towns)}{cursorInside ? '' : ', outside the county'}</>
            : null}
        </p>
      </div>
      <p id="county-map-help" className="field-hint">
        Click or drag to the spot, or Tab to the map and move with the arrow keys (250 m a press, 2.5 km with Shift); <kbd>Enter</kbd> sets it.
      </p>
    </div>
  );
}
