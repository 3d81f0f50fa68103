import { useRef, useState, type FormEvent } from 'react';
import type { LocationAccuracy } from '@continuum/domain';
import { newIdempotencyKey, type IncidentView } from '@continuum/sdk';
import type { LatLon } from '../../county-map.ts';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { emptyDraft, splitCoordinates, toCorrection, type CallDraft, type PinSource } from '../../new-call.ts';
import { useHandOff } from '../../use-intake.ts';
import { LocationFields } from './LocationFields.tsx';
import { Modal } from './Modal.tsx';

const FIELDS = ['location', 'location.address', 'location.lat', 'location.lon'];

/** The call's place as the form holds it: the recorded one, or an empty box when it was unknown. */
function draftOf(incident: IncidentView): CallDraft {
  const l = incident.location;
  const known = l && l.accuracy !== 'unknown' && (l.address || l.lat !== undefined);
  return {
    ...emptyDraft('telecommunicator'),
    entryPoint: incident.entryPoint,
    address: known ? l.address : '',
    lat: known && l.lat !== undefined ? String(l.lat) : '',
    lon: known && l.lon !== undefined ? String(l.lon) : '',
    accuracy: known && l.accuracy === 'approximate' ? 'approximate' : 'exact',
  };
}

/**
 * Corrects an open call's place after intake (issue 11 §4): the street for a town's centre, the
 * place a 988 caller finally names. One write through the incident's transitions (audited, on the
 * feed), after which dispatch re-ranks from the new point.
 */
export function LocationDialog({ incident, onClose }: { incident: IncidentView; onClose: () => void }) {
  const [draft, setDraft] = useState<CallDraft>(() => draftOf(incident));
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const save = useHandOff(incident.id);
  const key = useRef(newIdempotencyKey());
  const first = useRef<HTMLButtonElement>(null);

  const change = (patch: Partial<CallDraft>) => {
    key.current = newIdempotencyKey();
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setPoint = (point: LatLon, from: PinSource, address?: string) =>
    change({
      lat: point.lat.toFixed(5), lon: point.lon.toFixed(5), pinFrom: from,
      accuracy: from.kind === 'town' ? 'approximate' : from.kind === 'map' || from.kind === 'geocoder' ? 'exact' : draft.accuracy,
      ...(address === undefined ? {} : { address }),
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const checked = toCorrection(draft);
    if (!checked.body) return setIssues({ fields: Object.fromEntries(checked.issues.map((i) => [i.field, i.message])), general: [] });
    setIssues(NO_ISSUES);
    try {
      await save.mutateAsync({ body: { action: 'correct_location', location: checked.body, expectedVersion: incident.version }, idempotencyKey: key.current });
      onClose();
    } catch (error) {
      setIssues(describeWriteError(error, FIELDS));
    }
  };

  return (
    <Modal titleId="location-title" onClose={onClose} initialFocus={first} testId="location-dialog" className="location-dialog">
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="location-title">Correct the location</h2>
        <p className="muted">The new place replaces the recorded one on the call, the board and the crew’s directions; units are ranked again from it.</p>
        <LocationFields
          regionId={incident.regionId} draft={{ ...draft, entryPoint: 'direct' }} errors={issues.fields}
          onAddress={(address) => change({ address })}
          onCoordinate={(name, text) => change({ ...(splitCoordinates(text) ?? { [name]: text }), pinFrom: { kind: 'typed' } })}
          onPoint={setPoint}
          onAccuracy={(accuracy: LocationAccuracy) => change({ accuracy })}
        />
        {issues.general.length > 0 && <div className="form-error" role="alert" data-testid="location-dialog-error">{issues.general.map((m) => <p key={m}>{m}</p>)}</div>}
        <div className="dialog-actions">
          <button ref={first} type="submit" className="button button-primary" disabled={save.isPending} data-testid="location-dialog-save">
            {save.isPending ? 'Saving…' : 'Save the location'}
          </button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
