import { useCallback, useMemo, useState } from 'react';
import { newIdempotencyKey, type AssignInput, type FeedStatus, type MetaView, type SessionView } from '@continuum/sdk';
import { draftFromAssignments, type CloseInput } from '../../close-form.ts';
import { fieldOutcomes } from '../../field-close.ts';
import { CloseDialog } from '../close/CloseDialog.tsx';
import { useClient } from '../../client-context.tsx';
import { awaitsDispatch, onBoard, stepSelection, togglePick, type QueueItem } from '../../dispatch-board.ts';
import { useDispatchData, useRecommendation, useRefreshBoard } from '../../use-dispatch.ts';
import { useNow } from '../../use-now.ts';
import { useRegionGeography } from '../../use-region-geography.ts';
import { usePageKeys } from '../../use-shortcuts.ts';
import { AssignDialog } from './AssignDialog.tsx';
import { describeWriteError } from '../../form-issues.ts';
import { BoardMap } from './BoardMap.tsx';
import { IncidentDetail } from './IncidentDetail.tsx';
import { PICK_KEYS } from './RecommendationPanel.tsx';
import { QueueList } from './QueueList.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';
import { UnavailabilityDialog, type UnavailabilityReport } from '../intake/UnavailabilityDialog.tsx';
import { LocationDialog } from '../intake/LocationDialog.tsx';
import { UnitDetail } from './UnitDetail.tsx';
import { UnitRoster } from './UnitRoster.tsx';
import './dispatch.css';

type Dialog = { kind: 'assign' } | { kind: 'close' } | { kind: 'unavailable' } | { kind: 'location' } | { kind: 'release' | 'resolve'; unitId: string } | null;

// Enter belongs to whatever has focus when that is a field, a link or an action button; on a
// queue card or a pick button (marked data-board-select) it confirms the picked units, since
// that is where focus sits after choosing them with the mouse.
const focusOnControl = () => {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || el === document.body || el.id === 'main') return false;
  if (el.tagName === 'BUTTON') return !el.hasAttribute('data-board-select');
  return /^(A|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(el.tagName);
};

/**
 * The dispatch board (issue 5): the queue by urgency on the left, the map and the selected
 * incident with its ranked units on the right. Everything refreshes from the live feed.
 */
