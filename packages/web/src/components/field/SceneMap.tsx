import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { FieldAssignment, IncidentView, UnitView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { META_KEY } from '../../query-client.ts';
import { useRegionGeography } from '../../use-region-geography.ts';
import type { PositionReporting } from '../../use-position-reporting.ts';
import { BoardMap, type MapPlace } from '../dispatch/BoardMap.tsx';

interface Props {
  regionId: string;
  field: FieldAssignment;
  incident: IncidentView;
  /** The phone's own latest reading: drawn for the crew's unit in place of the server's last fix. */
  here: PositionReporting['here'];
}

/**
 * The field view's small map of the scene (issue 15 §5): the call, the crew's own unit and its
 * partners, and while transporting the destination, kept in view together. It is the board's
 * map (BoardMap) in its small form, on the same style: offline, the county outlines and town
 * labels the server ships; with CONTINUUM_MAP_STYLE, the agency's streets.
 */
export function SceneMap({ regionId, field, incident, here }: Props) {
  const client = useClient();
  const meta = useQuery({ queryKey: META_KEY, queryFn: ({ signal }) => client.meta({ signal }), staleTime: Infinity });
  const geography = useRegionGeography(regionId);
  const mappable = useMemo(() => (geography.data?.bbox ? { ...geography.data, bbox: geography.data.bbox } : null), [geography.data]);
  const ownUnit = useMemo(() => ownWithReading(field.unit, here), [field.unit, here]);
  const units = useMemo(() => [ownUnit, ...field.partners].filter((u): u is UnitView => u !== null && u.position !== undefined), [ownUnit, field.partners]);
  const items = useMemo(() => [{ incident }], [incident]);
  const destination = field.destination;
  const places = useMemo<MapPlace[]>(
    () => (destination ? [{ key: 'destination', lat: destination.lat, lon: destination.lon, title: `${destination.arrived ? 'At' : 'Taking the person to'} ${destination.name}` }] : []),
    [destination],
  );
  const scene = incident.location?.lat !== undefined && incident.location.lon !== undefined ? ([incident.location.lon, incident.location.lat] as [number, number]) : null;
  const own = ownUnit?.position ? ([ownUnit.position.lon, ownUnit.position.lat] as [number, number]) : null;
  // While transporting the scene is behind the crew: the map keeps them and where they go.
  const target = destination ? ([destination.lon, destination.lat] as [number, number]) : scene;
  const points = [target, own].filter((p): p is [number, number] => p !== null);
  // By value, so a refetch with the same points does not move the map.
  const key = JSON.stringify(points);
  const focus = useMemo(() => JSON.parse(key) as [number, number][], [key]);

  // Nothing to show where: no coordinates this role may read, or no map data yet.
  if (!mappable || focus.length === 0) return null;
  return (
    <section className="field-card field-map" aria-label="Map of the scene" data-testid="field-map">
      <BoardMap geography={mappable} mapStyle={meta.data?.mapStyle ?? null} units={units} items={scene ? items : []} selectedId={null} focus={focus} places={places} mini ownUnitId={field.unit?.id ?? null} />
    </section>
  );
}

/** The crew's unit placed where the phone last read it is: fresher than the server's copy, and there offline. */
function ownWithReading(unit: UnitView | null, here: PositionReporting['here']): UnitView | null {
  if (!unit || !here) return unit;
  const position = { ...(unit.position ?? { at: new Date().toISOString(), accuracy: null, speed: null }), lat: here.lat, lon: here.lon, heading: here.heading, ageSeconds: 0, stale: false };
  return { ...unit, position };
}
