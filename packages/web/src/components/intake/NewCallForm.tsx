import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { LIMITS } from '@continuum/contracts';
import { CHANNELS_OF_ENTRY, ENTRY_POINTS, type Role } from '@continuum/domain';
import { newIdempotencyKey } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, fileIssues, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { CHANNEL_LABELS, ENTRY_POINT_LABELS } from '../../format.ts';
import { COMMON_LANGUAGES, languageLabel } from '../../languages.ts';
import { CALL_FIELDS, emptyDraft, splitCoordinates, toCreateRequest, withEntryPoint, type CallDraft, type PinSource } from '../../new-call.ts';
import { navigate } from '../../router.ts';
import { INCIDENTS_KEY } from '../../use-live-feed.ts';
import type { LatLon } from '../../county-map.ts';
import { CheckField, fieldId, SelectField, TextArea, TextField } from './Fields.tsx';
import { LocationFields } from './LocationFields.tsx';

/**
 * The new-call form, in the order a call-taker asks: where, a number to call back, who, what.
 * Enter anywhere starts the interview; every field is reachable with Tab.
 */
/** The intake's disability answer (issue 14 §2): not asking is not the same as not knowing. */
const DISABILITY_OPTIONS = [
  { value: '', label: 'Not asked' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unknown', label: 'Not known' },
] as const;

export function NewCallForm({ role, regionId }: { role: Role; regionId: string }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<CallDraft>(() => emptyDraft(role));
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  // "Another language": the tag is typed, so the select shows "other" while the box holds it.
  const [otherLanguage, setOtherLanguage] = useState(false);
  // One key per version of the draft: a second Enter or a retry of the same call is one incident.
  const key = useRef(newIdempotencyKey());

  const set = <K extends keyof CallDraft>(name: K, value: CallDraft[K]) => {
    key.current = newIdempotencyKey();
    setDraft((d) => ({ ...d, [name]: value }));
  };
  const setCoordinate = (name: 'lat' | 'lon', value: string) => {
    const both = splitCoordinates(value);
    if (both) {
      key.current = newIdempotencyKey();
      setDraft((d) => ({ ...d, ...both, pinFrom: { kind: 'typed' } }));
    } else {
      key.current = newIdempotencyKey();
      setDraft((d) => ({ ...d, [name]: value, pinFrom: { kind: 'typed' } }));
    }
  };

  // From the map, a town pick or the geocoder: both coordinates as the form shows them (five
  // decimals, about a metre). A town's centre is approximate; a pin the call-taker placed at the
  // spot, or a geocoded street address, is the place itself.
  const setPoint = (point: LatLon, from: PinSource, address?: string) => {
    key.current = newIdempotencyKey();
    setDraft((d) => ({
      ...d,
      lat: point.lat.toFixed(5),
      lon: point.lon.toFixed(5),
      pinFrom: from,
      accuracy: from.kind === 'town' ? 'approximate' : from.kind === 'map' || from.kind === 'geocoder' ? 'exact' : d.accuracy,
      ...(address === undefined ? {} : { address }),
    }));
  };

  const showIssues = (next: FormIssues) => {
    setIssues(next);
    const first = CALL_FIELDS.find((f) => next.fields[f]);
    if (first) document.getElementById(fieldId(first))?.focus();
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (pending) return;
    const checked = toCreateRequest(draft);
    if (!checked.body) return showIssues(fileIssues(checked.issues, CALL_FIELDS));
    setPending(true);
    setIssues(NO_ISSUES);
    try {
      const incident = await client.createIncident(checked.body, { idempotencyKey: key.current });
      queryClient.setQueryData([...INCIDENTS_KEY, 'one', incident.id], incident);
      navigate(`/intake/${incident.id}`);
    } catch (error) {
      showIssues(describeWriteError(error, CALL_FIELDS));
      setPending(false);
    }
  };

  // In the summary, Enter starts the interview like everywhere else; Shift+Enter adds a line.
  const summaryKeys = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void submit();
    }
  };

  const f = issues.fields;
  const age = Number(draft.personAge.trim() || NaN);
  const cares = Number.isFinite(age) && age < 21 && (draft.medicaid || draft.dcfsWard);

  return (
    <form className="form call-form" onSubmit={submit} noValidate aria-labelledby="new-call-title" data-testid="new-call-form">
      <h2 id="new-call-title">New call</h2>
      {issues.general.length > 0 && (
        <div className="form-error" role="alert" data-testid="new-call-error">
          {issues.general.map((m) => <p key={m}>{m}</p>)}
        </div>
      )}
      {Object.keys(f).length > 0 && issues.general.length === 0 && (
        <p className="form-error" role="alert" data-testid="new-call-error">
          Check the {Object.keys(f).length === 1 ? 'field' : `${Object.keys(f).length} fields`} marked below.
        </p>
      )}

      <fieldset className="fieldset">
        <legend>Came in on</legend>
        <div className="segmented-radio" data-testid="field-entryPoint">
          {ENTRY_POINTS.map((entry) => (
            <label key={entry} className="radio-pill">
              <input
                type="radio" name="entryPoint" value={entry} checked={draft.entryPoint === entry}
                onChange={() => {
                  key.current = newIdempotencyKey();
                  setDraft((d) => withEntryPoint(d, entry));
                }}
              />
              <span>{ENTRY_POINT_LABELS[entry]}</span>
            </label>
          ))}
        </div>
        <div className="contact-row">
          <div className="contact-channel">
            <span className="field-label" id="channel-label">By</span>
            <div className="segmented-radio" role="radiogroup" aria-labelledby="channel-label" data-testid="field-channel">
              {CHANNELS_OF_ENTRY[draft.entryPoint].map((channel) => (
                <label key={channel} className="radio-pill">
                  <input type="radio" name="channel" value={channel} checked={draft.channel === channel} onChange={() => set('channel', channel)} />
                  <span>{CHANNEL_LABELS[channel]}</span>
                </label>
              ))}
            </div>
            {f.channel && <span className="field-error" data-testid="error-channel">{f.channel}</span>}
          </div>
          <label className="field contact-language">
            <span className="field-label">Preferred language</span>
            <select
              id={fieldId('preferredLanguage')} data-testid="field-preferredLanguage-choice"
              value={otherLanguage ? 'other' : draft.preferredLanguage}
              onChange={(e) => {
                const other = e.target.value === 'other';
                setOtherLanguage(other);
                set('preferredLanguage', other ? '' : e.target.value);
              }}
            >
              <option value="">English</option>
              {COMMON_LANGUAGES.map((tag) => <option key={tag} value={tag}>{languageLabel(tag)}</option>)}
              <option value="other">Another language…</option>
            </select>
            {f.preferredLanguage && !otherLanguage && <span className="field-error" data-testid="error-preferredLanguage">{f.preferredLanguage}</span>}
          </label>
          {otherLanguage && (
            <TextField
              path="preferredLanguage" label="Language code" hint="Like so (Somali) or yue (Cantonese)" error={f.preferredLanguage}
              maxLength={35} autoComplete="off" value={draft.preferredLanguage} onChange={(e) => set('preferredLanguage', e.target.value)}
            />
          )}
        </div>
      </fieldset>

      <LocationFields
        regionId={regionId} draft={draft} errors={f} onAddress={(text) => set('address', text)} onCoordinate={setCoordinate} onPoint={setPoint}
        onAccuracy={(accuracy) => set('accuracy', accuracy)}
      />

      <fieldset className="fieldset">
        <legend>Caller</legend>
        <div className="field-row">
          <TextField
            path="caller.callbackNumber" label="Callback number" error={f['caller.callbackNumber']} type="tel" inputMode="tel"
            maxLength={LIMITS.phone} autoComplete="off" value={draft.callbackNumber} onChange={(e) => set('callbackNumber', e.target.value)}
          />
          <TextField
            path="caller.name" label="Caller’s name" error={f['caller.name']} maxLength={LIMITS.shortText} autoComplete="off"
            value={draft.callerName} onChange={(e) => set('callerName', e.target.value)}
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Person in crisis</legend>
        <div className="field-row field-row-person">
          <TextField
            path="person.name" label="Name" error={f['person.name']} maxLength={LIMITS.shortText} autoComplete="off"
            value={draft.personName} onChange={(e) => set('personName', e.target.value)}
          />
          <TextField
            path="person.age" label="Age" hint="If known" error={f['person.age']} inputMode="numeric" autoComplete="off"
            value={draft.personAge} onChange={(e) => set('personAge', e.target.value)}
          />
          <SelectField
            path="person.disability" label="Disability" hint="As the person or caller says" error={f['person.disability']}
            value={draft.disability} onChange={(e) => set('disability', e.target.value as typeof draft.disability)} options={DISABILITY_OPTIONS}
          />
        </div>
        <div className="check-row">
          <CheckField path="person.medicaid" label="On Medicaid" checked={draft.medicaid} onChange={(e) => set('medicaid', e.target.checked)} />
          <CheckField path="person.dcfsWard" label="DCFS ward (in state care)" checked={draft.dcfsWard} onChange={(e) => set('dcfsWard', e.target.checked)} />
        </div>
        {cares && (
          <p className="note-cares" data-testid="cares-hint">
            Under 21 with Medicaid or in DCFS care: the CARES line can take this call (route with <kbd>C</kbd> during the interview).
          </p>
        )}
      </fieldset>

      <fieldset className="fieldset">
        <legend>What is happening</legend>
        <TextArea
          path="summary" label="Summary" error={f.summary} required rows={3} maxLength={LIMITS.summary}
          hint="A few words. Enter starts the interview; Shift+Enter adds a line."
          value={draft.summary} onChange={(e) => set('summary', e.target.value)} onKeyDown={summaryKeys}
        />
        <TextField
          path="safetyFlags" label="Safety flags for responders" error={f.safetyFlags} autoComplete="off"
          hint="Separate with commas: dog on premises, firearm in the home, …"
          value={draft.safetyFlags} onChange={(e) => set('safetyFlags', e.target.value)}
        />
      </fieldset>

      <button type="submit" className="button button-primary call-submit" disabled={pending} data-testid="new-call-submit">
        {pending ? 'Starting…' : 'Start the interview'} <kbd>Enter</kbd>
      </button>
    </form>
  );
}
