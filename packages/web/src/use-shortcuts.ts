import { useEffect } from 'react';
import { AREAS } from './areas.ts';
import { navigate } from './router.ts';

// Long enough for someone typing with one hand while holding a phone.
const SEQUENCE_MS = 1500;

/** Whether a key press belongs to a text field rather than to the console's shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Binds the console's keyboard shortcuts: `g` then an area's key goes there, `?` opens help.
 * Keys typed into form fields are left alone.
 */
export function useShortcuts({ onHelp }: { onHelp: () => void }): void {
  useEffect(() => {
    let awaitingArea = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      // Behind an open dialog the page is inert; moving it would be a surprise on closing.
      if (document.querySelector('dialog[open]')) return;
      if (event.key === '?') {
        event.preventDefault();
        onHelp();
        return;
      }
      if (awaitingArea && Date.now() - awaitingArea < SEQUENCE_MS) {
        awaitingArea = 0;
        const area = AREAS.find((a) => a.key === event.key.toLowerCase());
        if (area) {
          event.preventDefault();
          navigate(area.path);
          document.getElementById('main')?.focus();
        }
        return;
      }
      awaitingArea = event.key === 'g' ? Date.now() : 0;
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onHelp]);
}
