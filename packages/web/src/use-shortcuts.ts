import { useEffect, useRef } from 'react';
import type { Area } from './areas.ts';
import { navigate } from './router.ts';

// Long enough for someone typing with one hand while holding a phone.
const SEQUENCE_MS = 1500;

/** Whether a key press belongs to a text field rather than to the console's shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Whether a key press is free for a shortcut: no modifier, not typed into a field, no dialog open. */
function isShortcutKey(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return false;
  // Behind an open dialog the page is inert; acting on it would be a surprise on closing.
  return !document.querySelector('dialog[open]');
}

/**
 * Binds the console's keyboard shortcuts: `g` then the key of an area the person may use goes
 * there, `?` opens help. Keys typed into form fields are left alone.
 */
export function useShortcuts({ onHelp, areas }: { onHelp: () => void; areas: readonly Area[] }): void {
  useEffect(() => {
    let awaitingArea = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isShortcutKey(event)) return;
      if (event.key === '?') {
        event.preventDefault();
        onHelp();
        return;
      }
      if (awaitingArea && Date.now() - awaitingArea < SEQUENCE_MS) {
        awaitingArea = 0;
        // The key after `g` belongs to the sequence even when it names no area: a page's own
        // shortcut (`d` on Intake) must not fire on the way to the Dispatch board.
        event.preventDefault();
        const area = areas.find((a) => a.key === event.key.toLowerCase());
        if (area) {
          navigate(area.path);
          document.getElementById('main')?.focus();
        }
        return;
      }
      awaitingArea = event.key === 'g' ? Date.now() : 0;
    };
    // Capture phase: the area sequence sees each key before any page's shortcuts do.
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [onHelp, areas]);
}

/**
 * Binds one page's single-key shortcuts (`1`, `d`, ...; letters case-insensitive) while the page
 * is mounted and `enabled`. Held-down keys do not repeat: one press is one answer or one action.
 * A binding that returns `false` declines the key, which then does what it would have done.
 */
export function usePageKeys(bindings: Readonly<Record<string, () => void | false>>, enabled = true): void {
  // The latest bindings, without re-adding the listener on every render.
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.repeat || !isShortcutKey(event)) return;
      const action = current.current[event.key.toLowerCase()];
      // An action answering `false` passes: the key keeps its usual meaning (Enter on a button).
      if (!action || action() === false) return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
