import type { DispatchAlert } from '@continuum/domain';
import type { DispatchTimersView } from '@continuum/contracts';
import { describeHidden, describeWhere, formatRisk, STATUS_LABELS } from '../../format.ts';
import { formatCountdown, liveAlerts, secondsLeft, type QueueItem } from '../../dispatch-board.ts';
import { ALERT_LABELS, STAGE_LABELS } from '../../dispatch-labels.ts';

interface QueueListProps {
  items: readonly QueueItem[];
  timers: DispatchTimersView;
  now: Date;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** The alerts of one incident, most urgent first; a panic is a red block nobody can miss. */
export function AlertList({ alerts, testId = 'alerts' }: { alerts: readonly DispatchAlert[]; testId?: string }) {
  if (alerts.length === 0) return null;
  return (
    <ul className="alerts" data-testid={testId}>
      {alerts.map((a) => (
        <li key={`${a.code}-${a.unitId ?? ''}`} className={`alert alert-${a.code}`} data-code={a.code}>
          {/* The label, unless the message already starts with it ("PANIC: …"). */}
          {!a.message.toLowerCase().startsWith(ALERT_LABELS[a.code].toLowerCase()) && <strong>{ALERT_LABELS[a.code]}</strong>} {a.message}
        </li>
      ))}
    </ul>
  );
}

/** The countdown to the maximum response time, or "on scene" once someone is there. */
export function Countdown({ item, now }: { item: QueueItem; now: Date }) {
  const max = item.response.maxResponseMinutes;
  // Level 4 is a normal 911 response: no crisis-team maximum, so no countdown (issue 12 §7).
  if (max === null) return <span className="countdown countdown-done" data-testid="countdown" data-no-maximum="true">911 response, no crisis-team maximum</span>;
  const left = secondsLeft(item, now);
  if (left === null) return <span className="countdown countdown-done" data-testid="countdown">On scene</span>;
  const nearing = left <= max * 60 * 0.25;
  return (
    <span className={`countdown${left < 0 ? ' countdown-over' : nearing ? ' countdown-near' : ''}`} data-testid="countdown" data-seconds={left}>
      {formatCountdown(left)}
    </span>
  );
}

/**
 * The dispatch queue, in the server's order of urgency: each incident's risk, address, status,
 * the clock to the regional maximum (ticking every second), its alerts and the units on it.
 */
export function QueueList({ items, timers, now, selectedId, onSelect }: QueueListProps) {
  if (items.length === 0) {
    return (
      <p className="empty" data-testid="queue-empty">
        No incident is waiting for a response. Calls marked dispatch-ready at Intake appear here at once, most urgent first.
      </p>
    );
  }
  return (
    <ol className="queue" data-testid="queue" aria-label="Incidents by urgency">
      {items.map((item) => {
        const { incident, response } = item;
        const alerts = liveAlerts(item, timers, now);
        const active = response.assignments.filter((a) => a.stage !== 'cleared' && a.stage !== 'released');
        const selected = selectedId === incident.id;
        return (
          <li key={incident.id}>
            <button
              type="button" className={`queue-card${alerts.some((a) => a.code === 'panic') ? ' has-panic' : ''}`}
              aria-pressed={selected} onClick={() => onSelect(incident.id)} data-board-select
              data-testid="queue-item" data-incident={incident.id} data-status={incident.status}
            >
              <span className="queue-head">
                <span className="queue-address">
                  {describeWhere(incident) ?? <span className="hidden-field">{describeHidden(incident, 'location_safety')}</span>}
                </span>
                <Countdown item={item} now={now} />
              </span>
              <span className="queue-line">
                <span className={`risk risk-chip risk-${incident.riskLevel ?? 'none'}`}>{formatRisk(incident.riskLevel)}</span>
                <span className={`badge status-${incident.status}`}>{STATUS_LABELS[incident.status]}</span>
                {incident.number && <span className="muted queue-number">{incident.number}</span>}
              </span>
              <AlertList alerts={alerts} testId="queue-alerts" />
              {active.length > 0 ? (
                <span className="queue-units" data-testid="queue-units">
                  {active.map((a) => (
                    <span key={a.unitId} className={`unit-chip stage-${a.stage}`} data-unit={a.unitId} data-stage={a.stage}>
                      {a.unitName}: {STAGE_LABELS[a.stage]}
                    </span>
                  ))}
                </span>
              ) : (
                <span className="queue-units muted">No unit yet</span>
              )}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
