import type { AssignmentView, FieldAssignment, IncidentView, ResponseView } from '@continuum/sdk';
import { formatRisk } from '../../format.ts';
import { checkInDueAt, pendingSteps, stepsOf } from '../../field-model.ts';
import type { FieldQueueState } from '../../use-field-queue.ts';
import { CallDetails } from './CallDetails.tsx';
import { CheckInTimer } from './CheckInTimer.tsx';
import { NotesForm } from './NotesForm.tsx';
import { SafetyPanel } from './SafetyPanel.tsx';
import { StepButtons } from './StepButtons.tsx';

interface Props {
  field: FieldAssignment;
  incident: IncidentView;
  response: ResponseView;
  assignment: AssignmentView;
  outbox: FieldQueueState;
}

/** The call the crew holds: where, how risky, safety first, then the next step and the rest. */
export function AssignmentCard({ field, incident, response, assignment, outbox }: Props) {
  const pending = pendingSteps(outbox.items, incident.id, assignment.unitId);
  const steps = stepsOf(assignment, pending);
  const stage = steps.pendingStage ?? steps.stage;
  const pendingCheckIn = pending.filter((p) => p.kind === 'assignment' && p.body.action === 'check_in').at(-1)?.queuedAt ?? null;
  const due = checkInDueAt(assignment, stage, pendingCheckIn, field.timers.checkInEveryMinutes);
  const act = (action: AssignmentView['allowedActions'][number], label: string, extra: { destination?: string } = {}) =>
    outbox.submit({ kind: 'assignment', incidentId: incident.id, unitId: assignment.unitId, body: { action, ...extra } as never }, label);

  return (
    <div className="field-stack" data-testid="field-assignment" data-incident-id={incident.id}>
      <header className="field-card field-call">
        <p className="field-eyebrow">
          {assignment.unitName} · <RiskLevel level={incident.riskLevel} />
        </p>
        <p className="field-address" data-testid="field-address">
          {incident.location?.address ?? <span className="field-hidden">Address not shared with your role</span>}
        </p>
        {field.directionsUrl && (
          <a className="field-button field-button-go" href={field.directionsUrl} target="_blank" rel="noopener noreferrer" data-testid="field-directions">
            Directions (opens maps)
          </a>
        )}
      </header>
      <SafetyPanel field={field} incident={incident} response={response} />
      <StepButtons steps={steps} assignment={assignment} pending={pending.length > 0} onStep={act} />
      {due && <CheckInTimer dueAt={due} canCheckIn={steps.actions.includes('check_in')} onCheckIn={() => act('check_in', 'Check in')} />}
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
