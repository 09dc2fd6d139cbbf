import { createContext, useCallback, useContext, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Text } from '../../../shared/i18n/phrase';
import { useT } from '../i18n/use-t';
import { useModalDialog } from './use-modal-dialog';

/** Text may be a phrase: it is worded when shown, in the language of that moment. */
export interface ConfirmRequest {
  readonly title: Text;
  readonly body?: Text;
  /** Names the action ("Delete registry"), never a bare "OK". */
  readonly confirmLabel: Text;
  readonly danger?: boolean;
}

type Ask = (request: ConfirmRequest) => Promise<boolean>;

const ConfirmContext = createContext<Ask | null>(null);

/** `await confirm({...})` in place of window.confirm: true when the user confirmed. */
export function useConfirm(): Ask {
  const ask = useContext(ConfirmContext);
  if (!ask) throw new Error('ConfirmProvider is missing');
  return ask;
}

interface Pending extends ConfirmRequest {
  readonly resolve: (confirmed: boolean) => void;
}

/** One dialog for the whole page; a second request while one is open cancels the first. */
export function ConfirmProvider({ children }: { readonly children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback<Ask>(
    (request) =>
      new Promise<boolean>((resolve) => {
        setPending((current) => {
          current?.resolve(false);
          return { ...request, resolve };
        });
      }),
    [],
  );
  const close = (confirmed: boolean) => {
    pending?.resolve(confirmed);
    setPending(null);
  };
  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      {pending ? <ConfirmDialog request={pending} onClose={close} /> : null}
    </ConfirmContext.Provider>
  );
}

/**
 * A modal alertdialog: the page behind is inert (showModal), Tab cycles inside it, Esc cancels,
 * Enter confirms, and focus returns to where it was when the dialog closes.
 */
export function ConfirmDialog({ request, onClose }: { readonly request: ConfirmRequest; readonly onClose: (confirmed: boolean) => void }) {
  const { t, word } = useT();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const { dialog, trapTab } = useModalDialog(confirmButton);
  const id = useId();

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose(false);
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      onClose(true);
    } else trapTab(event);
  };

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={request.body ? `${id}-body` : undefined}
      onKeyDown={onKeyDown}
      // The browser's own Esc handling would close the element behind React's back.
      onCancel={(event) => {
        event.preventDefault();
        onClose(false);
      }}
    >
      <h2 id={`${id}-title`}>{word(request.title)}</h2>
      {request.body ? <p id={`${id}-body`}>{word(request.body)}</p> : null}
      <div className="confirm-actions">
        <button type="button" className="ghost" onClick={() => onClose(false)}>
          {t('common.cancel')}
        </button>
        <button type="button" ref={confirmButton} className={request.danger ? 'danger' : undefined} onClick={() => onClose(true)}>
          {word(request.confirmLabel)}
        </button>
      </div>
    </dialog>
  );
}
