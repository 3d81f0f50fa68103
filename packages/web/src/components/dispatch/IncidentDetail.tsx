import { ASSIGNABLE_STATUSES } from '@continuum/domain';
import type { UseQueryResult } from '@tanstack/react-query';
import type { DispatchTimersView, RecommendationView } from '@continuum/contracts';
import { describeHidden, describeWhere, formatReceived, formatRisk, STATUS_LABELS } from '../../format.ts';
import { awaitsLocation, liveAlerts, type QueueItem } from '../../dispatch-board.ts';
import { BREAK_LABELS, DEVIATION_LABELS, MAXIMUM_BASIS_LABELS, STAGE_LABELS } from '../../dispatch-labels.ts';
import { JUSTIFICATION_LABELS, responseTypeLabel } from '../../intake-format.ts';
import { AlertList, Countdown } from './QueueList.tsx';
import { RecommendationPanel } from './RecommendationPanel.tsx';

interface IncidentDetailProps {
  item: QueueItem;
  timers: DispatchTimersView;
  now: Date;
  /** Null while no recommendation is wanted (a unit is already on the way and no more are asked for). */
  recommendation: UseQueryResult<RecommendationView> | null;
  picked: readonly string[];
  onToggle: (unitId: string) => void;
  onAssign: () => void;
  onAssignPair: (unitIds: string[]) => void;
  sendingPair: string | null;
  onRelease: (unitId: string) => void;
  onResolvePanic: (unitId: string) => void;
  onWantMore: () => void;
  /** Open the close form: offered once the team has seen the person or every unit has cleared. */
  onCloseCall: () => void;
  /** Record 988's report that no crisis team can arrive within the maximum. */
  onReportUnavailable: () => void;
  /** Open the place-a-pin dialog: offered while the caller's location is unknown, to a role that may correct it. */
  onPlaceLocation: () => void;
  nameOf: (unitId: string) => string;
}

