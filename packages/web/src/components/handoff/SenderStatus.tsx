import type { HandoffView } from '@continuum/contracts';
import { senderStatus } from '../../handoff-format.ts';
import { useNow } from '../../use-now.ts';

/** The sender's live line about its hand-off: waiting, accepted by whom, declined and why. */
export function SenderStatus({ handoff }: { handoff: HandoffView }) {
  const now = useNow(1_000);
  return (
    <p className={`handoff-sender-status handoff-state-${handoff.state}`} role="status" data-testid="handoff-sender-status" data-state={handoff.state}>
      {senderStatus(handoff, now)}
    </p>
  );
}
