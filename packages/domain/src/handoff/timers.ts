import type { Handoff } from './types.ts';

export interface HandoffTimerSettings {
  /** A 988 contact nobody accepts within this rolls to the backup centre (issue 11: 3 minutes). */
  rolloverSeconds: number;
  /** An emergency escalation nobody accepts within this alerts the receiving centre's supervisor. */
  escalationAlertSeconds: number;
}

export const DEFAULT_HANDOFF_TIMERS: HandoffTimerSettings = { rolloverSeconds: 180, escalationAlertSeconds: 30 };

/** A contact offered to a 988 centre (a 911 referral, or a transfer): the 3-minute rule applies to it. */
export const isNineEightEightContact = (h: Pick<Handoff, 'toAgencyKind' | 'kind'>): boolean =>
  h.toAgencyKind === '988_centre' && h.kind !== 'emergency_escalation';

/**
 * What a hand-off's clock asks for now: expire (and then roll over) a 988 contact left waiting,
 * alert the supervisor about an escalation left waiting, or nothing. The clock is passed in; the
 * server's timer calls this for every open hand-off.
 */
export function dueTimerAction(h: Handoff, now: Date, settings: HandoffTimerSettings): 'expire' | 'alert_supervisor' | null {
  if (h.state !== 'offered') return null;
  const waited = (now.getTime() - h.offeredAt.getTime()) / 1000;
  if (isNineEightEightContact(h) && waited >= settings.rolloverSeconds) return 'expire';
  if (h.kind === 'emergency_escalation' && !h.supervisorAlertedAt && waited >= settings.escalationAlertSeconds) return 'alert_supervisor';
  return null;
}

/** When the next timer of this hand-off falls due, or null when it has none left. */
export function nextTimerAt(h: Handoff, settings: HandoffTimerSettings): Date | null {
  if (h.state !== 'offered') return null;
  if (isNineEightEightContact(h)) return new Date(h.offeredAt.getTime() + settings.rolloverSeconds * 1000);
  if (h.kind === 'emergency_escalation' && !h.supervisorAlertedAt) return new Date(h.offeredAt.getTime() + settings.escalationAlertSeconds * 1000);
  return null;
}

/** Seconds from offer to acceptance, for the §40 counts; null while not accepted. */
export const secondsToAcceptance = (h: Pick<Handoff, 'state' | 'offeredAt' | 'decidedAt'>): number | null =>
  h.state === 'accepted' && h.decidedAt ? Math.round((h.decidedAt.getTime() - h.offeredAt.getTime()) / 1000) : null;
