import { useId, useRef } from 'react';
import { useModalDialog } from '../components/use-modal-dialog';
import type { WhenBuilding } from '../../../shared/desktop/update-status';
import type { Problem } from '../api/problem';
import { useT } from '../i18n/use-t';

/**
 * The two ways to restart while builds run, plus Cancel. A modal dialog (the page behind is inert);
 * Esc cancels. ConfirmDialog offers one action only, and here both choices are real; both share useModalDialog.
 */
export function BuildsRunningDialog({ reason, onChoose }: { readonly reason: Problem; readonly onChoose: (choice: Exclude<WhenBuilding, 'ask'> | null) => void }) {
  const { word } = useT();
  const waitButton = useRef<HTMLButtonElement>(null);
  const { dialog, trapTab } = useModalDialog(waitButton);
  const id = useId();

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={trapTab}
      // The browser's own Esc handling would close the element behind React's back.
      onCancel={(event) => {
        event.preventDefault();
        onChoose(null);
      }}
    >
      <h2 id={`${id}-title`}>Builds are running</h2>
      <p id={`${id}-body`}>
        {word(reason.message)} {reason.hint ? word(reason.hint) : ''}
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
