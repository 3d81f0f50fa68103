import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgencyAdminView, RegionAdminView } from '@continuum/contracts';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { agencyKindLabel } from './organisation-labels.ts';

export const REGIONS_KEY = ['admin', 'regions'] as const;
export const AGENCIES_KEY = ['admin', 'agencies'] as const;
const LEVELS = ['1', '2', '3', '4'] as const;
const FOLLOWUP_KINDS = ['followup_provider', 'mcrt_provider', 'ccbhc', 'outpatient_provider'];

const minutes = (n: number | null | undefined) => (n === null || n === undefined ? 'not set' : `${n} min`);

/** Regions: time zone, the RAC's maximum response times, the follow-up provider and the backup 988 centre. */
export function RegionsPage() {
  const client = useClient();
  const regions = useQuery({ queryKey: REGIONS_KEY, queryFn: ({ signal }) => client.listAdminRegions({ signal }) });
  const agencies = useQuery({ queryKey: AGENCIES_KEY, queryFn: ({ signal }) => client.listAdminAgencies({ signal }) });
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const all = agencies.data?.items ?? [];
  const nameOf = (id: string | null) => (id === null ? 'none named' : all.find((a) => a.id === id)?.name ?? id);
  const items = regions.data?.items ?? [];

  return (
    <div className="admin-section" data-testid="admin-regions">
      <h2>Regions</h2>
      <p className="muted page-lede">
        A region’s time zone sets its reporting days and months; its maximum response times are the RAC’s (CESSA §45). Changing a
        region needs a regional administration grant for it (<code>continuum admin grant</code>).
      </p>
      {notice && <p className="notice-inline" role="status" data-testid="regions-notice">{notice}</p>}
      {regions.isPending && <p className="empty">Loading regions…</p>}
      {regions.isError && <p className="empty empty-error" role="alert">The regions could not be loaded: {regions.error.message}</p>}
      {regions.data && items.length === 0 && <p className="empty">No region is within your reach. Ask for a regional administration grant.</p>}
      <ul className="account-list" aria-label="Regions">
        {items.map((r) => (
          <li key={r.id} className="account-card" data-testid="region-row" data-region-id={r.id}>
            <div className="account-head">
              <span className="account-name">{r.name}</span>
              <code className="account-username">{r.id}</code>
            </div>
            {editing === r.id ? (
              <RegionForm region={r} agencies={all} onCancel={() => setEditing(null)} onSaved={(saved) => { setEditing(null); setNotice(`${saved.name} is saved.`); }} />
            ) : (
              <>
                <dl className="lint-summary">
                  <dt>Time zone</dt><dd>{r.timeZone}</dd>
                  <dt>Maximum response</dt>
                  <dd data-testid="region-maxima">
                    default {minutes(r.maxResponseMinutes.default)}; {LEVELS.map((l) => `level ${l}: ${minutes(r.maxResponseMinutes.byLevel[l])}`).join(', ')}
                    {Object.entries(r.maxResponseMinutes.byEmergencyType).map(([t, m]) => `; ${t.replace(/_/g, ' ')}: ${m} min`).join('')}
                  </dd>
                  <dt>Follow-up provider</dt><dd>{nameOf(r.followupProviderId)}</dd>
                  <dt>Backup 988 centre</dt><dd>{nameOf(r.backup988CentreId)}</dd>
                </dl>
                <div className="account-actions">
                  {r.mayChange
                    ? <button type="button" className="button button-small" onClick={() => { setEditing(r.id); setNotice(null); }} data-testid="region-edit">Change settings</button>
                    : <span className="muted">Read only: changing it needs a regional administration grant.</span>}
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function RegionForm({ region, agencies, onSaved, onCancel }: { region: RegionAdminView; agencies: readonly AgencyAdminView[]; onSaved: (r: RegionAdminView) => void; onCancel: () => void }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const m = region.maxResponseMinutes;
  const [form, setForm] = useState({
    name: region.name, timeZone: region.timeZone,
    default: m.default === null ? '' : String(m.default),
    levels: Object.fromEntries(LEVELS.map((l) => [l, m.byLevel[l] === undefined ? '' : String(m.byLevel[l])])) as Record<string, string>,
    followup: region.followupProviderId ?? '', backup: region.backup988CentreId ?? '',
  });
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const number = (v: string) => (v.trim() === '' ? null : Number(v));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    const byLevel: Record<string, number> = {};
    for (const l of LEVELS) { const n = number(form.levels[l]!); if (n !== null) byLevel[l] = n; }
    try {
      const saved = await client.updateRegion(region.id, {
        name: form.name.trim(), timeZone: form.timeZone.trim(),
        maxResponseMinutes: { default: number(form.default), byLevel, byEmergencyType: m.byEmergencyType },
        followupProviderId: form.followup || null, backup988CentreId: form.backup || null,
        expectedVersion: region.version,
      });
      await queryClient.invalidateQueries({ queryKey: REGIONS_KEY });
      onSaved(saved);
    } catch (error) {
      setIssues(describeWriteError(error, ['name', 'timeZone', 'maxResponseMinutes', 'followupProviderId', 'backup988CentreId']));
      setPending(false);
    }
  };
  const err = (f: string) => issues.fields[f] && <span className="field-error">{issues.fields[f]}</span>;
  const followups = agencies.filter((a) => a.regionId === region.id && FOLLOWUP_KINDS.includes(a.kind));
  const centres = agencies.filter((a) => a.kind === '988_centre');
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="region-form">
      <div className="field-row">
        <label className="field"><span className="field-label">Name</span><input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="region-name" />{err('name')}</label>
        <label className="field"><span className="field-label">Time zone</span><input value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} placeholder="America/Chicago" data-testid="region-time-zone" />{err('timeZone')}</label>
      </div>
      <fieldset className="fieldset">
        <legend>Maximum response times (minutes)</legend>
        <div className="field-row">
          <label className="field"><span className="field-label">Default</span><input type="number" inputMode="numeric" min={5} max={1440} value={form.default} onChange={(e) => setForm({ ...form, default: e.target.value })} data-testid="region-max-default" /></label>
          {LEVELS.map((l) => (
            <label key={l} className="field"><span className="field-label">Level {l}</span>
              <input type="number" inputMode="numeric" min={5} max={1440} value={form.levels[l]} onChange={(e) => setForm({ ...form, levels: { ...form.levels, [l]: e.target.value } })} data-testid={`region-max-${l}`} />
            </label>
          ))}
        </div>
        <span className="field-hint">Between 5 and 1440 minutes; leave empty for none. The most specific row applies to a call.</span>
        {err('maxResponseMinutes')}
      </fieldset>
      <div className="field-row">
        <label className="field"><span className="field-label">Follow-up provider</span>
          <select value={form.followup} onChange={(e) => setForm({ ...form, followup: e.target.value })} data-testid="region-followup">
            <option value="">None named</option>
            {followups.map((a) => <option key={a.id} value={a.id}>{a.name} ({agencyKindLabel(a.kind)})</option>)}
          </select>{err('followupProviderId')}
        </label>
        <label className="field"><span className="field-label">Backup 988 centre</span>
          <select value={form.backup} onChange={(e) => setForm({ ...form, backup: e.target.value })} data-testid="region-backup-988">
            <option value="">None named</option>
            {centres.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>{err('backup988CentreId')}
        </label>
      </div>
      {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((g) => <p key={g}>{g}</p>)}</div>}
      <div className="dialog-actions">
        <button type="submit" className="button button-primary" disabled={pending} data-testid="region-save">{pending ? 'Saving…' : 'Save region'}</button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
