import { useRef, useState, type ChangeEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DistrictImportRequest, DistrictImportResult, DistrictView } from '@continuum/contracts';
import { isApiError, type SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { ActionDialog } from '../intake/ActionDialog.tsx';
import { describeArea, districtKindLabel } from './organisation-labels.ts';
import { AGENCIES_KEY, REGIONS_KEY } from './RegionsPage.tsx';

const DISTRICTS_KEY = ['admin', 'districts'] as const;
type Collection = DistrictImportRequest['collection'];
interface Plan { fileName: string; regionId: string; collection: Collection; result: DistrictImportResult }

/** Police districts, municipalities and beats, imported from GeoJSON: what the RAC's monthly report counts by. */
export function DistrictsPage({ session }: { session: SessionView }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const regions = useQuery({ queryKey: REGIONS_KEY, queryFn: ({ signal }) => client.listAdminRegions({ signal }) });
  const agencies = useQuery({ queryKey: AGENCIES_KEY, queryFn: ({ signal }) => client.listAdminAgencies({ signal }) });
  const list = useQuery({ queryKey: DISTRICTS_KEY, queryFn: ({ signal }) => client.listDistricts({ signal }) });
  const changeable = (regions.data?.items ?? []).filter((r) => r.mayChange);
  const [regionId, setRegionId] = useState<string>(session.regionId);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [refusal, setRefusal] = useState<{ fileName: string; messages: string[] } | null>(null);
  const [applying, setApplying] = useState(false);
  const [removing, setRemoving] = useState<DistrictView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const agencyName = (id: string | null) => (id === null ? '' : agencies.data?.items.find((a) => a.id === id)?.name ?? id);
  const items = [...(list.data?.items ?? [])].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const target = changeable.some((r) => r.id === regionId) ? regionId : changeable[0]?.id;

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setPlan(null); setRefusal(null); setNotice(null);
    if (!file || !target) return;
    let collection: Collection;
    try { collection = JSON.parse(await file.text()) as Collection; } catch { return setRefusal({ fileName: file.name, messages: ['It is not GeoJSON (not JSON at all).'] }); }
    try {
      const result = await client.importDistricts({ regionId: target, dryRun: true, collection });
      setPlan({ fileName: file.name, regionId: target, collection, result });
    } catch (error) {
      if (isApiError(error, 'validation_failed')) return setRefusal({ fileName: file.name, messages: error.issues.length ? error.issues.map((i) => `${i.field}: ${i.message}`) : [error.message] });
      setRefusal({ fileName: file.name, messages: [error instanceof Error ? error.message : 'The server did not answer; try again.'] });
    }
  };

  return (
    <div className="admin-section" data-testid="admin-districts">
      <h2>Police districts</h2>
      <p className="muted page-lede">
        Police districts, municipalities and beats: every incident is placed in one from its location, and the RAC’s monthly report
        counts by them. Import them from a GeoJSON FeatureCollection whose features carry <code>id</code>, <code>kind</code> and <code>name</code>.
      </p>
      {notice && <p className="notice-inline" role="status" data-testid="districts-notice">{notice}</p>}
      {changeable.length === 0 && regions.data && <p className="muted">Importing districts needs a regional administration grant for the region.</p>}
      {changeable.length > 0 && (
        <section className="admin-panel" aria-labelledby="districts-import-title">
          <h3 id="districts-import-title">Import a GeoJSON file</h3>
          {changeable.length > 1 && (
            <label className="field"><span className="field-label">Region</span>
              <select value={target} onChange={(e) => setRegionId(e.target.value)}>{changeable.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}</select>
            </label>
          )}
          <label className="field">
            <span className="field-label">GeoJSON FeatureCollection</span>
            <input ref={input} type="file" accept=".geojson,.json,application/geo+json,application/json" onChange={(e) => void choose(e)} data-testid="districts-file" />
            <span className="field-hint">First a dry run: nothing changes until you apply it. Districts are matched by id; incidents are placed again.</span>
          </label>
          {refusal && (
            <div className="lint-report lint-failed" role="alert" data-testid="districts-refused">
              <p><strong>{refusal.fileName} cannot be imported.</strong> Fix these in the file and choose it again:</p>
              <ol>{refusal.messages.map((m) => <li key={m}>{m}</li>)}</ol>
            </div>
          )}
          {plan && (
            <div className="lint-report lint-passed" data-testid="districts-plan">
              <p><strong>{plan.fileName}: dry run.</strong> Importing it would:</p>
              <dl className="lint-summary">
                <dt>Create</dt><dd data-testid="districts-created">{plan.result.created.join(', ') || 'nothing'}</dd>
                <dt>Change</dt><dd data-testid="districts-updated">{plan.result.updated.join(', ') || 'nothing'}</dd>
                <dt>Leave as is</dt><dd>{plan.result.unchanged.length}</dd>
              </dl>
              {plan.result.created.length + plan.result.updated.length > 0
                ? <button type="button" className="button button-primary" onClick={() => setApplying(true)} data-testid="districts-apply">Apply the import</button>
                : <p>Nothing would change.</p>}
            </div>
          )}
        </section>
      )}
      <h3>Districts</h3>
      {list.isPending && <p className="empty">Loading districts…</p>}
      {list.isError && <p className="empty empty-error" role="alert">The districts could not be loaded: {list.error.message}</p>}
      {list.data && items.length === 0 && <p className="empty" data-testid="districts-empty">No districts yet: incidents are not placed in any. Import your county’s districts above.</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="districts-table">
            <caption className="visually-hidden">Police districts</caption>
            <thead><tr><th scope="col">District</th><th scope="col">Kind</th><th scope="col">Police agency</th><th scope="col">Area</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid="district-row" data-district-id={d.id}>
                  <td className="token-name">{d.name}<span className="cell-sub"><code>{d.id}</code></span></td>
                  <td>{districtKindLabel(d.kind)}</td>
                  <td>{agencyName(d.agencyId) || <span className="muted">none</span>}</td>
                  <td className="cell-sub">{describeArea(d.geometry)}</td>
                  <td>{changeable.some((r) => r.id === d.regionId) && <button type="button" className="button button-quiet button-small" onClick={() => { setRemoving(d); setNotice(null); }} aria-label={`Remove ${d.name}`} data-testid="district-remove">Remove</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {applying && plan && (
        <ActionDialog
          title={`Import ${plan.fileName}?`}
          body={<p>{plan.result.created.length} districts are added and {plan.result.updated.length} changed; incidents are placed again by their locations, and the monthly report counts by the new areas.</p>}
          confirmLabel="Import"
          onConfirm={async () => {
            const out = await client.importDistricts({ regionId: plan.regionId, dryRun: false, collection: plan.collection });
            await queryClient.invalidateQueries({ queryKey: DISTRICTS_KEY });
            setNotice(`${plan.fileName} is imported: ${out.created.length} created, ${out.updated.length} changed; ${out.incidentsPlaced} incidents placed again.`);
            setPlan(null); setApplying(false);
            if (input.current) input.current.value = '';
          }}
          onClose={() => setApplying(false)} testId="districts-apply-dialog"
        />
      )}
      {removing && (
        <ActionDialog
          title={`Remove ${removing.name}?`}
          body={<p>{districtKindLabel(removing.kind)} {removing.name} is removed; the incidents placed in it are placed again (in another area, or none). Importing it again brings it back.</p>}
          confirmLabel="Remove" danger
          onConfirm={async () => {
            const out = await client.removeDistrict(removing.id);
            await queryClient.invalidateQueries({ queryKey: DISTRICTS_KEY });
            setNotice(`${removing.name} is removed; ${out.incidentsPlaced} incidents placed again.`);
            setRemoving(null);
          }}
          onClose={() => setRemoving(null)} testId="remove-district-dialog"
        />
      )}
    </div>
  );
}
