import type { HandOff } from '../../intake-actions.ts';

/** The keys that work on this screen right now, so nobody has to remember them. */
export function KeyLegend({ answering, offered, nextCall, undo = false }: { answering: boolean; offered: readonly HandOff[]; nextCall: boolean; undo?: boolean }) {
  return (
    <p className="key-legend muted" data-testid="key-legend">
      <span className="visually-hidden">Keys: </span>
      {answering && <span><kbd>1</kbd>–<kbd>9</kbd> answer</span>}
      {undo && <span><kbd>Z</kbd> undo last answer</span>}
      {offered.map((h) => (
        <span key={h.action}><kbd>{h.key.toUpperCase()}</kbd> {h.label.toLowerCase()}</span>
      ))}
      {nextCall && <span><kbd>N</kbd> next call</span>}
      <span><kbd>?</kbd> all shortcuts</span>
    </p>
  );
}
