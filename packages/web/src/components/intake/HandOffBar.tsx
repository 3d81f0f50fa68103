import { useEffect, useRef } from 'react';
import type { HandOff, HandOffAction } from '../../intake-actions.ts';

interface HandOffBarProps {
  offered: readonly HandOff[];
  primary: HandOffAction | null;
  /** When this changes to a non-null value, the primary action takes focus (Enter then does it). */
  focusKey: string | null;
  emergent: boolean;
  pending: boolean;
  onChoose: (action: HandOffAction) => void;
}

/** The hand-off actions open to this call, each with its single-key shortcut shown. */
export function HandOffBar({ offered, primary, focusKey, emergent, pending, onChoose }: HandOffBarProps) {
  const primaryRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusKey) primaryRef.current?.focus();
  }, [focusKey]);

  if (offered.length === 0) return null;
  // The recommended step first, on a row of its own; the rest keep their usual order.
  const ordered = [...offered.filter((h) => h.action === primary), ...offered.filter((h) => h.action !== primary)];
  return (
    <section className="handoffs" aria-labelledby="handoffs-title" data-testid="handoffs">
      <h2 id="handoffs-title" className="visually-hidden">Hand-off actions</h2>
      <div className="handoff-buttons">
        {ordered.map((h) => {
          const isPrimary = h.action === primary;
          const tone = isPrimary ? (emergent ? ' button-danger button-big handoff-primary' : ' button-primary button-big handoff-primary') : h.action === 'cancel' ? ' button-quiet' : '';
          return (
            <button
              key={h.action}
              ref={isPrimary ? primaryRef : undefined}
              type="button"
              className={`button${tone}`}
              onClick={() => onChoose(h.action)}
              disabled={pending}
              aria-keyshortcuts={h.key.toUpperCase()}
              data-testid={`handoff-${h.action}`}
            >
              {h.label} <kbd>{h.key.toUpperCase()}</kbd>
            </button>
          );
        })}
      </div>
    </section>
  );
}
