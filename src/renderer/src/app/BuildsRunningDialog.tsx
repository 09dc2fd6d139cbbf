import { useEffect, useId, useRef } from 'react';
import type { WhenBuilding } from '../../../shared/desktop/update-status';
import type { Problem } from '../api/problem';

/**
 * The two ways to restart while builds run, plus Cancel. A modal dialog (the page behind is inert);
 * Esc cancels. ConfirmDialog offers one action only, and here both choices are real.
 */
export function BuildsRunningDialog({ reason, onChoose }: { readonly reason: Problem; readonly onChoose: (choice: Exclude<WhenBuilding, 'ask'> | null) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const waitButton = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    waitButton.current?.focus();
    return () => {
      el?.close();
      previous?.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      // The browser's own Esc handling would close the element behind React's back.
      onCancel={(event) => {
        event.preventDefault();
        onChoose(null);
      }}
    >
      <h2 id={`${id}-title`}>Builds are running</h2>
      <p id={`${id}-body`}>
        {reason.message} {reason.hint ?? ''}
      </p>
      <div className="confirm-actions">
        <button type="button" className="ghost" onClick={() => onChoose(null)}>
          Cancel
        </button>
        <button type="button" ref={waitButton} onClick={() => onChoose('wait')}>
          Restart when builds end
        </button>
        <button type="button" className="danger" onClick={() => onChoose('stop')}>
          Stop builds and restart
        </button>
      </div>
    </dialog>
  );
}