export function DispatchBoard({ session, meta, feedStatus }: { session: SessionView; meta: MetaView | undefined; feedStatus: FeedStatus }) {
  const client = useClient();
  const now = useNow(1000);
  const { queue, units } = useDispatchData(feedStatus);
  const geography = useRegionGeography(session.regionId);
  const refresh = useRefreshBoard();
  const [selected, setSelected] = useState<{ kind: 'incident' | 'unit'; id: string } | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [moreFor, setMoreFor] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [flash, setFlash] = useState('');

  const items = useMemo(() => queue.data?.items ?? [], [queue.data]);
  const unitList = useMemo(() => units.data?.items ?? [], [units.data]);
  const item = selected?.kind === 'incident' ? items.find((i) => i.incident.id === selected.id) : undefined;
  const unit = selected?.kind === 'unit' ? unitList.find((u) => u.id === selected.id) : undefined;
  const wantsRecommendation = item !== undefined && (awaitsDispatch(item) || moreFor === item.incident.id);
  const recommendation = useRecommendation(wantsRecommendation ? item.incident.id : null, feedStatus);
  const ranked = recommendation.data?.ranked ?? [];
  const nameOf = useCallback((id: string) => unitList.find((u) => u.id === id)?.name ?? id, [unitList]);

  const selectIncident = useCallback((id: string) => {
    setSelected((s) => (s?.kind === 'incident' && s.id === id ? s : { kind: 'incident', id }));
    setPicked((p) => (selected?.id === id ? p : []));
  }, [selected]);
  const selectUnit = useCallback((id: string) => setSelected({ kind: 'unit', id }), []);

  const keys: Record<string, () => void | false> = {
    j: () => { const id = stepSelection(items.map((i) => i.incident.id), item?.incident.id ?? null, 1); if (id) selectIncident(id); },
    k: () => { const id = stepSelection(items.map((i) => i.incident.id), item?.incident.id ?? null, -1); if (id) selectIncident(id); },
    enter: () => (picked.length === 0 || focusOnControl() ? false : setDialog({ kind: 'assign' })),
  };
  for (let n = 1; n <= PICK_KEYS; n++) keys[String(n)] = () => (wantsRecommendation ? setPicked((p) => togglePick(p, ranked, n)) : false);
  usePageKeys(keys, dialog === null);

  const send = async (body: AssignInput) => {
    if (!item) return;
    await client.assignUnits(item.incident.id, body);
    setDialog(null);
    setPicked([]);
    setMoreFor(null);
    setFlash(`Sent ${body.units.map(nameOf).join(' and ')} to ${item.incident.location?.address ?? 'the incident'}.`);
    await refresh();
  };
  // A proposed pair goes in one request, meeting on site (issue 12 §5): both units or neither.
  const [sendingPair, setSendingPair] = useState<string | null>(null);
  const sendPair = async (unitIds: string[]) => {
    if (!item || sendingPair) return;
    setSendingPair(unitIds.join('+'));
    try {
      await send({ units: unitIds, mode: 'meet_on_site' });
    } catch (error) {
      setFlash(`Could not send ${unitIds.map(nameOf).join(' and ')}: ${describeWriteError(error, []).general.join(' ')}`);
      await refresh();
    } finally {
      setSendingPair(null);
    }
  };
  const act = async (unitId: string, body: Parameters<typeof client.assignmentAction>[2], said: string) => {
    if (!item) return;
    await client.assignmentAction(item.incident.id, unitId, body);
    setDialog(null);
    setFlash(said);
    await refresh();
  };

  const close = async (body: CloseInput, summary: string) => {
    if (!item) return;
    await client.transitionIncident(item.incident.id, body, { idempotencyKey: newIdempotencyKey() });
    setDialog(null);
    setSelected(null);
    setFlash(`Closed ${item.incident.location?.address ?? 'the call'}: ${summary}.`);
    await refresh();
  };

  // 988's report that no team can make the maximum: the fact behind the third §30 ground (issue 12 §4).
  const reportUnavailable = async (body: UnavailabilityReport) => {
    if (!item) return;
    await client.transitionIncident(item.incident.id, body, { idempotencyKey: newIdempotencyKey() });
    setDialog(null);
    setFlash(`Recorded 988’s report for ${item.incident.location?.address ?? 'the call'}: no crisis team within the maximum.`);
    await refresh();
  };

  const pickedUnits = picked.map((id) => {
    const r = ranked.find((u) => u.unitId === id);
    return { unitId: id, name: r?.name ?? nameOf(id), etaMinutes: r?.etaMinutes ?? null };
  });
  const waiting = items.filter(awaitsDispatch).length;
  const available = unitList.filter((u) => u.status === 'available').length;
  // One object per geography: a new one would make the map start again.
  const mappable = useMemo(() => (geography.data?.bbox ? { ...geography.data, bbox: geography.data.bbox } : null), [geography.data]);
  const boardUnits = useMemo(() => unitList.filter(onBoard), [unitList]);

  return (
    <section className="page board" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">Dispatch board</h1>
        <p className="board-summary" data-testid="board-summary">
          <strong>{waiting}</strong> awaiting dispatch · <strong>{items.length}</strong> in the queue · <strong>{available}</strong> unit{available === 1 ? '' : 's'} available
          {queue.isFetching && queue.data ? ' · updating…' : ''}
        </p>
      </div>
      <p className="board-flash" role="status" aria-live="polite" data-testid="board-flash">{flash}</p>
      <div className="board-grid">
        <div className="board-queue">
          <h2 className="board-heading">Queue <span className="muted">(<kbd>j</kbd> <kbd>k</kbd> to move)</span></h2>
          {queue.isPending && <p className="empty" data-testid="queue-loading">Loading the queue…</p>}
          {queue.isError && (
            <div className="empty empty-error" role="alert" data-testid="queue-error">
              <p>The queue could not be loaded: {queue.error.message}</p>
              <button type="button" className="button button-primary" onClick={() => void queue.refetch()}>Try again</button>
            </div>
          )}
          {queue.data && <QueueList items={items} timers={queue.data.timers} now={now} selectedId={item?.incident.id ?? null} onSelect={selectIncident} />}
          <h2 className="board-heading">Units on duty</h2>
          {units.isError && <p className="empty empty-error" role="alert" data-testid="units-error">The units could not be loaded: {units.error.message}</p>}
          {units.data && <UnitRoster units={unitList} selectedId={unit?.id ?? null} onSelect={selectUnit} />}
        </div>
        <div className="board-side">
          {mappable && (
            <BoardMap
              geography={mappable} mapStyle={meta?.mapStyle ?? null} units={boardUnits} items={items}
              selectedId={selected?.id ?? null} onSelectUnit={selectUnit} onSelectIncident={selectIncident}
            />
          )}
          {item && queue.data ? (
            <IncidentDetail
              item={item} timers={queue.data.timers} now={now} recommendation={wantsRecommendation ? recommendation : null} picked={picked}
              onToggle={(id) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]))}
              onAssign={() => setDialog({ kind: 'assign' })}
              onAssignPair={(ids) => void sendPair(ids)}
              sendingPair={sendingPair}
              onRelease={(unitId) => setDialog({ kind: 'release', unitId })}
              onResolvePanic={(unitId) => setDialog({ kind: 'resolve', unitId })}
              onWantMore={() => setMoreFor(item.incident.id)} onCloseCall={() => setDialog({ kind: 'close' })} onReportUnavailable={() => setDialog({ kind: 'unavailable' })}
              onPlaceLocation={() => setDialog({ kind: 'location' })} nameOf={nameOf}
            />
          ) : unit ? (
            <UnitDetail unit={unit} onSelectIncident={selectIncident} />
          ) : (
            <p className="empty" data-testid="detail-empty">
              {items.length > 0
                ? 'Select an incident in the queue (or press j) to see the units ranked for it and send one.'
                : 'Nothing to dispatch. This board updates by itself when a call is marked dispatch-ready.'}
            </p>
          )}
        </div>
      </div>
      {dialog?.kind === 'assign' && item && pickedUnits.length > 0 && (
        <AssignDialog address={item.incident.location?.address ?? 'the incident'} units={pickedUnits} onSend={send} onClose={() => setDialog(null)} maySupervise={session.abilities.includes('incident.override_ground')} />
      )}
      {/* The same correction as on the call's page: one write, after which the units are ranked again from the new place. */}
      {dialog?.kind === 'location' && item && <LocationDialog incident={item.incident} onClose={() => { setDialog(null); void refresh(); }} />}
      {dialog?.kind === 'unavailable' && item && <UnavailabilityDialog onConfirm={reportUnavailable} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'close' && item && <BoardClose item={item} nameOf={nameOf} onSend={close} onClose={() => setDialog(null)} />}
      {dialog && (dialog.kind === 'release' || dialog.kind === 'resolve') && (
        <ReasonDialog
          title={dialog.kind === 'release' ? `Release ${nameOf(dialog.unitId)} from this call` : `Resolve ${nameOf(dialog.unitId)}’s panic`}
          release={dialog.kind === 'release'} confirmLabel={dialog.kind === 'release' ? 'Release the unit' : 'Resolve the panic'}
          onClose={() => setDialog(null)}
          onSend={({ kind, reason }) =>
            dialog.kind === 'release'
              ? act(dialog.unitId, { action: 'release', kind, reason }, `${nameOf(dialog.unitId)} released (${kind}).`)
              : act(dialog.unitId, { action: 'resolve_panic', reason }, `${nameOf(dialog.unitId)}’s panic resolved.`)
          }
        />
      )}
    </section>
  );
}

/** The close form for the selected call, opening as the units left it (where one took the person). */
function BoardClose({ item, nameOf, onSend, onClose }: { item: QueueItem; nameOf: (id: string) => string; onSend: (body: CloseInput, summary: string) => Promise<void>; onClose: () => void }) {
  const assignments = item.response.assignments.filter((a) => a.stage !== 'released');
  const moved = assignments.find((a) => a.destinationFacilityId);
  const known = moved?.destinationFacilityId ? { id: moved.destinationFacilityId, name: moved.destination ?? moved.destinationFacilityId } : null;
  const onCall = assignments.filter((a) => a.stage !== 'cleared').map((a) => a.unitName || nameOf(a.unitId));
  return (
    <CloseDialog
      title={`Close the call at ${item.incident.location?.address ?? 'this location'}`}
      initial={draftFromAssignments(assignments)}
      outcomes={fieldOutcomes}
      knownFacility={known}
      effects={onCall.length ? `, clears ${onCall.join(' and ')}` : ''}
      onSend={onSend}
      onClose={onClose}
    />
  );
}
