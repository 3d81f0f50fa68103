import './handoff.css';
import { navigate } from '../../router.ts';
import { useInbox } from '../../use-handoffs.ts';

/** The header's count of calls waiting for this centre; a click opens Intake, where the inbox is. */
export function HandoffBadge() {
  const inbox = useInbox(true);
  const open = (inbox.data?.items ?? []).filter((h) => h.state === 'offered' && h.direction === 'incoming');
  const urgent = open.some((h) => h.call.dispatchNow);
  return (
    <button
      type="button"
      className={`button header-handoffs${open.length ? (urgent ? ' button-danger' : ' button-primary') : ''}`}
      onClick={() => navigate('/intake')}
      aria-label={`${open.length} hand-offs waiting`}
      data-testid="handoff-badge"
      data-count={open.length}
    >
      Hand-offs <span className="count-badge" data-testid="handoff-count">{open.length}</span>
    </button>
  );
}
