import type { FeedStatus } from '@continuum/sdk';

const TEXT: Record<FeedStatus, { label: string; hint: string }> = {
  connecting: { label: 'Connecting…', hint: 'Opening the live feed.' },
  live: { label: 'Live', hint: 'Changes appear as soon as they are saved.' },
  reconnecting: { label: 'Reconnecting…', hint: 'The live feed dropped. Lists may be out of date until it is back; nothing will be missed.' },
  denied: { label: 'Not live', hint: 'The server refused the live feed. Sign in again.' },
  closed: { label: 'Not live', hint: 'The live feed is closed.' },
};

/** Whether the screen is live: shown in words and shape, not by colour alone. */
export function ConnectionIndicator({ status }: { status: FeedStatus }) {
  const { label, hint } = TEXT[status];
  return (
    <div className={`connection connection-${status}`} role="status" title={hint} data-testid="connection-status" data-state={status}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
