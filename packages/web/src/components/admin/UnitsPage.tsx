import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgencyAdminView, ServiceAreaImportRequest, UnitAdminView } from '@continuum/contracts';
import { MODEL_LABELS, RESPONSE_MODELS, ROLES, type ResponseModel, type Role } from '@continuum/domain';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { ActionDialog } from '../intake/ActionDialog.tsx';
import { Modal } from '../intake/Modal.tsx';
import { roleLabel } from './admin-labels.ts';
import { describeArea } from './organisation-labels.ts';
import { AGENCIES_KEY } from './RegionsPage.tsx';

const UNITS_KEY = ['admin', 'units'] as const;
const modelLabel = (m: string) => { const l = (MODEL_LABELS as Record<string, string>)[m]; return l ? l[0]!.toUpperCase() + l.slice(1) : m; };

type Pending = { kind: 'edit' | 'retire'; unit: UnitAdminView } | { kind: 'area'; unit: UnitAdminView; fileName: string; geojson: ServiceAreaImportRequest['geojson']; summary: string } | { kind: 'new' };

/** The geometry a GeoJSON file holds: a bare Polygon/MultiPolygon, a Feature, or a collection of one. */
function areaOf(json: unknown): { geojson: ServiceAreaImportRequest['geojson']; summary: string } | string {
  const g = json as { type?: string; geometry?: unknown; features?: { geometry?: unknown }[] };
  const geometry = (g.type === 'FeatureCollection' ? g.features?.[0]?.geometry : g.type === 'Feature' ? g.geometry : g) as { type?: string } | undefined;
  if (g.type === 'FeatureCollection' && g.features?.length !== 1) return 'A service area file holds exactly one feature.';
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return 'The file holds no Polygon or MultiPolygon.';
  try {
    return { geojson: json as ServiceAreaImportRequest['geojson'], summary: describeArea(geometry as Parameters<typeof describeArea>[0]) };
  } catch {
    return 'The polygon’s coordinates cannot be read.';
  }
}

