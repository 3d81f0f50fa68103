import type { HandoffState } from './types.ts';

/**
 * The hand-off state machine as data: offered → accepted | declined | expired, and an expired
 * 988 contact → rolled over (to the region's backup centre). A supervisor alert changes no
 * state: the escalation stays offered, now with a supervisor watching it.
 */
export const HANDOFF_ACTIONS = ['accept', 'decline', 'expire', 'roll_over', 'alert_supervisor'] as const;
export type HandoffAction = (typeof HANDOFF_ACTIONS)[number];

export const HANDOFF_TRANSITIONS: Record<HandoffAction, { from: readonly HandoffState[]; to: HandoffState | 'keep' }> = {
  accept: { from: ['offered'], to: 'accepted' },
  decline: { from: ['offered'], to: 'declined' },
  expire: { from: ['offered'], to: 'expired' },
  roll_over: { from: ['expired'], to: 'rolled_over' },
  alert_supervisor: { from: ['offered'], to: 'keep' },
};

/** The states a hand-off may move to from `s`, in one step. */
export const nextStates = (s: HandoffState): HandoffState[] =>
  Object.values(HANDOFF_TRANSITIONS).flatMap((t) => (t.from.includes(s) && t.to !== 'keep' ? [t.to] : []));

/** A hand-off in one of these still waits for its receiver; the others are settled. */
export const isOpenHandoff = (s: HandoffState): boolean => s === 'offered';
