import { INCIDENT_STATUSES, type IncidentStatus } from './types.ts';

/**
 * The incident state machine as data. Each action lists the statuses it may start from and
 * the status it leads to; `restore` returns to the status the incident was ended from, so that
 * reopening a mistaken close puts the episode back where it stood; `keep` changes no status.
 */
export const INCIDENT_ACTIONS = [
  'answer',
  'undo_answer',
  'triage',
  'triage_by_vendor_code',
  'override_response',
  'report_crisis_team_unavailable',
  'mark_safety_flag',
  'correct_location',
  'record_substance_use',
  'escalate_to_911',
  'route_to_cares',
  'transfer_to_988',
  'queue_for_dispatch',
  'dispatch',
  'mark_en_route',
  'mark_on_scene',
  'start_transport',
  'close',
  'cancel',
  'reopen',
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

// Every status but the two ends.
const OPEN: IncidentStatus[] = INCIDENT_STATUSES.filter((s) => s !== 'closed' && s !== 'cancelled');

export const TRANSITIONS: Record<IncidentAction, { from: IncidentStatus[]; to: IncidentStatus | 'restore' | 'keep' }> = {
  // The guided interview: answers are recorded while the call is received, until the determination.
  answer: { from: ['received'], to: 'received' },
  // The last answer may be taken back before the determination; the history keeps both (issue 12 §7).
  undo_answer: { from: ['received'], to: 'keep' },
  // A recorded determination (from the interview, or from a CAD's own protocol through the API).
  triage: { from: ['received'], to: 'triaged' },
  triage_by_vendor_code: { from: ['received'], to: 'triaged' },
  override_response: { from: ['triaged', 'awaiting_dispatch'], to: 'keep' },
  // 988's report that no crisis team can make the maximum: taken at triage and on the board (issue 12 §4).
  report_crisis_team_unavailable: { from: ['received', 'triaged', 'awaiting_dispatch', 'dispatched', 'en_route'], to: 'keep' },
  // A flag marked as a threat or a medical concern feeds the interview's factors (issue 12 §2): before the determination.
  mark_safety_flag: { from: ['received'], to: 'keep' },
  // The place as it is learned after intake (a street for a town's centre, a 988 caller who says
  // where they are): any open call, its status kept; dispatch re-ranks from the new point.
  correct_location: { from: OPEN, to: 'keep' },
  record_substance_use: { from: OPEN, to: 'keep' },
  transfer_to_988: { from: ['triaged'], to: 'transferred_to_988' },
  // 988 → 911 when there is imminent danger; youth → the CARES line. Both hand the call off.
  escalate_to_911: { from: ['received', 'triaged'], to: 'escalated_to_911' },
  route_to_cares: { from: ['received', 'triaged'], to: 'routed_to_cares' },
  queue_for_dispatch: { from: ['triaged', 'transferred_to_988', 'escalated_to_911', 'routed_to_cares'], to: 'awaiting_dispatch' },
  dispatch: { from: ['awaiting_dispatch'], to: 'dispatched' },
  mark_en_route: { from: ['dispatched'], to: 'en_route' },
  mark_on_scene: { from: ['en_route'], to: 'on_scene' },
  start_transport: { from: ['on_scene'], to: 'transporting' },
  // Phone-only outcomes close from triaged or from a 988 transfer; in-person ones after arrival.
  close: { from: ['triaged', 'transferred_to_988', 'escalated_to_911', 'routed_to_cares', 'on_scene', 'transporting'], to: 'closed' },
  cancel: { from: OPEN, to: 'cancelled' },
  reopen: { from: ['closed', 'cancelled'], to: 'restore' },
};

/** The actions a status allows; `availableActions` also checks each action's preconditions. */
export const allowedActions = (status: IncidentStatus): IncidentAction[] =>
  (Object.keys(TRANSITIONS) as IncidentAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
