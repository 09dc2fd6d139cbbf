import { earlyFocusAttribute, focusName } from '../app/frame-focus';

/**
 * Notes which of the frame's controls has the focus (app/frame-focus.ts), for the app to give it back
 * once it has replaced the frame. Lets go once the frame is gone.
 */
export function noteFrameFocus(doc: Document): void {
  const frame = doc.querySelector('[data-boot]');
  if (!frame) return;
  const root = doc.documentElement;
  const onFocus = (event: Event): void => {
    if (!frame.isConnected) {
      doc.removeEventListener('focusin', onFocus);
      doc.removeEventListener('focusout', onBlur);
      return;
    }
    const name = focusName(event.target instanceof Element ? event.target : null);
    if (name) root.setAttribute(earlyFocusAttribute, name);
    else root.removeAttribute(earlyFocusAttribute);
  };
  // Focus leaving for nowhere (a click on the page's background): nothing to give back. Checked a
  // task later: the app's commit removing the frame fires this too, before the frame is gone.
  const onBlur = (event: Event): void => {
    if ((event as FocusEvent).relatedTarget !== null) return;
    setTimeout(() => {
      if (frame.isConnected && (doc.activeElement === null || doc.activeElement === doc.body)) root.removeAttribute(earlyFocusAttribute);
    }, 0);
  };
  doc.addEventListener('focusin', onFocus);
  doc.addEventListener('focusout', onBlur);
}
