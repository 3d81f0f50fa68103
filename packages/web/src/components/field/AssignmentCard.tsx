import { useState } from 'react';
import type { AssignmentStage } from '@continuum/domain';
import type { AssignmentView, FieldAssignment, IncidentView, ResponseView } from '@continuum/sdk';
import type { CloseDraft } from '../../close-form.ts';
import { draftFor } from '../../field-close.ts';
import { formatRisk } from '../../format.ts';
import { checkInDueAt, pendingSteps, stepsOf } from '../../field-model.ts';
import type { FieldQueueState } from '../../use-field-queue.ts';
import type { PositionReporting } from '../../use-position-reporting.ts';
import { CallDetails } from './CallDetails.tsx';
import { CheckInTimer } from './CheckInTimer.tsx';
import { CloseCallForm } from './CloseCallForm.tsx';
import { NotesForm } from './NotesForm.tsx';
import { SafetyPanel } from './SafetyPanel.tsx';
import { SceneMap } from './SceneMap.tsx';
import { StepButtons } from './StepButtons.tsx';
import { WhereToPanel } from './WhereToPanel.tsx';

/** Where a crew can close the call from: it has seen the person (the incident's close needs on scene or later). */
const CLOSABLE: readonly AssignmentStage[] = ['on_scene', 'transporting', 'at_destination'];

type Panel = { kind: 'where' } | { kind: 'close'; draft: CloseDraft } | null;

interface Props {
  field: FieldAssignment;
  incident: IncidentView;
  response: ResponseView;
  assignment: AssignmentView;
  outbox: FieldQueueState;
  /** The signed-in role may close calls (not police or EMS). */
  mayClose: boolean;
  /** The signed-in user's region: the map's geography. */
  regionId: string;
  /** Where the phone itself last read it is (while sharing), for the map. */
  here: PositionReporting['here'];
}

/** The call the crew holds: where, how risky, safety first, then the next step and the rest. */
export function AssignmentCard({ field, incident, response, assignment, outbox, mayClose, regionId, here }: Props) {
  const [panel, setPanel] = useState<Panel>(null);
  const pending = pendingSteps(outbox.items, incident.id, assignment.unitId);
  const steps = stepsOf(assignment, pending);
  const stage = steps.pendingStage ?? steps.stage;
  const pendingCheckIn = pending.filter((p) => p.kind === 'assignment' && p.body.action === 'check_in').at(-1)?.queuedAt ?? null;
  const due = checkInDueAt(assignment, stage, pendingCheckIn, field.timers.checkInEveryMinutes);
  const act = (action: AssignmentView['allowedActions'][number], label: string, extra: { destination?: string; facilityId?: string } = {}) =>
    outbox.submit({ kind: 'assignment', incidentId: incident.id, unitId: assignment.unitId, body: { action, ...extra } as never }, label);
  // A close waiting to send or refused keeps its form on screen, whatever was open before.
  const closeEntry = outbox.items.find((i) => i.kind === 'close' && i.incidentId === incident.id);
  const canClose = mayClose && CLOSABLE.includes(stage);
  const shown: Panel = closeEntry && panel?.kind !== 'close' ? { kind: 'close', draft: draftFor(assignment) } : panel;

  return (
    <div className="field-stack" data-testid="field-assignment" data-incident-id={incident.id}>
      <header className="field-card field-call">
        <p className="field-eyebrow">
          {assignment.unitName} · <RiskLevel level={incident.riskLevel} />
        </p>
        {field.destination ? (
          <p className="field-address" data-testid="field-destination">
            <span className="field-eyebrow">{field.destination.arrived ? 'At' : 'Taking the person to'}</span>{' '}
            {field.destination.name}<span className="cell-sub">{field.destination.address}</span>
          </p>
        ) : (
          <p className="field-address" data-testid="field-address">
            {incident.location?.address ?? <span className="field-hidden">Address not shared with your role</span>}
          </p>
        )}
        {field.directionsUrl && !field.destination?.arrived && (
          <a className="field-button field-button-go" href={field.directionsUrl} target="_blank" rel="noopener noreferrer" data-testid="field-directions">
            {field.destination ? `Directions to ${field.destination.name} (opens maps)` : 'Directions (opens maps)'}
          </a>
        )}
      </header>
      <SafetyPanel field={field} incident={incident} response={response} />
      {shown?.kind === 'where' && (
        <WhereToPanel
          incidentId={incident.id}
          onTransport={({ facilityId, name }) => {
            setPanel(null);
            act('transporting', `Transporting to ${name}`, { destination: name, ...(facilityId ? { facilityId } : {}) });
          }}
          onClose={(choice) => setPanel({ kind: 'close', draft: draftFor(assignment, choice) })}
          onBack={() => setPanel(null)}
        />
      )}
      {shown?.kind === 'close' && (
        <CloseCallForm
          assignment={assignment}
          initial={shown.draft}
          entry={closeEntry}
          onSend={(body, label) => outbox.submit({ kind: 'close', incidentId: incident.id, body }, label)}
          onDismissRefused={outbox.dismiss}
          onBack={() => {
            // Going back from a refused close gives it up: the outbox must not hold the next taps behind it.
            if (closeEntry?.refused) outbox.dismiss(closeEntry.key);
            setPanel(null);
          }}
        />
      )}
      {!shown && (
        <StepButtons
          steps={steps}
          pending={pending.length > 0}
          canClose={canClose}
          onStep={act}
          onWhereTo={() => setPanel({ kind: 'where' })}
          onClose={() => setPanel({ kind: 'close', draft: draftFor(assignment) })}
        />
      )}
      {due && <CheckInTimer dueAt={due} canCheckIn={steps.actions.includes('check_in')} onCheckIn={() => act('check_in', 'Check in')} />}
      <SceneMap regionId={regionId} field={field} incident={incident} here={here} />
      <CallDetails incident={incident} />
      <NotesForm response={response} onAdd={(kind, text) => outbox.submit({ kind: 'note', incidentId: incident.id, body: { kind, text, unitId: assignment.unitId } }, kind === 'hazard' ? 'Hazard' : 'Note')} />
    </div>
  );
}

/** The triage risk level in words as well as number: read at a glance in a moving car. */
function RiskLevel({ level }: { level: number | null }) {
  if (level === null) return <span data-testid="field-risk">Risk level not set</span>;
  return (
    <span className={`field-risk field-risk-${level}`} data-testid="field-risk" data-level={level}>
      Risk {formatRisk(level)}
    </span>
  );
}
