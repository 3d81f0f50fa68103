import type { HandoffView } from '@continuum/contracts';
import { CallInterview } from '../intake/CallInterview.tsx';
import { useCallHandoffs } from '../../use-handoffs.ts';
import { EscalationCall } from './EscalationCall.tsx';

/** The newest hand-off of a call on one side: the sender's outgoing one, the receiver's incoming one. */
export const latest = (items: readonly HandoffView[] | undefined, direction: HandoffView['direction']): HandoffView | null =>
  (items ?? []).filter((h) => h.direction === direction).sort((a, b) => b.offeredAt.localeCompare(a.offeredAt))[0] ?? null;

/**
 * One call on the intake screen. A call escalated to this (911) centre opens as DISPATCH NOW;
 * any other opens the interview, continued from what the sender took, with the hand-off's status.
 */
export function CallScreen({ id, abilities }: { id: string; abilities: readonly string[] }) {
  const handsOff = abilities.includes('handoff.receive');
  const handoffs = useCallHandoffs(id, handsOff);
  if (handsOff && handoffs.isPending) return <p className="empty" data-testid="interview-loading">Opening the call…</p>;
  const incoming = latest(handoffs.data?.items, 'incoming');
  if (incoming?.kind === 'emergency_escalation' && (incoming.state === 'offered' || incoming.state === 'accepted')) return <EscalationCall id={id} handoff={incoming} />;
  return <CallInterview id={id} abilities={abilities} incoming={incoming} outgoing={latest(handoffs.data?.items, 'outgoing')} />;
}
