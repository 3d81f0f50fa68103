import { formatCountdown } from '../../field-model.ts';
import { useNow } from '../../use-now.ts';

/** The on-scene safety timer: the dispatcher is alerted when it runs out without a check-in. */
export function CheckInTimer({ dueAt, canCheckIn, onCheckIn }: { dueAt: Date; canCheckIn: boolean; onCheckIn: () => void }) {
  const now = useNow(1_000);
  const { text, overdue } = formatCountdown(dueAt.getTime() - now.getTime());
  return (
    <section className={`field-card field-checkin${overdue ? ' field-checkin-overdue' : ''}`} aria-labelledby="field-checkin-title" data-testid="field-checkin">
      <h2 id="field-checkin-title">Check in</h2>
      <p className="field-countdown" data-testid="field-checkin-countdown" data-overdue={overdue ? 'true' : 'false'}>
        <span className="field-countdown-time">{text}</span>
        <span className="field-countdown-hint">{overdue ? 'The dispatcher has been alerted. Check in now.' : 'until the dispatcher is alerted'}</span>
      </p>
      {canCheckIn && (
        <button type="button" className="field-button field-button-go" onClick={onCheckIn} data-testid="field-check-in">
          Check in: all OK
        </button>
      )}
    </section>
  );
}
