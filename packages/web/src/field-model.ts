import { ACTION_OF_STAGE, DEFAULT_DISPATCH_TIMERS, stageOfAction, STAGE_TRANSITIONS, type AssignmentStage, type ProgressStage } from '@continuum/domain';
import type { AssignmentView, FieldAssignment } from '@continuum/sdk';
import type { QueuedAction } from './field-queue.ts';

/** The one-tap steps of the field view; panic has its own button, release is the dispatcher's. */
export const STEP_ACTIONS = ['acknowledge', 'en_route', 'on_scene', 'transporting', 'at_destination', 'clear', 'check_in'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

export const STEP_LABELS: Record<StepAction, string> = {
  acknowledge: 'Acknowledge',
  en_route: 'En route',
  on_scene: 'On scene',
  transporting: 'Transporting',
  at_destination: 'At destination',
  clear: 'Clear the call',
  check_in: 'Check in',
};

export const STAGE_LABELS: Record<AssignmentStage, string> = {
  assigned: 'New call',
  acknowledged: 'Acknowledged',
  en_route: 'En route',
  on_scene: 'On scene',
  transporting: 'Transporting',
  at_destination: 'At destination',
  cleared: 'Cleared',
  released: 'Taken off the call',
};


/**
 * How often an on-scene crew checks in when the answer names no timers: the domain's default of
 * 15 min. FieldAssignment carries the server's configured timers, which win.
 */
export const CHECK_IN_EVERY_MINUTES = DEFAULT_DISPATCH_TIMERS.checkInEveryMinutes;

const isStep = (a: string): a is StepAction => (STEP_ACTIONS as readonly string[]).includes(a);

/** The crew's own assignment on the call: the live one, else the last (to show it cleared). */
export function myAssignment(field: FieldAssignment): AssignmentView | null {
  const unitId = field.unit?.id;
  const mine = (field.response?.assignments ?? []).filter((a) => a.unitId === unitId);
  return mine.find((a) => a.stage !== 'cleared' && a.stage !== 'released') ?? mine.at(-1) ?? null;
}

/** This crew's queued steps on this assignment that the server has not refused. */
export function pendingSteps(queue: readonly QueuedAction[], incidentId: string, unitId: string): QueuedAction[] {
  return queue.filter((q) => q.kind === 'assignment' && q.incidentId === incidentId && q.unitId === unitId && !q.refused);
}

export interface StepsView {
  /** Where the server says the crew stands. */
  stage: AssignmentStage;
  /** Where the crew's waiting taps will put it, shown as pending until the server confirms. */
  pendingStage: ProgressStage | null;
  /** The buttons to show, in response order. */
  actions: StepAction[];
}

/**
 * The steps to offer: the server's allowedActions; after a tap still waiting to send, the steps
 * that follow it in the domain's stage table, so a crew offline can go en route then on scene.
 * A reader the server lets take no step gets none, whatever is queued.
 */
export function stepsOf(a: AssignmentView, pending: readonly QueuedAction[]): StepsView {
  const allowed = a.allowedActions.filter(isStep);
  const ordered = (list: readonly StepAction[]) => STEP_ACTIONS.filter((s) => list.includes(s));
  let pendingStage: ProgressStage | null = null;
  for (const p of pending) {
    if (p.kind !== 'assignment') continue;
    const action = p.body.action;
    const stage = isStep(action) ? stageOfAction(action) : null;
    if (stage) pendingStage = stage;
  }
  if (!pendingStage || allowed.length === 0) return { stage: a.stage, pendingStage, actions: ordered(allowed) };
  const next = STAGE_TRANSITIONS[pendingStage].map((s) => ACTION_OF_STAGE[s]);
  return { stage: a.stage, pendingStage, actions: ordered(pendingStage === 'on_scene' ? [...next, 'check_in'] : next) };
}

/**
 * When the crew's next check-in is due: from the last check-in (or arrival), or from a check-in
 * tapped and still waiting to send. Null when the crew is not on scene.
 */
export function checkInDueAt(a: AssignmentView, stage: AssignmentStage, pendingCheckInAt: string | null, everyMinutes = CHECK_IN_EVERY_MINUTES): Date | null {
  if (stage !== 'on_scene') return null;
  const times = [a.lastCheckInAt, a.onSceneAt, pendingCheckInAt].filter((t): t is string => !!t).map(Date.parse);
  if (times.length === 0) return null;
  return new Date(Math.max(...times) + everyMinutes * 60_000);
}

/** "12:05" left, or how long overdue; seconds shown so the count visibly moves. */
export function formatCountdown(ms: number): { text: string; overdue: boolean } {
  const overdue = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const text = `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
  return { text: overdue ? `${text} overdue` : text, overdue };
}

export interface PanicSign {
  unitId: string;
  name: string;
  at: string;
}

/** Partner units with an open panic, from the partner list and the call's assignments. */
export function partnerPanics(field: FieldAssignment): PanicSign[] {
  const own = field.unit?.id;
  const signs = new Map<string, PanicSign>();
  for (const p of field.partners) if (p.id !== own && p.panicAt) signs.set(p.id, { unitId: p.id, name: p.name, at: p.panicAt });
  for (const a of field.response?.assignments ?? []) {
    if (a.unitId !== own && a.panic && !a.panic.resolvedAt && !signs.has(a.unitId)) signs.set(a.unitId, { unitId: a.unitId, name: a.unitName, at: a.panic.at });
  }
  return [...signs.values()];
}

/** Whether the crew's own panic is open (raised and not yet resolved by the dispatcher). */
export function ownPanicOpen(field: FieldAssignment, a: AssignmentView | null): boolean {
  return Boolean(field.unit?.panicAt) || Boolean(a?.panic && !a.panic.resolvedAt);
}
