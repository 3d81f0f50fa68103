import { useEffect, useRef, useState } from 'react';
import type { HandoffView } from '@continuum/contracts';
import { isApiError } from '@continuum/sdk';
import { beep, HANDOFF_KIND_TEXT, waited } from '../../handoff-format.ts';
import { navigate } from '../../router.ts';
import { useAccept, useDecline, useInbox } from '../../use-handoffs.ts';
import { useNow } from '../../use-now.ts';
import './handoff.css';

const MUTE_KEY = 'continuum.handoffs.muted';

/** Whether the inbox's beep is muted on this device (a setting kept in the browser). */
function useMuted(): [boolean, (m: boolean) => void] {
  const [muted, setMuted] = useState(() => globalThis.localStorage?.getItem(MUTE_KEY) === '1');
  return [muted, (m) => {
    setMuted(m);
    globalThis.localStorage?.setItem(MUTE_KEY, m ? '1' : '0');
  }];
}

/**
 * Calls other centres offer to this agency, at the top of Intake: a visible alert, a beep when a
 * new one arrives, and Accept, which opens the call where the sender left it.
 */
export function HandoffInbox() {
  const inbox = useInbox(true);
  const now = useNow(1_000);
  const [muted, setMuted] = useMuted();
  const open = (inbox.data?.items ?? []).filter((h) => h.state === 'offered' && h.direction === 'incoming');
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!inbox.data) return;
    const ids = new Set(open.map((h) => h.id));
    // The first load is not news; a hand-off not seen before is.
    if (seen.current && [...ids].some((id) => !seen.current!.has(id)) && !muted) beep();
    seen.current = ids;
  }, [inbox.data]); // only a new page of the inbox is news

  return (
    <section className="handoff-inbox" aria-labelledby="handoff-inbox-title" data-testid="handoff-inbox" data-open={open.length}>
      <div className="handoff-inbox-head">
        <h2 id="handoff-inbox-title">Hand-offs to your centre {open.length > 0 && <span className="count-badge">{open.length}</span>}</h2>
        <label className="handoff-mute">
          <input type="checkbox" checked={muted} onChange={(e) => setMuted(e.target.checked)} data-testid="handoff-mute" /> Mute the alert sound
        </label>
      </div>
      {inbox.isPending && <p className="empty">Loading hand-offs…</p>}
      {inbox.isError && <p className="empty empty-error" role="alert">The hand-offs could not be loaded; this keeps trying.</p>}
      {inbox.data && open.length === 0 && <p className="empty" data-testid="handoff-inbox-empty">No call is waiting for your centre. Calls other centres offer you appear here, with a sound.</p>}
      {open.length > 0 && (
        <div role="alert" className="handoff-alert" data-testid="handoff-alert">
          {open.length === 1 ? 'A call is waiting for your centre' : `${open.length} calls are waiting for your centre`}: accept to take it over.
        </div>
      )}
      <ul className="handoff-list">
        {open.map((h) => (
          <InboxItem key={h.id} handoff={h} now={now} />
        ))}
      </ul>
    </section>
  );
}

function InboxItem({ handoff: h, now }: { handoff: HandoffView; now: Date }) {
  const accept = useAccept();
  const decline = useDecline();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const take = async () => {
    setProblem(null);
    try {
      await accept.mutateAsync(h.id);
      navigate(`/intake/${encodeURIComponent(h.incidentId)}`);
    } catch (error) {
      setProblem(isApiError(error, 'conflict') ? error.message : 'The hand-off was not accepted. Try again.');
    }
  };
  const refuse = async () => {
    setProblem(null);
    try {
      await decline.mutateAsync({ id: h.id, reason });
    } catch (error) {
      setProblem(isApiError(error) ? error.message : 'The hand-off was not declined. Try again.');
    }
  };
  const urgent = h.call.dispatchNow;
  return (
    <li className={`handoff-item${urgent ? ' handoff-urgent' : ''}`} data-testid="handoff-item" data-kind={h.kind}>
      <div className="handoff-item-head">
        {urgent && <span className="tag tag-danger" data-testid="handoff-dispatch-now">DISPATCH NOW</span>}
        <strong>{HANDOFF_KIND_TEXT[h.kind]}</strong>
        <span>from {h.from.name}</span>
        {h.call.riskLevel !== null && <span className="tag">Level {h.call.riskLevel}</span>}
        <span className="muted" data-testid="handoff-waiting">waiting {waited(h.offeredAt, now)}</span>
        {h.supervisorAlertedAt && <span className="tag tag-warning">Supervisor alerted</span>}
        {h.rolledFromId && <span className="tag">Rolled over: not answered at the first centre</span>}
      </div>
      {h.note && <p className="handoff-note" data-testid="handoff-note">“{h.note}”</p>}
      {problem && <p className="form-error" role="alert" data-testid="handoff-problem">{problem}</p>}
      {!declining ? (
        <div className="handoff-item-actions">
          <button type="button" className={`button ${urgent ? 'button-danger' : 'button-primary'}`} onClick={() => void take()} disabled={accept.isPending} data-testid="handoff-accept">
            {accept.isPending ? 'Accepting…' : 'Accept and open the call'}
          </button>
          <button type="button" className="button" onClick={() => setDeclining(true)} data-testid="handoff-decline">Decline…</button>
        </div>
      ) : (
        <form className="handoff-decline" onSubmit={(e) => { e.preventDefault(); void refuse(); }}>
          <label>
            Why decline? The sender reads this.
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required autoFocus data-testid="handoff-decline-reason" />
          </label>
          <button type="submit" className="button button-danger" disabled={!reason.trim() || decline.isPending} data-testid="handoff-decline-confirm">Decline the hand-off</button>
          <button type="button" className="button button-quiet" onClick={() => setDeclining(false)}>Keep it</button>
        </form>
      )}
    </li>
  );
}
