import type { HandoffView } from '@continuum/contracts';
import { formatTime } from './datetime.ts';

/** Hand-off kinds in the words staff use. */
export const HANDOFF_KIND_TEXT: Record<HandoffView['kind'], string> = {
  cold_referral: 'Referral (not a warm transfer)',
  warm_transfer: 'Warm transfer',
  emergency_escalation: 'Emergency escalation',
};

export const HANDOFF_STATE_TEXT: Record<HandoffView['state'], string> = {
  offered: 'Waiting',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Not answered',
  rolled_over: 'Rolled over',
};

/** Minutes and seconds since an instant, for "waiting 1:05". */
export function waited(since: string, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const time = (iso: string) => formatTime(iso);

/**
 * What the sender is told of its hand-off. Until the receiver accepts, the call is not "with"
 * them: it is offered and waiting (issue 11).
 */
export function senderStatus(h: HandoffView, now: Date): string {
  switch (h.state) {
    case 'offered':
      return `Offered to ${h.to.name}, waiting ${waited(h.offeredAt, now)}${h.supervisorAlertedAt ? ' (their supervisor is alerted)' : ''}. Stay with the caller until it is accepted.`;
    case 'accepted':
      return `${h.to.name} has the call: accepted by ${h.decidedBy?.name ?? 'their staff'} at ${time(h.decidedAt!)}.`;
    case 'declined':
      return `${h.to.name} declined: ${h.declineReason ?? 'no reason given'}. The call is still yours: offer it elsewhere or keep it.`;
    case 'expired':
      return `${h.to.name} did not answer. The call is still yours.`;
    case 'rolled_over':
      return `${h.to.name} did not answer in time: the call was offered to its backup centre.`;
  }
}

/** A short beep through WebAudio: the inbox's audible alert (no file to load, muted on request). */
export function beep(): void {
  const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctx) return;
  try {
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.35);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.35);
    osc.onended = () => void ctx.close();
  } catch {
    // A browser that refuses audio before a user gesture still shows the visible alert.
  }
}
