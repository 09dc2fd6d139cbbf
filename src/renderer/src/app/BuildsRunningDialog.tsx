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
  const { t, word } = useT();
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
      <h2 id={`${id}-title`}>{t('app.buildsRunning.title')}</h2>
      <p id={`${id}-body`}>{reason.hint ? t('app.buildsRunning.reason', { message: reason.message, hint: reason.hint }) : word(reason.message)}</p>
      <div className="confirm-actions">
        <button type="button" className="ghost" onClick={() => onChoose(null)}>
          {t('common.cancel')}
        </button>
        <button type="button" ref={waitButton} onClick={() => onChoose('wait')}>
          {t('app.buildsRunning.wait')}
        </button>
        <button type="button" className="danger" onClick={() => onChoose('stop')}>
          {t('app.buildsRunning.stop')}
        </button>
      </div>
    </dialog>
  );
}
