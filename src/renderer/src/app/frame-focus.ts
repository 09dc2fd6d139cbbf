import { routes } from './routes';

/**
 * Set on <html> by the boot script: which of the frame's controls has the focus. The app's first
 * commit replaces the frame, and the focused element with it; the app's shell (the same component,
 * ShellFrame) then focuses its own copy, so a Tab pressed on the frame is not undone (issue 15).
 */
export const earlyFocusAttribute = 'data-early-focus';

/** A control of the shell, named so the frame and the app's shell both find it: the skip link, a section's link, the main area. */
export function focusName(element: Element | null): string | undefined {
  if (!element) return undefined;
  if (element.classList.contains('skip-link')) return 'skip';
  if (element.id === 'main') return 'main';
  const route = element.getAttribute('data-route') ?? /^#\/([\w-]+)$/.exec(element.getAttribute('href') ?? '')?.[1];
  if (route && element.closest('nav') && routes.some((r) => r.id === route)) return `route:${route}`;
  return undefined;
}

/** The app's own copy of a control named by focusName. */
export function focusTarget(doc: Document, name: string): HTMLElement | null {
  if (name === 'skip') return doc.querySelector<HTMLElement>('.skip-link');
  if (name === 'main') return doc.getElementById('main');
  const route = routes.find((r) => `route:${r.id}` === name);
  return route ? doc.querySelector<HTMLElement>(`nav a[href="#/${route.id}"]`) : null;
}

/** In the app's first commit: the control focused on the frame gets the focus back, unless something else has it. */
export function restoreFrameFocus(doc: Document): void {
  const name = doc.documentElement.getAttribute(earlyFocusAttribute);
  if (name === null) return;
  doc.documentElement.removeAttribute(earlyFocusAttribute);
  if (doc.activeElement && doc.activeElement !== doc.body) return;
  focusTarget(doc, name)?.focus();
}
