import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface ConfirmRequest {
  readonly title: string;
  readonly body?: string;
  /** Names the action ("Delete registry"), never a bare "OK". */
  readonly confirmLabel: string;
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

const focusable = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal alertdialog: the page behind is inert (showModal), Tab cycles inside it, Esc cancels,
 * Enter confirms, and focus returns to where it was when the dialog closes.
 */
export function ConfirmDialog({ request, onClose }: { readonly request: ConfirmRequest; readonly onClose: (confirmed: boolean) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    confirmButton.current?.focus();
    return () => {
      el?.close();
      previous?.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose(false);
    } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      onClose(true);
    } else if (event.key === 'Tab') {
      const items = [...(dialog.current?.querySelectorAll<HTMLElement>(focusable) ?? [])];
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
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
      <h2 id={`${id}-title`}>{request.title}</h2>
      {request.body ? <p id={`${id}-body`}>{request.body}</p> : null}
      <div className="confirm-actions">
        <button type="button" className="ghost" onClick={() => onClose(false)}>
          Cancel
        </button>
        <button type="button" ref={confirmButton} className={request.danger ? 'danger' : undefined} onClick={() => onClose(true)}>
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
