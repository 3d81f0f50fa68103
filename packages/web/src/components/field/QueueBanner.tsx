import type { QueuedAction, QueueRefusal } from '../../field-queue.ts';

/** What a refusal means for the crew, in their words; the server's own message follows it. */
function meaning(r: QueueRefusal): string {
  if (r.status === 404 || r.code === 'not_found') return 'You are no longer on this call: the dispatcher may have reassigned it.';
  if (r.status === 409) return 'The call changed before this reached the dispatcher.';
  if (r.status === 403) return 'Your role may not do this.';
  if (r.issues?.length) return 'Something in it needs changing: see the marked fields below.';
  return 'The server refused it.';
}

interface Props {
  items: readonly QueuedAction[];
  online: boolean;
  onDismiss: (key: string) => void;
  onRetry: () => void;
}

/** Offline, what is waiting to send, and what the server refused: said in words, at the top. */
export function QueueBanner({ items, online, onDismiss, onRetry }: Props) {
  const refused = items.find((i) => i.refused);
  const waiting = items.filter((i) => !i.refused).length;
  if (online && items.length === 0) return null;
  return (
    <div className="field-banner-stack" aria-live="polite">
      {!online && (
        <p className="field-banner field-banner-offline" data-testid="field-offline">
          <strong>Offline.</strong> What you tap is kept on this phone and sent when the network is back.
        </p>
      )}
      {waiting > 0 && (
        <p className="field-banner field-banner-waiting" data-testid="field-queue-count" data-count={waiting}>
          <span>{waiting === 1 ? '1 action waiting to send' : `${waiting} actions waiting to send`}</span>
          <button type="button" className="field-button field-button-small" onClick={onRetry}>Send now</button>
        </p>
      )}
      {refused?.refused && (
        <div className="field-banner field-banner-refused" role="alert" data-testid="field-refused">
          <p>
            <strong>Not sent: {refused.label}.</strong> {meaning(refused.refused)}
          </p>
          <p className="field-detail">{refused.refused.message}</p>
          <p>Check with the dispatcher by radio.{items.length > 1 ? ' The actions after it wait until you dismiss this.' : ''}</p>
          <button type="button" className="field-button" onClick={() => onDismiss(refused.key)} data-testid="field-refused-dismiss">
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
