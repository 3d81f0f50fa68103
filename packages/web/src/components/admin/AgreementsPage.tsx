import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError, type AgreementView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { AGREEMENTS_KEY, INCIDENTS_KEY } from '../../use-live-feed.ts';
import { ActionDialog } from '../intake/ActionDialog.tsx';
import { knownAgencies } from './agreement-form.ts';
import { AgreementTable } from './AgreementTable.tsx';
import { NewAgreementForm } from './NewAgreementForm.tsx';

/** Data-sharing agreements: the record of what crosses agency lines, who may end it, and why it ended. */
export function AgreementsPage() {
  const client = useClient();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: [...AGREEMENTS_KEY], queryFn: ({ signal }) => client.listAgreements({ signal }) });
  const [ending, setEnding] = useState<AgreementView | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const changed = async (message: string) => {
    // Access follows agreements at once: the incident lists are stale too. The notice follows the
    // re-read, so what it announces is already on screen when it shows.
    await Promise.all([queryClient.invalidateQueries({ queryKey: AGREEMENTS_KEY }), queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY })]);
    setNotice(message);
  };

  const end = async (reason: string | undefined) => {
    if (!ending) return;
    try {
      await client.endAgreement(ending.id, { reason: reason ?? '' });
      await changed(`“${ending.name}” has ended. The access it gave ended with it.`);
    } catch (error) {
      // Someone else ended it meanwhile: the outcome wanted, already recorded.
      if (!isApiError(error, 'conflict')) throw error;
      await changed(`“${ending.name}” had already been ended by someone else.`);
    }
    setEnding(null);
  };

  // Active first, then the newest: what is in force now is what an administrator checks first.
  const items = [...(list.data?.items ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || b.startsAt.localeCompare(a.startsAt));
  const active = items.filter((a) => a.active);
  return (
    <div className="agreements">
      <div className="page-head">
        <h2>Data-sharing agreements</h2>
        {!creating && (
          <button type="button" className="button button-primary" onClick={() => { setCreating(true); setNotice(null); }} data-testid="agreement-new">
            New agreement
          </button>
        )}
      </div>
      <p className="muted page-lede">
        A record leaves its agency only under an active agreement that names both agencies, the reader’s purpose and the class of
        field. Ending one ends that access at once, including live screens.
      </p>
      {notice && <p className="notice-inline" role="status" data-testid="agreements-notice">{notice}</p>}
      {creating && (
        <NewAgreementForm
          agencies={knownAgencies(items)}
          onCancel={() => setCreating(false)}
          onCreated={(a) => { setCreating(false); void changed(`“${a.name}” is recorded and ${a.active ? 'in force now' : 'starts on its start date'}.`); }}
        />
      )}
      {list.isPending && <p className="empty">Loading agreements…</p>}
      {list.isError && (
        <div className="empty empty-error" role="alert">
          <p>The agreements could not be loaded: {list.error.message}</p>
          <button type="button" className="button button-primary" onClick={() => void list.refetch()}>Try again</button>
        </div>
      )}
      {list.data && items.length === 0 && (
        <p className="empty" data-testid="agreements-empty">
          No agreements yet: records stay within their own agency. Record one with “New agreement” once it is signed.
        </p>
      )}
      {items.length > 0 && (
        <>
          <p className="muted" data-testid="agreements-count">{active.length} active, {items.length - active.length} ended or not in force</p>
          <AgreementTable agreements={items} onEnd={(a) => { setEnding(a); setNotice(null); }} />
        </>
      )}
      {ending && (
        <ActionDialog
          title={`End “${ending.name}”?`}
          body={
            <p>
              Records of {ending.agencyIds.length} agencies stop being shared under it at once, including on screens open now. This
              cannot be undone: a new agreement would have to be recorded.
            </p>
          }
          confirmLabel="End agreement"
          danger
          reason={{ label: 'Reason', hint: 'Recorded with the agreement and in the audit trail.', missing: 'Give the reason: it is recorded with the agreement' }}
          onConfirm={end}
          onClose={() => setEnding(null)}
          testId="end-agreement-dialog"
        />
      )}
    </div>
  );
}
