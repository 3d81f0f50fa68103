import { useRef, useState, type ChangeEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { loadProtocol } from '@continuum/contracts';
import { protocolVersionOf, type Protocol } from '@continuum/domain';
import { isApiError, type SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { formatStamp } from '../../privacy-labels.ts';
import { ActionDialog } from '../intake/ActionDialog.tsx';

export const PROTOCOLS_KEY = ['admin', 'protocols'] as const;

interface Problem { line?: number; path: string; message: string }
/** A chosen file and what the lint found in it, before anything is sent. */
type Checked =
  | { fileName: string; text: string; ok: true; protocol: Protocol }
  | { fileName: string; text: string; ok: false; problems: Problem[] };

type Version = { protocolId: string; version: string; title: string };

/**
 * Triage protocol versions: upload a file, read its lint report, publish it (a published version
 * never changes), and pin the version your region triages new calls with.
 */
export function ProtocolsPage({ session }: { session: SessionView }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: PROTOCOLS_KEY, queryFn: ({ signal }) => client.listProtocols({ signal }) });
  const [checked, setChecked] = useState<Checked | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [pinning, setPinning] = useState<Version | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const items = list.data?.items ?? [];
  const pinnedHere = items.find((v) => v.pinnedBy.includes(session.regionId));

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setNotice(null);
    if (!file) return setChecked(null);
    const text = await file.text();
    // The same lint the server runs on publish: the report is read before anything is sent.
    const loaded = loadProtocol(text, file.name);
    setChecked(loaded.ok ? { fileName: file.name, text, ok: true, protocol: loaded.value as Protocol } : { fileName: file.name, text, ok: false, problems: loaded.problems });
  };

  const publish = async () => {
    if (!checked?.ok) return;
    try {
      const out = await client.publishProtocol({ fileName: checked.fileName, text: checked.text });
      setNotice(`${checked.protocol.title} (${out.protocolVersion}) is published. Pin it below to triage your region’s new calls with it.`);
      setChecked(null);
      if (fileInput.current) fileInput.current.value = '';
      setPublishing(false);
    } catch (error) {
      // The server's own checks refused it: its problems become the report. Anything else stays in the dialog.
      if (!isApiError(error, 'validation_failed', 'conflict') || error.issues.length === 0) throw error;
      setChecked({ fileName: checked.fileName, text: checked.text, ok: false, problems: error.issues.map((i) => ({ path: i.field, message: i.message })) });
      setPublishing(false);
    }
    await queryClient.invalidateQueries({ queryKey: PROTOCOLS_KEY });
  };

  const already = checked?.ok && items.some((v) => v.protocolId === checked.protocol.id && v.version === checked.protocol.version);
  return (
    <div className="admin-section" data-testid="admin-protocols">
      <h2>Protocol versions</h2>
      <p className="muted page-lede">
        The triage protocol decides the questions call-takers ask and the response each answer set gets. A published version never
        changes; your region triages new calls with the version pinned for it, and calls already taken keep theirs.
      </p>
      {notice && <p className="notice-inline" role="status" data-testid="protocols-notice">{notice}</p>}

      <section className="admin-panel" aria-labelledby="protocol-upload-title">
        <h3 id="protocol-upload-title">Publish a new version</h3>
        <label className="field">
          <span className="field-label">Protocol file (YAML or JSON)</span>
          <input ref={fileInput} type="file" accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml" onChange={(e) => void choose(e)} data-testid="protocol-file" />
          <span className="field-hint">The format is described in protocols/README.md. The file is checked here first; nothing is sent until you publish.</span>
        </label>
        {checked && !checked.ok && (
          <div className="lint-report lint-failed" role="alert" data-testid="protocol-lint">
            <p><strong>{checked.fileName}: {checked.problems.length} problem{checked.problems.length === 1 ? '' : 's'}.</strong> Fix them in the file and choose it again.</p>
            <ol>
              {checked.problems.map((p, i) => (
                <li key={i} data-testid="protocol-problem">
                  {p.line !== undefined && <span className="lint-where">line {p.line}</span>}
                  {p.path && <code>{p.path}</code>} {p.message}
                </li>
              ))}
            </ol>
          </div>
        )}
        {checked?.ok && (
          <div className="lint-report lint-passed" data-testid="protocol-lint">
            <p><strong>{checked.fileName}: no problems found.</strong></p>
            <dl className="lint-summary">
              <dt>Title</dt><dd>{checked.protocol.title}</dd>
              <dt>Version</dt><dd><code data-testid="protocol-checked-version">{protocolVersionOf(checked.protocol)}</code></dd>
              <dt>Contents</dt>
              <dd>{[[checked.protocol.questions.length, 'question'], [checked.protocol.factors.length, 'risk factor'], [checked.protocol.plans.length, 'response plan'], [Object.keys(checked.protocol.regionalOverrides).length, 'regional override']].map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`).join(', ')}</dd>
            </dl>
            {checked.protocol.status !== 'published' && (
              <p className="field-error">Its status is “{checked.protocol.status}”: set <code>status: published</code> in the file to publish it.</p>
            )}
            {already && <p className="field-error">This version is already published. A published version never changes: give the file a new version number.</p>}
            {checked.protocol.status === 'published' && !already && (
              <button type="button" className="button button-primary" onClick={() => setPublishing(true)} data-testid="protocol-publish">Publish {protocolVersionOf(checked.protocol)}</button>
            )}
          </div>
        )}
      </section>

      <h3>Published versions</h3>
      {list.isPending && <p className="empty">Loading protocol versions…</p>}
      {list.isError && (
        <div className="empty empty-error" role="alert">
          <p>The protocol versions could not be loaded: {list.error.message}</p>
          <button type="button" className="button button-primary" onClick={() => void list.refetch()}>Try again</button>
        </div>
      )}
      {list.data && items.length === 0 && (
        <p className="empty" data-testid="protocols-empty">No protocol version is published yet, so calls cannot be triaged. Publish one above, then pin it.</p>
      )}
      {list.data && items.length > 0 && !pinnedHere && (
        <p className="form-error" data-testid="protocols-unpinned">Your region has no protocol pinned: new calls cannot be triaged until one is. Pin a version below.</p>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table protocols-table" data-testid="protocols-table">
            <caption className="visually-hidden">Published protocol versions</caption>
            <thead>
              <tr><th scope="col">Protocol</th><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Your region</th></tr>
            </thead>
            <tbody>
              {items.map((v) => {
                const here = v.pinnedBy.includes(session.regionId);
                return (
                  <tr key={`${v.protocolId}@${v.version}`} data-testid="protocol-row" data-version={`${v.protocolId}@${v.version}`} data-pinned={here}>
                    <td className="protocol-title">{v.title}</td>
                    <td><code>{v.protocolId}@{v.version}</code></td>
                    <td className="nowrap">{formatStamp(v.publishedAt)}{v.pinnedBy.length > 0 && <span className="cell-sub">pinned by {v.pinnedBy.length} region{v.pinnedBy.length === 1 ? '' : 's'}</span>}</td>
                    <td>
                      {here
                        ? <span className="badge agreement-active" data-testid="protocol-in-use">In use</span>
                        : <button type="button" className="button button-quiet nowrap" onClick={() => { setPinning(v); setNotice(null); }} aria-label={`Use ${v.protocolId}@${v.version} in your region`} data-testid="protocol-pin">Use in my region</button>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {publishing && checked?.ok && (
        <ActionDialog
          title={`Publish ${protocolVersionOf(checked.protocol)}?`}
          body={<p>A published version can never be changed or withdrawn; a correction needs a new version number. Publishing does not change how any region triages until a version is pinned.</p>}
          confirmLabel="Publish"
          onConfirm={publish}
          onClose={() => setPublishing(false)}
          testId="publish-protocol-dialog"
        />
      )}
      {pinning && (
        <ActionDialog
          title={`Triage with ${pinning.protocolId}@${pinning.version}?`}
          body={<p>New calls in your region are triaged with “{pinning.title}” from now on{pinnedHere ? `, instead of ${pinnedHere.protocolId}@${pinnedHere.version}` : ''}. Calls already taken keep the version they began with.</p>}
          confirmLabel="Pin for my region"
          onConfirm={async () => {
            await client.pinProtocol(session.regionId, { protocolId: pinning.protocolId, version: pinning.version });
            await queryClient.invalidateQueries({ queryKey: PROTOCOLS_KEY });
            setNotice(`Your region triages new calls with ${pinning.protocolId}@${pinning.version}.`);
            setPinning(null);
          }}
          onClose={() => setPinning(null)}
          testId="pin-protocol-dialog"
        />
      )}
    </div>
  );
}
