import { useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgencyAdminView } from '@continuum/contracts';
import { AGENCY_KINDS } from '@continuum/domain';
import { useClient } from '../../client-context.tsx';
import { describeWriteError, NO_ISSUES, type FormIssues } from '../../form-issues.ts';
import { Modal } from '../intake/Modal.tsx';
import { agencyKindLabel } from './organisation-labels.ts';
import { AGENCIES_KEY, REGIONS_KEY } from './RegionsPage.tsx';

type Editing = { agency: AgencyAdminView | null };

/** Agencies of the regions within reach: kind, region and contact; new ones where a regional grant allows. */
export function AgenciesPage() {
  const client = useClient();
  const regions = useQuery({ queryKey: REGIONS_KEY, queryFn: ({ signal }) => client.listAdminRegions({ signal }) });
  const list = useQuery({ queryKey: AGENCIES_KEY, queryFn: ({ signal }) => client.listAdminAgencies({ signal }) });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const regionName = (id: string) => regions.data?.items.find((r) => r.id === id)?.name ?? id;
  const creatable = (regions.data?.items ?? []).filter((r) => r.mayChange);
  const items = [...(list.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <div className="admin-section" data-testid="admin-agencies">
      <div className="page-head">
        <h2>Agencies</h2>
        {creatable.length > 0 && <button type="button" className="button button-primary" onClick={() => { setEditing({ agency: null }); setNotice(null); }} data-testid="agency-new">New agency</button>}
      </div>
      <p className="muted page-lede">
        The organisations of your region: who answers, who responds, who receives people. You change your own agency; other agencies and new
        ones need a regional administration grant.
      </p>
      {notice && <p className="notice-inline" role="status" data-testid="agencies-notice">{notice}</p>}
      {list.isPending && <p className="empty">Loading agencies…</p>}
      {list.isError && <p className="empty empty-error" role="alert">The agencies could not be loaded: {list.error.message}</p>}
      {list.data && items.length === 0 && <p className="empty">No agency is within your reach yet.</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="agencies-table">
            <caption className="visually-hidden">Agencies</caption>
            <thead><tr><th scope="col">Agency</th><th scope="col">Kind</th><th scope="col">Region</th><th scope="col">Contact</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id} data-testid="agency-row" data-agency-id={a.id}>
                  <td className="token-name">{a.name}<span className="cell-sub"><code>{a.id}</code></span></td>
                  <td>{agencyKindLabel(a.kind)}</td>
                  <td>{regionName(a.regionId)}</td>
                  <td>{[a.contact.name, a.contact.phone, a.contact.email].filter(Boolean).join(' · ') || <span className="muted">none recorded</span>}</td>
                  <td>{a.mayChange && <button type="button" className="button button-quiet button-small" onClick={() => { setEditing({ agency: a }); setNotice(null); }} aria-label={`Change ${a.name}`} data-testid="agency-edit">Change</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <AgencyDialog agency={editing.agency} regions={creatable.map((r) => ({ id: r.id, name: r.name }))} onClose={() => setEditing(null)}
          onSaved={(a, created) => { setEditing(null); setNotice(`${a.name} is ${created ? 'created' : 'saved'}.`); }} />
      )}
    </div>
  );
}

function AgencyDialog({ agency, regions, onSaved, onClose }: { agency: AgencyAdminView | null; regions: { id: string; name: string }[]; onSaved: (a: AgencyAdminView, created: boolean) => void; onClose: () => void }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const first = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState({
    id: '', regionId: regions[0]?.id ?? '', kind: agency?.kind ?? '', name: agency?.name ?? '',
    contactName: agency?.contact.name ?? '', phone: agency?.contact.phone ?? '', email: agency?.contact.email ?? '', address: agency?.contact.address ?? '',
  });
  const [issues, setIssues] = useState<FormIssues>(NO_ISSUES);
  const [pending, setPending] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.kind) return setIssues({ fields: { kind: 'Choose the kind' }, general: [] });
    const contact = Object.fromEntries(Object.entries({ name: form.contactName.trim(), phone: form.phone.trim(), email: form.email.trim(), address: form.address.trim() }).filter(([, v]) => v));
    setPending(true);
    try {
      const kind = form.kind as (typeof AGENCY_KINDS)[number];
      const saved = agency
        ? await client.updateAgency(agency.id, { name: form.name.trim(), kind, contact, expectedVersion: agency.version })
        : await client.createAgency({ id: form.id.trim(), regionId: form.regionId, kind, name: form.name.trim(), contact });
      await queryClient.invalidateQueries({ queryKey: AGENCIES_KEY });
      onSaved(saved, !agency);
    } catch (error) {
      setIssues(describeWriteError(error, ['id', 'regionId', 'kind', 'name', 'contact']));
      setPending(false);
    }
  };
  const err = (f: string) => issues.fields[f] && <span className="field-error">{issues.fields[f]}</span>;
  return (
    <Modal titleId="agency-dialog-title" onClose={onClose} initialFocus={first} testId="agency-dialog" className="dialog-wide">
      <form className="form" onSubmit={submit} noValidate>
        <h2 id="agency-dialog-title">{agency ? `Change ${agency.name}` : 'New agency'}</h2>
        <label className="field"><span className="field-label">Name</span><input ref={first} value={form.name} onChange={(e) => set({ name: e.target.value })} data-testid="agency-name" />{err('name')}</label>
        {!agency && (
          <div className="field-row">
            <label className="field"><span className="field-label">Id</span><input value={form.id} spellCheck={false} onChange={(e) => set({ id: e.target.value.toLowerCase() })} placeholder="e.g. vermilion-911" data-testid="agency-id" /><span className="field-hint">Lower-case letters, digits, . _ -; it never changes.</span>{err('id')}</label>
            <label className="field"><span className="field-label">Region</span><select value={form.regionId} onChange={(e) => set({ regionId: e.target.value })} data-testid="agency-region">{regions.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}</select>{err('regionId')}</label>
          </div>
        )}
        <label className="field"><span className="field-label">Kind</span>
          <select value={form.kind} onChange={(e) => set({ kind: e.target.value })} data-testid="agency-kind">
            <option value="">Choose…</option>
            {AGENCY_KINDS.map((k) => <option key={k} value={k}>{agencyKindLabel(k)}</option>)}
          </select>{err('kind')}
        </label>
        <fieldset className="fieldset">
          <legend>Contact</legend>
          <div className="field-row">
            <label className="field"><span className="field-label">Person</span><input value={form.contactName} onChange={(e) => set({ contactName: e.target.value })} data-testid="agency-contact-name" /></label>
            <label className="field"><span className="field-label">Phone</span><input type="tel" value={form.phone} onChange={(e) => set({ phone: e.target.value })} data-testid="agency-phone" /></label>
            <label className="field"><span className="field-label">Email</span><input type="email" value={form.email} onChange={(e) => set({ email: e.target.value })} data-testid="agency-email" /></label>
          </div>
          <label className="field"><span className="field-label">Address</span><input value={form.address} onChange={(e) => set({ address: e.target.value })} /></label>
          {err('contact')}
        </fieldset>
        {issues.general.length > 0 && <div className="form-error" role="alert">{issues.general.map((g) => <p key={g}>{g}</p>)}</div>}
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={pending} data-testid="agency-save">{pending ? 'Saving…' : agency ? 'Save' : 'Create agency'} <kbd>Enter</kbd></button>
          <button type="button" className="button" onClick={onClose}>Back <kbd>Esc</kbd></button>
        </div>
      </form>
    </Modal>
  );
}