/** The selected incident: its clock and alerts, the units on it with their actions, and who to send. */
export function IncidentDetail({ item, timers, now, recommendation, picked, onToggle, onAssign, onAssignPair, sendingPair, onRelease, onResolvePanic, onWantMore, onCloseCall, onReportUnavailable, onPlaceLocation, nameOf }: IncidentDetailProps) {
  const { incident, response } = item;
  const alerts = liveAlerts(item, timers, now);
  const assignments = response.assignments.filter((a) => a.stage !== 'released');
  const cleared = assignments.length > 0 && assignments.every((a) => a.stage === 'cleared');
  const closable = incident.allowedActions.includes('close') && (cleared || incident.status === 'on_scene' || incident.status === 'transporting');
  return (
    <section className="board-panel incident-detail" aria-labelledby="detail-title" data-testid="incident-detail" data-incident={incident.id}>
      <h2 id="detail-title">
        {describeWhere(incident) ?? <span className="hidden-field">{describeHidden(incident, 'location_safety')}</span>}
      </h2>
      <p className="detail-line">
        <span className={`risk risk-chip risk-${incident.riskLevel ?? 'none'}`}>{formatRisk(incident.riskLevel)}</span>
        <span className={`badge status-${incident.status}`}>{STATUS_LABELS[incident.status]}</span>
        <Countdown item={item} now={now} />
        <span className="muted" data-testid="detail-maximum" data-basis={response.maximumBasis}>
          received {formatReceived(incident.receivedAt, now)}{response.maxResponseMinutes === null ? '' : ` · maximum ${response.maxResponseMinutes} min, ${MAXIMUM_BASIS_LABELS[response.maximumBasis]}`}
        </span>
        <a href={`#/incidents/${incident.id}`} data-testid="detail-open-incident">Call {incident.number ?? 'page'}</a>
      </p>
      {incident.summary && <p className="detail-summary">{incident.summary}</p>}
      {(incident.overriddenTo ?? incident.recommendedResponse) && (
        <p className="detail-response" data-testid="detail-response" data-response-type={incident.overriddenTo ?? incident.recommendedResponse}>
          <strong>Response:</strong> {responseTypeLabel((incident.overriddenTo ?? incident.recommendedResponse)!)}
          {incident.overriddenTo ? <span className="muted"> (changed from {responseTypeLabel(incident.recommendedResponse ?? '')})</span> : null}
        </p>
      )}
      {incident.safetyFlags && incident.safetyFlags.length > 0 && (
        <p className="detail-safety"><strong>Safety:</strong> {incident.safetyFlags.map((f) => (incident.markedFlags ?? []).some((m) => m.flag === f) ? `${f} (marked as ${(incident.markedFlags ?? []).filter((m) => m.flag === f).map((m) => (m.as === 'threat' ? 'a threat' : 'a medical concern')).join(' and ')})` : f).join(', ')}</p>
      )}
      <AlertList alerts={alerts} testId="detail-alerts" />
      {incident.crisisTeamUnavailability ? (
        <p className="detail-safety" data-testid="detail-unavailable">
          <strong>988:</strong> no crisis team within the maximum, reported by {incident.crisisTeamUnavailability.reportedBy}
          {incident.crisisTeamUnavailability.reportRef ? ` (${incident.crisisTeamUnavailability.reportRef})` : ''}.
        </p>
      ) : (
        incident.allowedActions.includes('report_crisis_team_unavailable') && (
          <p className="detail-close">
            <button type="button" className="button button-quiet" onClick={onReportUnavailable} data-testid="report-unavailable">988: no team in time…</button>
          </p>
        )
      )}
      {assignments.length > 0 && (
        <ul className="assignments" data-testid="assignments">
          {assignments.map((a) => {
            const panic = a.panic && !a.panic.resolvedAt;
            return (
              <li key={a.unitId} className={`assignment${panic ? ' has-panic' : ''}`} data-unit={a.unitId} data-stage={a.stage}>
                <span><strong>{a.unitName}</strong> · {STAGE_LABELS[a.stage]}{a.mode !== 'single' ? ` · ${a.mode === 'arrive_together' ? 'arrive together' : 'meet on site'}` : ''}</span>
                {a.justification && (
                  <span className="cell-sub">
                    Outside the plan ({BREAK_LABELS[a.justification.breaks as keyof typeof BREAK_LABELS] ?? 'a plan rule'}): {DEVIATION_LABELS[a.justification.code as keyof typeof DEVIATION_LABELS] ?? 'other reason'}
                    {a.justification.cessa30 ? ` · ${JUSTIFICATION_LABELS[a.justification.cessa30 as keyof typeof JUSTIFICATION_LABELS] ?? 'a §30 ground'}` : ''}
                  </span>
                )}
                <span className="assignment-actions">
                  {panic && a.allowedActions.includes('resolve_panic') && (
                    <button type="button" className="button button-danger" onClick={() => onResolvePanic(a.unitId)} data-testid="resolve-panic">Resolve panic…</button>
                  )}
                  {a.allowedActions.includes('release') && (
                    <button type="button" className="button button-quiet" onClick={() => onRelease(a.unitId)} data-testid="release-unit">Release…</button>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {closable && (
        <p className="detail-close">
          <button type="button" className="button button-primary" onClick={onCloseCall} data-testid="close-call">Close call…</button>
          <span className="muted">{cleared ? 'Every unit has cleared: record how the call ended.' : 'Records how it ended and clears the units still on it.'}</span>
        </p>
      )}
      {recommendation === null ? (
        ASSIGNABLE_STATUSES.includes(incident.status) && (
          <button type="button" className="button" onClick={onWantMore} data-testid="want-more">Recommend more units</button>
        )
      ) : recommendation.isPending ? (
        <p className="muted" data-testid="recommendation-loading">Ranking units…</p>
      ) : recommendation.isError && awaitsLocation(recommendation.error) ? (
        // Not a fault: a 988 contact may start without a place; the call goes on while it is found.
        <div className="empty empty-waiting" role="status" data-testid="recommendation-awaiting-location">
          <p><strong>Location not known yet.</strong> No team can be recommended until the caller says where they are or a pin is placed.</p>
          {incident.allowedActions.includes('correct_location') && !incident.redacted.includes('location_safety') && (
            <button type="button" className="button" onClick={onPlaceLocation} data-testid="place-location">Place a pin…</button>
          )}
        </div>
      ) : recommendation.isError ? (
        <div className="empty empty-error" role="alert" data-testid="recommendation-error">
          <p>The recommendation could not be loaded: {recommendation.error.message}</p>
          <button type="button" className="button" onClick={() => void recommendation.refetch()}>Try again</button>
        </div>
      ) : (
        <RecommendationPanel recommendation={recommendation.data} picked={picked} onToggle={onToggle} onAssign={onAssign} onAssignPair={onAssignPair} sendingPair={sendingPair} nameOf={nameOf} />
      )}
    </section>
  );
}
