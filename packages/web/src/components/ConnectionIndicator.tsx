import type { FeedStatus } from '@continuum/sdk';

const TEXT: Record<FeedStatus, { label: string; hint: string }> = {
  connecting: { label: 'Connecting…', hint: 'Opening the live feed.' },
  live: { label: 'Live', hint: 'Changes appear as soon as they are saved.' },
  reconnecting: { label: 'Reconnecting…', hint: 'The live feed dropped. Lists may be out of date until it is back; nothing will be missed.' },
  denied: { label: 'Not live', hint: 'The server refused the live feed. Sign in again.' },
  closed: { label: 'Not live', hint: 'The live feed is closed.' },
};

/** For a role without a live feed (the analyst's aggregates): nothing is wrong, pages change on reload. */
const NO_FEED = { label: 'Updates on reload', hint: 'Your pages show figures as of when they were opened: reload to see newer ones. Nothing is wrong.' };

/** Whether the screen is live: shown in words and shape, not by colour alone. */
export function ConnectionIndicator({ status, subscribes = true }: { status: FeedStatus; subscribes?: boolean }) {
  const { label, hint } = subscribes ? TEXT[status] : NO_FEED;
  return (
    <div className={`connection connection-${subscribes ? status : 'none'}`} role="status" title={hint} data-testid="connection-status" data-state={status}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
