import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionView } from '@continuum/sdk';
import { useClient } from '../../client-context.tsx';
import { useFeed } from '../../feed-context.tsx';
import { myAssignment, ownPanicOpen } from '../../field-model.ts';
import { navigate } from '../../router.ts';
import { useFieldQueue } from '../../use-field-queue.ts';
import { FIELD_ASSIGNMENT_KEY } from '../../use-live-feed.ts';
import { useOnline } from '../../use-online.ts';
import { usePositionReporting } from '../../use-position-reporting.ts';
import { AssignmentCard } from './AssignmentCard.tsx';
import { NoAssignment } from './NoAssignment.tsx';
import { PanicButton } from './PanicButton.tsx';
import { QueueBanner } from './QueueBanner.tsx';
import './field.css';
import './field-panels.css';

/** `#/field?unit=<id>`: the unit a crew riding several has picked. */
const unitOf = (path: string) => new URLSearchParams(path.split('?')[1] ?? '').get('unit') ?? undefined;

/**
 * The field view (issue 5 item 7): a phone in a car, at night, held by someone walking into a
 * stranger's home. Safety first, one tap per step, panic always on screen, and nothing tapped is
 * lost to a dead zone: every write goes through the outbox (use-field-queue).
 */
export function FieldPage({ path, session }: { path: string; session: SessionView }) {
  const client = useClient();
  const queryClient = useQueryClient();
  const unit = unitOf(path);
  const queryKey = [...FIELD_ASSIGNMENT_KEY, unit ?? null];
  const field = useQuery({ queryKey, queryFn: ({ signal }) => client.fieldAssignment({ unit, signal }), refetchInterval: 60_000 });
  const outbox = useFieldQueue(session.user.id, () => void queryClient.invalidateQueries({ queryKey: FIELD_ASSIGNMENT_KEY }));
  const online = useOnline();
  const data = field.data;
  const assignment = data ? myAssignment(data) : null;
  // Panic must work even when the assignment cannot load (a reload in a dead zone): remember the unit.
  const unitId = useRememberedUnit(session.user.id, data ? (data.unit?.id ?? null) : undefined);
  // The phone reports where the unit is while it is on duty (ADR 0038); off duty it stays private.
  const live = useFeed();
  const location = usePositionReporting(session.user.id, data?.unit?.id, Boolean(data?.unit && data.unit.status !== 'off_duty'), live.feed, live.status);
  const onCall = Boolean(data?.incident && assignment && assignment.stage !== 'cleared' && assignment.stage !== 'released');

  const waiting = outbox.items.filter((i) => !i.refused).length;
  const offline = !online || outbox.last === 'waiting';
  const outboxLine = [offline ? 'Offline' : null, waiting > 0 ? `${waiting} waiting to send` : null, outbox.items.some((i) => i.refused) ? '1 not sent: see top' : null]
    .filter(Boolean)
    .join(' · ');

  const raisePanic = (position: { lat: number; lon: number; at: string } | undefined) => {
    if (!unitId) return;
    const body = position ? { position } : {};
    if (onCall && data?.incident) {
      outbox.submit({ kind: 'assignment', incidentId: data.incident.id, unitId, body: { action: 'panic', ...body } }, 'PANIC');
    } else {
      outbox.submit({ kind: 'panic', unitId, body }, 'PANIC');
    }
  };

  return (
    <section className="field-view" aria-labelledby="page-title" data-testid="field-view">
      <h1 id="page-title" className="visually-hidden">Field</h1>
      <QueueBanner items={outbox.items} online={!offline} onDismiss={outbox.dismiss} onRetry={outbox.retryNow} />
      {data && data.units.length > 1 && (
        <label className="field-unit-pick">
          <span>Unit</span>
          <select value={data.unit?.id ?? ''} onChange={(e) => navigate(`/field?unit=${encodeURIComponent(e.target.value)}`)} data-testid="field-unit-pick">
            {data.units.map((u) => (
              <option key={u.id} value={u.id}>{u.name}</option>
            ))}
          </select>
        </label>
      )}
      {field.isPending && <p className="field-card" data-testid="field-loading">Loading your assignment…</p>}
      {field.isError && !data && (
        <div className="field-card field-card-alert" role="alert" data-testid="field-error">
          <p><strong>Cannot load your assignment.</strong> {field.error.message}</p>
          <button type="button" className="field-button" onClick={() => void field.refetch()}>Try again</button>
        </div>
      )}
      {data && (onCall && assignment && data.incident && data.response ? (
        <AssignmentCard field={data} incident={data.incident} response={data.response} assignment={assignment} outbox={outbox} mayClose={session.abilities.includes('incident.close')} regionId={session.regionId} here={location.here} />
      ) : (
        <NoAssignment unit={data.unit} outbox={outbox} last={assignment} />
      ))}
      {data?.unit && (
        <p className={location.problem ? 'field-location field-location-problem' : 'field-location'} data-testid="field-location" data-sharing={location.sharing ? 'true' : 'false'} role={location.problem ? 'alert' : undefined}>
          {location.problem ?? (location.sharing ? 'Sharing your location with dispatch' : 'Location not shared while off duty')}
          {location.waiting > 0 ? ` · ${location.waiting} position${location.waiting === 1 ? '' : 's'} waiting to send` : ''}
        </p>
      )}
      {unitId ? (
        <PanicButton onPanic={raisePanic} partners={onCall && (data?.partners.length ?? 0) > 0} queued={outbox.items.some((i) => i.label === 'PANIC' && !i.refused)} open={data ? ownPanicOpen(data, assignment) : false} outbox={outboxLine || null} />
      ) : (
        data && <p className="field-card" data-testid="field-no-unit">Your account rides no unit, so there is no panic button here. Use the radio.</p>
      )}
    </section>
  );
}

/**
 * The crew's unit id, kept on the device between loads (an id, no personal data): `current` is
 * the loaded answer's unit, null when the server says the account rides none, undefined unloaded.
 */
function useRememberedUnit(userId: string, current: string | null | undefined): string | undefined {
  const storageKey = `continuum.field-unit.${userId}`;
  const [remembered] = useState(() => {
    try {
      return window.localStorage.getItem(storageKey) ?? undefined;
    } catch {
      return undefined;
    }
  });
  useEffect(() => {
    try {
      if (current) window.localStorage.setItem(storageKey, current);
    } catch {
      // Storage blocked: panic then works only once the assignment has loaded.
    }
  }, [storageKey, current]);
  return current === null ? undefined : (current ?? remembered);
}
