/** The app's module script and the chunks its first page imports, as the build named them. */
export interface AppScripts {
  readonly entry: string;
  readonly preload: readonly string[];
}

/**
 * How long the app waits for the frame's paint at most: a frame callback can be held back (a window
 * hidden or minimized meanwhile, a throttled tab), and the app must start anyway.
 */
export const firstFrameBoundMs = 500;

/** What the build wrote on the boot script's own tag (scripts/boot-shell.tsx), or undefined. */
export function appScriptsOf(tag: { readonly dataset: DOMStringMap } | null | undefined): AppScripts | undefined {
  const entry = tag?.dataset.app;
  if (!entry) return undefined;
  return { entry, preload: (tag.dataset.preload ?? '').split(' ').filter(Boolean) };
}

/**
 * Starts the app's script once the frame index.html holds is painted (issue 15). Named in index.html,
 * the script (~440 KB) and its first page's chunks were fetched and compiled while the frame was
 * laid out and painted, and on two cores they held that paint back: the heading came ~30 ms later
 * (probe, medians of 8), 1.04-1.08× in the startup bench, and the Builds page 1.01-1.04× later.
 * The frame answers keys and links meanwhile (early-navigation.ts). A hidden window paints nothing
 * and runs no frame callbacks: the app starts at once there. `askedFor` is told the files asked for.
 */
export function startAppAfterFirstFrame(doc: Document, win: Window, scripts: AppScripts | undefined, askedFor: (files: readonly string[]) => void = () => undefined): void {
  if (!scripts) return;
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    for (const href of scripts.preload) {
      const link = doc.createElement('link');
      link.rel = 'modulepreload';
      // As the app's own imports ask for them: one fetch serves both.
      link.crossOrigin = '';
      link.href = href;
      doc.head.append(link);
    }
    const script = doc.createElement('script');
    script.type = 'module';
    script.crossOrigin = '';
    script.src = scripts.entry;
    doc.head.append(script);
    askedFor([scripts.entry, ...scripts.preload]);
  };
  if (doc.visibilityState === 'hidden') {
    start();
    return;
  }
  // A callback of the next frame runs before it is painted; a task queued from it, after.
  win.requestAnimationFrame(() => win.setTimeout(start, 0));
  win.setTimeout(start, firstFrameBoundMs);
}
