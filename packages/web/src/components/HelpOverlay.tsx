import { useEffect, useRef } from 'react';
import type { Permission } from '@continuum/domain';
import { DISPATCH, type Area } from '../areas.ts';
import { HAND_OFFS } from '../intake-actions.ts';

interface HelpOverlayProps {
  open: boolean;
  areas: readonly Area[];
  /** What this person may do: page shortcuts they could not use are not listed. */
  abilities: readonly Permission[];
  onClose: () => void;
}

/** The keyboard shortcuts of the areas this person may use, in a modal dialog opened with `?`. */
export function HelpOverlay({ open, areas, abilities, onClose }: HelpOverlayProps) {
  const ref = useRef<HTMLDialogElement>(null);

  // The native modal dialog gives focus trapping, Escape and a backdrop for free.
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="help-title" onClose={onClose} data-testid="help-overlay">
      <h2 id="help-title">Keyboard shortcuts</h2>
      <p className="muted">Press <kbd>g</kbd>, then the letter, to go to an area. Shortcuts do nothing while you type in a field.</p>
      <table className="table shortcuts">
        <tbody>
          {areas.map((area) => (
            <tr key={area.id}>
              <td><kbd>g</kbd> <kbd>{area.key}</kbd></td>
              <td>{area.label}</td>
            </tr>
          ))}
          <tr>
            <td><kbd>?</kbd></td>
            <td>This help</td>
          </tr>
          <tr>
            <td><kbd>Esc</kbd></td>
            <td>Close this help</td>
          </tr>
          {abilities.includes('incident.break_glass') && (
            <>
              <tr>
                <th scope="rowgroup" colSpan={2}>On Incidents</th>
              </tr>
              <tr>
                <td><kbd>b</kbd></td>
                <td>Open a restricted record (break-glass, with a written reason); <kbd>Ctrl</kbd> <kbd>Enter</kbd> in the reason continues</td>
              </tr>
            </>
          )}
          {areas.some((a) => a.id === DISPATCH.id) && (
            <>
              <tr>
                <th scope="rowgroup" colSpan={2}>On the Dispatch board</th>
              </tr>
              <tr>
                <td><kbd>j</kbd> <kbd>k</kbd></td>
                <td>Next or previous incident in the queue (most urgent first)</td>
              </tr>
              <tr>
                <td><kbd>1</kbd>–<kbd>5</kbd></td>
                <td>Pick or unpick that ranked unit for the selected incident</td>
              </tr>
              <tr>
                <td><kbd>Enter</kbd></td>
                <td>Assign the picked units: a confirmation opens, <kbd>Enter</kbd> again sends, <kbd>Esc</kbd> goes back</td>
              </tr>
              <tr>
                <td><kbd>Ctrl</kbd> <kbd>Enter</kbd></td>
                <td>In a release or panic reason, send it</td>
              </tr>
            </>
          )}
          <tr>
            <th scope="rowgroup" colSpan={2}>During a call (Intake)</th>
          </tr>
          <tr>
            <td><kbd>1</kbd>–<kbd>9</kbd></td>
            <td>Answer the question with that number</td>
          </tr>
          <tr data-testid="help-key-z">
            <td><kbd>Z</kbd></td>
            <td>Undo the last answer, before the level is determined (the record keeps both)</td>
          </tr>
          {HAND_OFFS.map((h) => (
            <tr key={h.action} data-testid={`help-key-${h.key}`}>
              <td><kbd>{h.key.toUpperCase()}</kbd></td>
              <td>{'help' in h ? h.help : h.label}</td>
            </tr>
          ))}
          <tr>
            <td><kbd>N</kbd></td>
            <td>Next call, once the call is handed off</td>
          </tr>
          <tr>
            <th scope="rowgroup" colSpan={2}>Anywhere</th>
          </tr>
          <tr>
            <td><kbd>Tab</kbd></td>
            <td>Move between links and buttons; the first stop is “Skip to content”</td>
          </tr>
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="button button-primary" data-testid="help-close" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
