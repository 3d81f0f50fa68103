import { useRef, useState, type ChangeEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError, type ApiIssue } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { FACILITIES_KEY } from '../../use-live-feed.ts';
import { ActionDialog } from '../intake/ActionDialog.tsx';

interface Plan { fileName: string; document: unknown; created: string[]; updated: string[]; unchanged: string[] }
type Refusal = { fileName: string; messages: string[] };

const describe = (issues: readonly ApiIssue[]) => issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message));

/**
 * The facility directory's administration: import an Open Referral HSDS 3.0 file, with a dry run
 * that lists what would be created, changed or left alone before anything is written, and export.
 * Live beds and chairs are reported by each facility's own staff on the Facilities page.
 */
export function FacilityDirectoryPage() {
  const client = useClient();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: [...FACILITIES_KEY], queryFn: ({ signal }) => client.listFacilities({ signal }) });
  const [plan, setPlan] = useState<Plan | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [applying, setApplying] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const names = new Map((list.data?.items ?? []).map((f) => [f.id, f.name]));
  const nameOf = (id: string) => names.get(id) ?? id;

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setPlan(null);
    setRefusal(null);
    setNotice(null);
    if (!file) return;
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch (error) {
      return setRefusal({ fileName: file.name, messages: [`It is not JSON: ${error instanceof Error ? error.message : 'unreadable'}`] });
    }
    try {
      const dry = await client.importFacilitiesHsds(document, { dryRun: true });
      setPlan({ fileName: file.name, document, created: dry.created, updated: dry.updated, unchanged: dry.unchanged });
    } catch (error) {
      if (isApiError(error, 'validation_failed')) return setRefusal({ fileName: file.name, messages: error.issues.length ? describe(error.issues) : [error.message] });
      setRefusal({ fileName: file.name, messages: [error instanceof Error ? error.message : 'The server did not answer; try again.'] });
    }
  };

  const apply = async () => {
    if (!plan) return;
    const done = await client.importFacilitiesHsds(plan.document, { dryRun: false });
    setNotice(`${plan.fileName} is imported: ${done.created.length} created, ${done.updated.length} changed, ${done.unchanged.length} left as they were.`);
    setPlan(null);
    setApplying(false);
    if (input.current) input.current.value = '';
    await queryClient.invalidateQueries({ queryKey: FACILITIES_KEY });
  };

  const count = list.data?.items.length;
  return (
    <div className="admin-section" data-testid="admin-facilities">
      <h2>Facility directory</h2>
      <p className="muted page-lede">
        Where crews can take people: crisis centres, hospitals, sobering and respite. The directory comes from an Open Referral
        HSDS 3.0 file; each facility’s own staff report free beds or chairs on the Facilities page.
      </p>
      {notice && <p className="notice-inline" role="status" data-testid="facilities-notice">{notice}</p>}
      <p data-testid="facilities-count">
        {count === undefined ? 'Loading the directory…' : count === 0 ? 'The directory is empty: import an HSDS file below to add your region’s facilities.' : `${count} facilities in the directory. `}
        {count !== undefined && count > 0 && <a href={client.facilitiesHsdsUrl()} download="facilities.hsds.json" data-testid="facilities-export">Download them as HSDS JSON</a>}
      </p>
      <section className="admin-panel" aria-labelledby="hsds-import-title">
        <h3 id="hsds-import-title">Import an HSDS file</h3>
        <label className="field">
          <span className="field-label">HSDS 3.0 JSON file</span>
          <input ref={input} type="file" accept=".json,application/json" onChange={(e) => void choose(e)} data-testid="hsds-file" />
          <span className="field-hint">First a dry run: you see what would change, and nothing is written until you apply it. Facilities are matched by id.</span>
        </label>
        {refusal && (
          <div className="lint-report lint-failed" role="alert" data-testid="hsds-refused">
            <p><strong>{refusal.fileName} cannot be imported.</strong> Fix these in the file and choose it again:</p>
            <ol>{refusal.messages.map((m) => <li key={m}>{m}</li>)}</ol>
          </div>
        )}
        {plan && (
          <div className="lint-report lint-passed" data-testid="hsds-plan">
            <p><strong>{plan.fileName}: dry run.</strong> Importing it would:</p>
            <dl className="lint-summary">
              <dt>Create</dt><dd data-testid="hsds-created">{plan.created.length ? plan.created.map(nameOf).join(', ') : 'nothing'}</dd>
              <dt>Change</dt><dd data-testid="hsds-updated">{plan.updated.length ? plan.updated.map(nameOf).join(', ') : 'nothing'}</dd>
              <dt>Leave as is</dt><dd>{plan.unchanged.length} facilit{plan.unchanged.length === 1 ? 'y' : 'ies'}</dd>
            </dl>
            {plan.created.length + plan.updated.length > 0
              ? <button type="button" className="button button-primary" onClick={() => setApplying(true)} data-testid="hsds-apply">Apply the import</button>
              : <p>Nothing would change: the directory already matches this file.</p>}
          </div>
        )}
      </section>
      {applying && plan && (
        <ActionDialog
          title={`Import ${plan.fileName}?`}
          body={<p>{plan.created.length} facilities are added and {plan.updated.length} changed (name, kind, services, criteria, hours) for every reader at once. Live figures are kept.</p>}
          confirmLabel="Import"
          onConfirm={apply}
          onClose={() => setApplying(false)}
          testId="hsds-apply-dialog"
        />
      )}
    </div>
  );
}
