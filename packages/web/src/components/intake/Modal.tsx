import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

interface ModalProps {
  titleId: string;
  onClose: () => void;
  /** What takes focus when the dialog opens: the first thing to type or the button to press. */
  initialFocus: RefObject<HTMLElement | null>;
  danger?: boolean;
  testId: string;
  /** A class of the screen's own, e.g. for a wider form. */
  className?: string;
  children: ReactNode;
}

/** A native modal dialog, open while mounted: focus trapping, Escape and the backdrop for free. */
export function Modal({ titleId, onClose, initialFocus, danger, testId, className, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement;
    if (!dialog.open) dialog.showModal();
    // React's autoFocus runs before showModal, while the dialog cannot take focus yet.
    initialFocus.current?.focus();
    // No close() on cleanup: unmounting removes the dialog from the top layer anyway, and a close
    // event queued by StrictMode's rehearsal unmount would shut the dialog it reopened. Focus goes
    // back where it was (the button that opened it), if that is still on the page.
    return () => {
      if (before instanceof HTMLElement && before.isConnected && !dialog.contains(before)) before.focus();
    };
  }, [initialFocus]);

  // Only a dialog that is really closed reports it (Escape, or the form's own close).
  const closed = () => {
    if (!ref.current?.open) onClose();
  };

  return (
    <dialog ref={ref} className={`dialog intake-dialog${danger ? ' dialog-danger' : ''}${className ? ` ${className}` : ''}`} aria-labelledby={titleId} onClose={closed} data-testid={testId}>
      {children}
    </dialog>
  );
}
