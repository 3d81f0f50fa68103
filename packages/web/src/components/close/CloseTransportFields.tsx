import { DESTINATION_KINDS, TRANSPORTERS, type FacilityKind } from '@continuum/domain';
import type { FacilityView } from '@continuum/sdk';
import { DESTINATION_LABELS, TRANSPORTER_LABELS, type CloseDraft } from '../../close-form.ts';
import { FieldIssue } from './FieldIssue.tsx';

interface Props {
  draft: CloseDraft;
  set: (patch: Partial<CloseDraft>) => void;
  issues: Record<string, string>;
  /** The region's facilities, when they could be loaded; offline the prefilled one is still shown. */
  facilities: readonly FacilityView[] | undefined;
  /** The transport step's destination, named as the crew saw it, for when the directory is out of reach. */
  knownFacility: { id: string; name: string } | null;
}

/** An emergency department or inpatient ending is at a facility of that kind; transport may be to any. */
const KINDS: Partial<Record<CloseDraft['disposition'], FacilityKind>> = { emergency_department: 'emergency_department', inpatient: 'inpatient_unit' };

/** Who took the person and where: the part of the ending the RAC counts (police transport apart). */
export function CloseTransportFields({ draft, set, issues, facilities, knownFacility }: Props) {
  const kind = KINDS[draft.disposition];
  const facilityOnly = kind !== undefined;
  const options = (facilities ?? []).filter((f) => !kind || f.kind === kind).map((f) => ({ id: f.id, name: f.name }));
  if (knownFacility && !options.some((o) => o.id === knownFacility.id)) options.unshift(knownFacility);
  const transportIssue = issues['details.transport'];
  return (
    <fieldset className="field-fieldset" data-testid="close-transport">
      <legend>Transport</legend>
      <FieldIssue id="close-transport-issue" message={transportIssue} />
      <label className="field-label" htmlFor="close-transport-by">Taken by</label>
      <select id="close-transport-by" className="field-select" value={draft.transportBy} onChange={(e) => set({ transportBy: e.target.value as CloseDraft['transportBy'] })} data-testid="close-transport-by" aria-describedby="close-by-issue">
        {TRANSPORTERS.map((t) => <option key={t} value={t}>{TRANSPORTER_LABELS[t]}</option>)}
      </select>
      <FieldIssue id="close-by-issue" message={issues['details.transport.by']} />
      {!facilityOnly && (
        <div className="field-question" role="radiogroup" aria-label="Taken to" data-testid="close-destination">
          <span className="field-question-label">Taken to</span>
          <div className="field-segmented field-segmented-3">
            {DESTINATION_KINDS.map((d) => (
              <button key={d} type="button" role="radio" aria-checked={draft.destination === d} className="field-button" onClick={() => set({ destination: d })} data-testid={`close-destination-${d}`}>
                {DESTINATION_LABELS[d]}
              </button>
            ))}
          </div>
        </div>
      )}
      <FieldIssue id="close-destination-issue" message={issues['details.transport.destination']} />
      {draft.destination === 'facility' && (
        <>
          <label className="field-label" htmlFor="close-facility">Facility</label>
          <select id="close-facility" className="field-select" value={draft.facilityId} onChange={(e) => set({ facilityId: e.target.value })} data-testid="close-facility" aria-describedby="close-facility-issue" aria-invalid={Boolean(issues['details.transport.facilityId'])}>
            <option value="">Choose the facility…</option>
            {options.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
          <FieldIssue id="close-facility-issue" message={issues['details.transport.facilityId']} />
        </>
      )}
      {draft.destination === 'chosen_place' && (
        <>
          <label className="field-label" htmlFor="close-place">The place they chose</label>
          <input id="close-place" className="field-input" value={draft.place} maxLength={200} onChange={(e) => set({ place: e.target.value })} data-testid="close-place" aria-describedby="close-place-issue" aria-invalid={Boolean(issues['details.transport.place'])} />
          <FieldIssue id="close-place-issue" message={issues['details.transport.place']} />
        </>
      )}
    </fieldset>
  );
}
