import { useRef, useState } from 'react';
import type { RegionGeography } from '@continuum/contracts';
import type { LocationAccuracy } from '@continuum/domain';
import { useClient } from '../../client-context.tsx';
import { countyAt, describePoint, parsePoint, type LatLon } from '../../county-map.ts';
import { geocodedBeyondTown, type CallDraft, type PinSource } from '../../new-call.ts';
import { completeAddress, type TownMatch } from '../../town-search.ts';
import { useRegionGeography } from '../../use-region-geography.ts';
import { AddressField } from './AddressField.tsx';
import { CountyMap } from './CountyMap.tsx';
import { TextField } from './Fields.tsx';
import './location.css';

interface LocationFieldsProps {
  regionId: string;
  draft: Pick<CallDraft, 'address' | 'lat' | 'lon' | 'entryPoint' | 'accuracy' | 'pinFrom'>;
  errors: Partial<Record<'location' | 'location.address' | 'location.lat' | 'location.lon', string>>;
  onAddress: (address: string) => void;
  /** A typed coordinate: the text as entered, so a half-typed number is kept. */
  onCoordinate: (name: 'lat' | 'lon', text: string) => void;
  /** A point from the map, a town or the geocoder: both coordinates at once, and the address if a town completed it. */
  onPoint: (point: LatLon, from: PinSource, address?: string) => void;
  onAccuracy: (accuracy: LocationAccuracy) => void;
}

type Mappable = RegionGeography & { bbox: [number, number, number, number] };
const hasMap = (g: RegionGeography | undefined): g is Mappable => Boolean(g?.bbox);

const ACCURACY_WORDS: Record<LocationAccuracy, string> = {
  exact: 'At this address',
  approximate: 'Approximate',
  unknown: 'Location unknown',
};

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
 * Where the pin came from, said plainly beside the address (issue 11 §4): a town's centre is not
 * the street, and the ETAs from it are estimates until the pin is placed at the spot.
 */
function PinNotice({ from }: { from: PinSource | null }) {
  if (!from || from.kind === 'typed') return null;
  if (from.kind === 'town') {
    const why = from.geocoder === 'none' ? 'No address lookup is set up for this region' : 'The address lookup found only the town';
    return (
      <p className="pin-notice pin-approximate" role="status" data-testid="pin-notice" data-pin="town">
        <strong>The pin is {from.town}’s town centre, not the street address.</strong> {why}. Click or drag the pin on the map to where
        the person is; until then the location is approximate and every ETA is an estimate.
      </p>
    );
  }
  if (from.kind === 'geocoder') {
    return <p className="pin-notice" role="status" data-testid="pin-notice" data-pin="geocoder">Pin from the address lookup: {from.label}</p>;
  }
  return <p className="pin-notice" role="status" data-testid="pin-notice" data-pin="map">Pin placed on the map by you.</p>;
}

/**
 * "Where is the person?": how sure the place is (988 may start with it unknown), the address with
 * a town quick-pick, the coordinates as text, and the county map. The form's latitude and
 * longitude are the one source of truth; the map and the status line read them, so typing,
 * pasting, clicking, dragging and picking a town all agree.
 */
export function LocationFields({ regionId, draft, errors, onAddress, onCoordinate, onPoint, onAccuracy }: LocationFieldsProps) {
  const client = useClient();
  const geography = useRegionGeography(regionId);
  const point = parsePoint(draft.lat, draft.lon);
  const map = hasMap(geography.data) ? geography.data : undefined;
  const [lookingUp, setLookingUp] = useState(false);
  // Each pick counts; a lookup's late answer is dropped once the call-taker has placed the pin since.
  const picks = useRef(0);
  const place = (p: LatLon) => {
    picks.current += 1;
    setLookingUp(false);
    onPoint(p, { kind: 'map' });
  };
  const choices: LocationAccuracy[] = draft.entryPoint === '988' ? ['exact', 'approximate', 'unknown'] : ['exact', 'approximate'];

  // The town's centre at once, then the agency's geocoder for the street, if it has one.
  const pickTown = (match: TownMatch) => {
    const address = completeAddress(draft.address, match);
    const centre = { lat: match.town.lat, lon: match.town.lon };
    onPoint(centre, { kind: 'town', town: match.town.name, geocoder: 'none' }, address);
    const pick = ++picks.current;
    setLookingUp(true);
    client
      .geocode(address)
      .then((answer) => {
        if (!answer.configured || pick !== picks.current) return;
        const found = answer.results[0];
        if (found && geocodedBeyondTown(found, centre)) onPoint(found, { kind: 'geocoder', label: found.label });
        else onPoint(centre, { kind: 'town', town: match.town.name, geocoder: 'town_only' });
      })
      // No answer leaves the town's centre and its notice: the call goes on.
      .catch(() => undefined)
      .finally(() => pick === picks.current && setLookingUp(false));
  };

  return (
    <fieldset className="fieldset">
      <legend>Where is the person?</legend>
      <div className="location-accuracy">
        <span className="field-label" id="accuracy-label">How sure</span>
        <div className="segmented-radio" role="radiogroup" aria-labelledby="accuracy-label" data-testid="field-accuracy">
          {choices.map((a) => (
            <label key={a} className="radio-pill">
              <input type="radio" name="accuracy" value={a} checked={draft.accuracy === a} onChange={() => onAccuracy(a)} data-testid={`accuracy-${a}`} />
              <span>{ACCURACY_WORDS[a]}</span>
            </label>
          ))}
        </div>
        {errors.location && <span className="field-error" data-testid="error-location">{errors.location}</span>}
      </div>
      {draft.accuracy === 'unknown' ? (
        <p className="location-unknown" role="status" data-testid="location-unknown">
          <strong>Caller’s location unknown.</strong> The contact starts without an address; the counsellor can talk and triage, and
          dispatch is told no place is known. Record the place as soon as the person says where they are.
        </p>
      ) : (
        <>
          <AddressField value={draft.address} error={errors['location.address']} towns={geography.data?.towns} onChange={onAddress} onPickTown={pickTown} />
          {lookingUp ? <p className="pin-notice" role="status">Looking up the address…</p> : <PinNotice from={draft.pinFrom} />}
          {draft.accuracy === 'approximate' && draft.pinFrom?.kind !== 'town' && (
            <p className="field-hint" data-testid="approximate-hint">Approximate: ETAs from this place are marked as estimates.</p>
          )}
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
              <CountyMap geography={map} point={point} onPick={place} />
            ) : (
              <p className="county-map-missing" data-testid="county-map-missing">
                {geography.isPending ? 'Loading the county map…' : 'The county map is not available; type the coordinates or leave them empty.'}
              </p>
            )}
          </div>
        </>
      )}
    </fieldset>
  );
}
