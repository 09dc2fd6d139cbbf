import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

const focusable = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * What every modal dialog here does: opens with showModal (the page behind is inert), focuses its
 * first choice, keeps Tab cycling inside, and gives focus back to where it was when it closes.
 */
export function useModalDialog(initialFocus: RefObject<HTMLElement | null>): {
  readonly dialog: RefObject<HTMLDialogElement | null>;
  readonly trapTab: (event: KeyboardEvent<HTMLDialogElement>) => void;
} {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    initialFocus.current?.focus();
    return () => {
      el?.close();
      previous?.focus();
    };
  }, [initialFocus]);
  const trapTab = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab') return;
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
  };
  return { dialog, trapTab };
}