/** Units of the agencies within reach: model, crew make-up, capabilities, languages, service area; create, change, retire. */
export function UnitsPage() {
  const client = useClient();
  const queryClient = useQueryClient();
  const [showRetired, setShowRetired] = useState(false);
  const list = useQuery({ queryKey: [...UNITS_KEY, showRetired], queryFn: ({ signal }) => client.listAdminUnits({ retired: showRetired, signal }) });
  const agencies = useQuery({ queryKey: AGENCIES_KEY, queryFn: ({ signal }) => client.listAdminAgencies({ signal }) });
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fileError, setFileError] = useState<{ unitId: string; message: string } | null>(null);
  const all = agencies.data?.items ?? [];
  const agencyName = (id: string) => all.find((a) => a.id === id)?.name ?? id;
  const changeable = all.filter((a) => a.mayChange);
  const items = [...(list.data?.items ?? [])].sort((a, b) => agencyName(a.agencyId).localeCompare(agencyName(b.agencyId)) || a.name.localeCompare(b.name));
  // The notice follows the list's re-read, so what it announces is already on screen when it shows.
  const done = async (message: string) => {
    await queryClient.invalidateQueries({ queryKey: UNITS_KEY });
    setPending(null);
    setNotice(message);
  };
  const chooseArea = async (unit: UnitAdminView, event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    setFileError(null);
    setNotice(null);
    if (!file) return;
    let json: unknown;
    try { json = JSON.parse(await file.text()); } catch { return setFileError({ unitId: unit.id, message: `${file.name} is not GeoJSON (not JSON at all).` }); }
    const area = areaOf(json);
    if (typeof area === 'string') return setFileError({ unitId: unit.id, message: `${file.name}: ${area}` });
    setPending({ kind: 'area', unit, fileName: file.name, ...area });
  };

  return (
    <div className="admin-section" data-testid="admin-units">
      <div className="page-head">
        <h2>Units</h2>
        {changeable.length > 0 && <button type="button" className="button button-primary" onClick={() => { setPending({ kind: 'new' }); setNotice(null); }} data-testid="unit-new">New unit</button>}
      </div>
      <p className="muted page-lede">
        What dispatch recommends from: each unit’s model, who it carries, what it can do and where it may go. A unit without a service
        area of its own covers its agency’s county. Crews and shifts are rostered on the Dispatch board.
      </p>
      <label className="check-pill"><input type="checkbox" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} data-testid="units-retired" />Show retired units</label>
      {notice && <p className="notice-inline" role="status" data-testid="units-notice">{notice}</p>}
      {list.isPending && <p className="empty">Loading units…</p>}
      {list.isError && <p className="empty empty-error" role="alert">The units could not be loaded: {list.error.message}</p>}
      {list.data && items.length === 0 && <p className="empty" data-testid="units-empty">No units yet. Create your agency’s first with “New unit”.</p>}
      <ul className="account-list" aria-label="Units">
        {items.map((u) => (
          <li key={u.id} className="account-card" data-testid="unit-row" data-unit-id={u.id} data-retired={u.retiredAt !== null}>
            <div className="account-head">
              <span className="account-name">{u.name}</span>
              <code className="account-username" data-identifier title="The unit's id, as the onboarding files name it">{u.id}</code>
              {u.retiredAt && <span className="badge account-disabled">Retired</span>}
            </div>
            <dl className="lint-summary">
              <dt>Agency</dt><dd>{agencyName(u.agencyId)}</dd>
              <dt>Model</dt><dd>{modelLabel(u.model)}</dd>
              <dt>Carries</dt><dd>{u.composition.map(roleLabel).join(' + ')}</dd>
              <dt>Can</dt>
              <dd>{[u.capabilities.youth && 'see young people', u.capabilities.naloxone && 'give naloxone', u.capabilities.canTransport && 'transport'].filter(Boolean).join(', ') || 'nothing special recorded'}</dd>
              <dt>Languages</dt><dd>{u.capabilities.languages.length ? u.capabilities.languages.join(', ') : 'none recorded'}</dd>
              <dt>Service area</dt>
              <dd data-testid="unit-area">{u.serviceArea.source === 'county' || !u.serviceArea.geometry ? 'Its agency’s county' : `Its own: ${describeArea(u.serviceArea.geometry)}`}</dd>
            </dl>
            {fileError?.unitId === u.id && <p className="form-error" role="alert">{fileError.message}</p>}
            {!u.retiredAt && (
              <div className="account-actions">
                <button type="button" className="button button-small" onClick={() => { setPending({ kind: 'edit', unit: u }); setNotice(null); }} data-testid="unit-edit">Change</button>
                <label className="button button-small file-button">
                  Service area from GeoJSON…
                  <input type="file" accept=".geojson,.json,application/geo+json,application/json" className="visually-hidden" onChange={(e) => void chooseArea(u, e)} data-testid="unit-area-file" />
                </label>
                <button type="button" className="button button-small button-danger-outline" onClick={() => { setPending({ kind: 'retire', unit: u }); setNotice(null); }} data-testid="unit-retire">Retire</button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {pending?.kind === 'retire' && (
        <ActionDialog
          title={`Retire ${pending.unit.name}?`}
          body={<p>It leaves the dispatch board and is never recommended again. Its history stays. Refused while it is on a call.</p>}
          confirmLabel="Retire unit" danger
          reason={{ label: 'Reason', hint: 'Recorded in the audit trail.', missing: 'Give the reason: it is recorded' }}
          onConfirm={async (reason) => { await client.retireUnit(pending.unit.id, { reason: reason ?? '' }); await done(`${pending.unit.name} is retired.`); }}
          onClose={() => setPending(null)} testId="retire-unit-dialog"
        />
      )}
      {pending?.kind === 'area' && (
        <ActionDialog
          title={`Use ${pending.fileName} as ${pending.unit.name}’s service area?`}
          body={<p>The file holds {pending.summary}. Dispatch recommends {pending.unit.name} only for calls inside it from now on.</p>}
          confirmLabel="Set service area"
          onConfirm={async () => { await client.importServiceArea(pending.unit.id, { geojson: pending.geojson }); await done(`${pending.unit.name} has a service area of its own.`); }}
          onClose={() => setPending(null)} testId="unit-area-dialog"
        />
      )}
      {(pending?.kind === 'edit' || pending?.kind === 'new') && (
        <UnitDialog unit={pending.kind === 'edit' ? pending.unit : null} agencies={changeable} onClose={() => setPending(null)}
          onSaved={(u, created) => void done(`${u.name} is ${created ? 'created, off duty until its crew starts a shift' : 'saved'}.`)} />
      )}
    </div>
  );
}

function UnitDialog({ unit, agencies, onSaved, onClose }: { unit: UnitAdminView | null; agencies: readonly AgencyAdminView[]; onSaved: (u: UnitAdminView, created: boolean) => void; onClose: () => void }) {
  const client = useClient();
  const first = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState({
    id: '', agencyId: unit?.agencyId ?? agencies[0]?.id ?? '', name: unit?.name ?? '', model: (unit?.model ?? '') as ResponseModel | '',
    composition: (unit?.composition ?? []) as Role[],
    lat: unit ? String(unit.home.lat) : '', lon: unit ? String(unit.home.lon) : '', homeLabel: unit?.home.label ?? '',
    youth: unit?.capabilities.youth ?? false, naloxone: unit?.capabilities.naloxone ?? false, canTransport: unit?.capabilities.canTransport ?? false,
    languages: unit?.capabilities.languages.join(', ') ?? 'en',
  });
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [sending, setSending] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!form.model) problems.model = 'Choose the response model';
    if (form.composition.length === 0) problems.composition = 'Choose who the unit carries';
    if (Object.keys(problems).length) return setIssues({ fields: problems, general: [] });
    const capabilities = { youth: form.youth, naloxone: form.naloxone, canTransport: form.canTransport, languages: form.languages.split(',').map((l) => l.trim()).filter(Boolean) };
    const home = { lat: Number(form.lat), lon: Number(form.lon), label: form.homeLabel.trim() || null };
    setSending(true);
    try {
      const model = form.model as ResponseModel;
      const saved = unit
        ? await client.updateUnit(unit.id, { name: form.name.trim(), model, composition: form.composition, home, capabilities })
        : await client.createUnit({ id: form.id.trim(), agencyId: form.agencyId, name: form.name.trim(), model, composition: form.composition, home, capabilities });
      onSaved(saved, !unit);
    } catch (error) {
      setIssues(describeWriteError(error, ['id', 'agencyId', 'name', 'model', 'composition', 'home', 'capabilities']));
      setSending(false);
    }
  };
  const err = (f: string) => issues.fields[f] && <span className="field-error">{issues.fields[f]}</span>;
  return (
    <Modal titleId="unit-dialog-title" onClose={onClose} initialFocus={first} testId="unit-dialog" className="dialog-wide">
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="unit-dialog-title">{unit ? `Change ${unit.name}` : 'New unit'}</h2>
        <div className="field-row">
          <label className="field"><span className="field-label">Name</span><input ref={first} value={form.name} onChange={(e) => set({ name: e.target.value })} data-testid="unit-name" />{err('name')}</label>
          {!unit && <label className="field"><span className="field-label">Id</span><input value={form.id} spellCheck={false} onChange={(e) => set({ id: e.target.value })} placeholder="e.g. MCRT-3" data-testid="unit-id" />{err('id')}</label>}
        </div>
        <div className="field-row">
          {!unit && <label className="field"><span className="field-label">Agency</span><select value={form.agencyId} onChange={(e) => set({ agencyId: e.target.value })} data-testid="unit-agency">{agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}</select>{err('agencyId')}</label>}
          <label className="field"><span className="field-label">Response model</span>
            <select value={form.model} onChange={(e) => set({ model: e.target.value as ResponseModel })} data-testid="unit-model">
              <option value="">Choose…</option>
              {RESPONSE_MODELS.map((m) => <option key={m} value={m}>{modelLabel(m)}</option>)}
            </select>{err('model')}
          </label>
        </div>
        <fieldset className="fieldset">
          <legend>Carries (crew make-up)</legend>
          <div className="check-row">
            {ROLES.filter((r) => ['mcrt_clinician', 'engagement_specialist', 'police_officer', 'ems_crew', 'crisis_counsellor', 'case_manager'].includes(r)).map((r) => (
              <label key={r} className="check-pill"><input type="checkbox" checked={form.composition.includes(r)} onChange={() => set({ composition: form.composition.includes(r) ? form.composition.filter((x) => x !== r) : [...form.composition, r] })} data-testid={`unit-carries-${r}`} />{roleLabel(r)}</label>
            ))}
          </div>
          {err('composition')}
        </fieldset>
        <fieldset className="fieldset">
          <legend>Capabilities</legend>
          <div className="check-row">
            <label className="check-pill"><input type="checkbox" checked={form.youth} onChange={(e) => set({ youth: e.target.checked })} data-testid="unit-youth" />Sees young people</label>
            <label className="check-pill"><input type="checkbox" checked={form.naloxone} onChange={(e) => set({ naloxone: e.target.checked })} />Carries naloxone</label>
            <label className="check-pill"><input type="checkbox" checked={form.canTransport} onChange={(e) => set({ canTransport: e.target.checked })} />Can transport</label>
          </div>
          <label className="field"><span className="field-label">Languages</span><input value={form.languages} onChange={(e) => set({ languages: e.target.value })} placeholder="en, es" data-testid="unit-languages" /><span className="field-hint">Language tags separated by commas, e.g. en, es.</span></label>
          {err('capabilities')}
        </fieldset>
        <fieldset className="fieldset">
          <legend>Home base (where it starts without a live position)</legend>
          <div className="field-row">
            <label className="field"><span className="field-label">Latitude</span><input inputMode="decimal" value={form.lat} onChange={(e) => set({ lat: e.target.value })} data-testid="unit-lat" /></label>
            <label className="field"><span className="field-label">Longitude</span><input inputMode="decimal" value={form.lon} onChange={(e) => set({ lon: e.target.value })} data-testid="unit-lon" /></label>
            <label className="field"><span className="field-label">Label</span><input value={form.homeLabel} onChange={(e) => set({ homeLabel: e.target.value })} /></label>
          </div>
          {err('home')}
        </fieldset>
        {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((g) => <p key={g}>{g}</p>)}</div>}
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={sending} data-testid="unit-save">{sending ? 'Saving…' : unit ? 'Save' : 'Create unit'} <kbd>Enter</kbd></button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
