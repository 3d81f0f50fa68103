import { useEffect, useRef, useState } from 'react';
import { currentFix } from '../../field-send.ts';
import { formatTime } from '../../datetime.ts';

/** Long enough that a pocket or a bump does not send it, short enough for a person in danger. */
export const PANIC_HOLD_MS = 1_000;

interface Props {
  onPanic: (position: { lat: number; lon: number; at: string } | undefined) => void;
  /** Whether partner units share the call: they are alerted too. */
  partners: boolean;
  /** Whether a panic is still waiting to send (offline). */
  queued: boolean;
  /** Whether the server holds this crew's panic open (until the dispatcher resolves it). */
  open: boolean;
  /** "Offline · 1 action waiting to send": kept in sight here, wherever the page is scrolled. */
  outbox: string | null;
}

/**
 * The panic button, fixed at the foot of the screen whatever is scrolled: pressed and held for
 * a second (finger, mouse, or Space/Enter held), it alerts the dispatcher and the partner units.
 * A tap does nothing but say to hold, so it cannot be sent by accident.
 */
export function PanicButton({ onPanic, partners, queued, open, outbox }: Props) {
  const [holding, setHolding] = useState(false);
  const [hint, setHint] = useState(false);
  const [sentAt, setSentAt] = useState<Date | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const startedAt = useRef(0);

  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  const fire = async () => {
    timer.current = null;
    setHolding(false);
    setSentAt(new Date());
    navigator.vibrate?.(300);
    onPanic(await currentFix());
  };
  const start = () => {
    if (timer.current) return;
    startedAt.current = Date.now();
    setHolding(true);
    setHint(false);
    timer.current = setTimeout(() => void fire(), PANIC_HOLD_MS);
  };
  const cancel = () => {
    if (!timer.current) return;
    clearTimeout(timer.current);
    timer.current = null;
    setHolding(false);
    if (Date.now() - startedAt.current < PANIC_HOLD_MS) setHint(true);
  };
  const isKey = (e: React.KeyboardEvent) => e.key === ' ' || e.key === 'Enter';

  const status = queued
    ? 'PANIC waiting to send: no network. Use the radio too.'
    : sentAt
      ? `PANIC sent ${formatTime(sentAt)}: ${partners ? 'the dispatcher and your partners are' : 'the dispatcher is'} alerted.`
      : open
        ? 'Your PANIC is open: the dispatcher is alerted.'
        : hint
          ? 'Keep holding for one second to send PANIC.'
          : null;

  return (
    <div className="field-panic-bar">
      {outbox && <p className="field-outbox-line" role="status" data-testid="field-outbox-line">{outbox}</p>}
      {status && <p className="field-panic-status" role="status" data-testid="field-panic-status">{status}</p>}
      <button
        type="button"
        className={`field-panic${holding ? ' field-panic-holding' : ''}`}
        data-testid="panic-button"
        aria-describedby="field-panic-help"
        onPointerDown={(e) => { e.currentTarget.setPointerCapture?.(e.pointerId); start(); }}
        onPointerUp={cancel}
        onPointerCancel={cancel}
        onKeyDown={(e) => { if (isKey(e)) { e.preventDefault(); if (!e.repeat) start(); } }}
        onKeyUp={(e) => { if (isKey(e)) cancel(); }}
        onBlur={cancel}
        onContextMenu={(e) => e.preventDefault()}
      >
        <span className="field-panic-fill" aria-hidden="true" />
        <span className="field-panic-label">{holding ? 'Hold…' : 'PANIC'}</span>
        <span id="field-panic-help" className="field-panic-help">press and hold 1 s</span>
      </button>
    </div>
  );
}
