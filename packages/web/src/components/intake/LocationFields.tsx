import type { RegionGeography } from '@continuum/contracts';
import { countyAt, describePoint, parsePoint, type LatLon } from '../../county-map.ts';
import type { CallDraft } from '../../new-call.ts';
import { completeAddress, type TownMatch } from '../../town-search.ts';
import { useRegionGeography } from '../../use-region-geography.ts';
import { AddressField } from './AddressField.tsx';
import { CountyMap } from './CountyMap.tsx';
import { TextField } from './Fields.tsx';
import './location.css';

interface LocationFieldsProps {
  regionId: string;
  draft: Pick<CallDraft, 'address' | 'lat' | 'lon'>;
  errors: Partial<Record<'location.address' | 'location.lat' | 'location.lon', string>>;
  onAddress: (address: string) => void;
  /** A typed coordinate: the text as entered, so a half-typed number is kept. */
  onCoordinate: (name: 'lat' | 'lon', text: string) => void;
  /** A point from the map or a town: both coordinates at once, and the address if a town completed it. */
  onPoint: (point: LatLon, address?: string) => void;
}

type Mappable = RegionGeography & { bbox: [number, number, number, number] };
const hasMap = (g: RegionGeography | undefined): g is Mappable => Boolean(g?.bbox);

/** What the chosen coordinates mean: where they are, and a warning (never a block) outside the county. */
function LocationStatus({ point, geography }: { point: LatLon | null; geography: RegionGeography | undefined }) {
  if (!point) {
    return <p className="location-status" role="status" data-testid="location-status">No coordinates yet: pick a town, click the map, or type them.</p>;
  }
  const coords = `${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}`;
  if (!hasMap(geography)) {
    return <p className="location-status" role="status" data-testid="location-status">{coords}</p>;
  }
  const county = countyAt(geography, point);
  const where = describePoint(point, geography.towns);
  if (county) {
    return (
      <p className="location-status location-inside" role="status" data-testid="location-status" data-inside="true">
        <strong>✓ {coords}</strong> {where}, inside {county.properties.name} County
      </p>
    );
  }
  const names = geography.counties.features.map((f) => `${f.properties.name} County`).join(' or ');
  return (
    <p className="location-status location-outside" role="status" data-testid="location-status" data-inside="false">
      <strong>⚠ {coords} is outside {names}</strong> ({where}). Check the spot with the caller; the call can still be taken.
    </p>
  );
}

/**
 * "Where is the person?": the address (with a town quick-pick), the coordinates as text, and
 * the county map. The form's latitude and longitude are the one source of truth; the map and
 * the status line read them, so typing, pasting, clicking and picking a town all agree.
 */
export function LocationFields({ regionId, draft, errors, onAddress, onCoordinate, onPoint }: LocationFieldsProps) {
  const geography = useRegionGeography(regionId);
  const point = parsePoint(draft.lat, draft.lon);
  const map = hasMap(geography.data) ? geography.data : undefined;

  const pickTown = (match: TownMatch) => {
    onPoint({ lat: match.town.lat, lon: match.town.lon }, completeAddress(draft.address, match));
  };

  return (
    <fieldset className="fieldset">
      <legend>Where is the person?</legend>
      <AddressField value={draft.address} error={errors['location.address']} towns={geography.data?.towns} onChange={onAddress} onPickTown={pickTown} />
      <div className="location-grid">
        <div className="location-coords">
          <TextField
            path="location.lat" label="Latitude" error={errors['location.lat']} inputMode="decimal" autoComplete="off" placeholder="40.1106"
            value={draft.lat} onChange={(e) => onCoordinate('lat', e.target.value)}
          />
          <TextField
            path="location.lon" label="Longitude" error={errors['location.lon']} inputMode="decimal" autoComplete="off" placeholder="-88.2073"
            value={draft.lon} onChange={(e) => onCoordinate('lon', e.target.value)}
          />
          <LocationStatus point={point} geography={geography.data} />
          <p className="field-hint">Optional. Paste “lat, lon” from the CAD or the caller’s location share into either box.</p>
        </div>
        {map ? (
          <CountyMap geography={map} point={point} onPick={(p) => onPoint(p)} />
        ) : (
          <p className="county-map-missing" data-testid="county-map-missing">
            {geography.isPending ? 'Loading the county map…' : 'The county map is not available; type the coordinates or leave them empty.'}
          </p>
        )}
      </div>
    </fieldset>
  );
}
