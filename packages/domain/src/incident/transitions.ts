import type { IncidentStatus } from './types.ts';

/**
 * The incident state machine as data. Each action lists the statuses it may start from and
 * the status it leads to; `restore` returns to the status the incident was ended from, so that
 * reopening a mistaken close puts the episode back where it stood.
 */
export const INCIDENT_ACTIONS = [
  'triage',
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

const OPEN: IncidentStatus[] = [
  'received',
  'triaged',
  'transferred_to_988',
  'awaiting_dispatch',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
];

export const TRANSITIONS: Record<IncidentAction, { from: IncidentStatus[]; to: IncidentStatus | 'restore' }> = {
  // A new answer can re-triage until a team is sent: the level may change as the call goes on.
  triage: { from: ['received', 'triaged', 'awaiting_dispatch'], to: 'triaged' },
  transfer_to_988: { from: ['triaged'], to: 'transferred_to_988' },
  queue_for_dispatch: { from: ['triaged', 'transferred_to_988'], to: 'awaiting_dispatch' },
  dispatch: { from: ['awaiting_dispatch'], to: 'dispatched' },
  mark_en_route: { from: ['dispatched'], to: 'en_route' },
  mark_on_scene: { from: ['en_route'], to: 'on_scene' },
  start_transport: { from: ['on_scene'], to: 'transporting' },
  // Phone-only outcomes close from triaged or from a 988 transfer; in-person ones after arrival.
  close: { from: ['triaged', 'transferred_to_988', 'on_scene', 'transporting'], to: 'closed' },
  cancel: { from: OPEN, to: 'cancelled' },
  reopen: { from: ['closed', 'cancelled'], to: 'restore' },
};

/** The actions open to an incident in a given status, for consoles to offer. */
export const allowedActions = (status: IncidentStatus): IncidentAction[] =>
  (Object.keys(TRANSITIONS) as IncidentAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
