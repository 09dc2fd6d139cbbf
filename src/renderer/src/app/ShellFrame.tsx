import type { ReactNode, Ref } from 'react';
import type { Words } from '../i18n/use-t';
import { Logo } from '../components/Logo';
import { routes, type RouteId } from './routes';

export interface ShellFrameProps {
  readonly t: Words['t'];
  /** The page the sidebar marks as current. */
  readonly current: RouteId;
  /** How the shortcuts are spelled in the links' titles. */
  readonly mac: boolean;
  /** The sidebar's connection line. */
  readonly status: ReactNode;
  readonly children: ReactNode;
  readonly mainRef?: Ref<HTMLElement>;
  readonly stale?: boolean;
  readonly busy?: boolean;
  /**
   * Rendered into index.html at build time (scripts/boot-shell.tsx): the frame the window paints
   * before the renderer's script has run. Marked so the boot script finds it and the app replaces it.
   */
  readonly boot?: {
    readonly titles: Readonly<Record<RouteId, string>>;
    /** Each page's chunks (space-separated, relative to the page), which the boot script preloads when that page is asked for. */
    readonly chunks?: Readonly<Partial<Record<RouteId, string>>>;
  };
}

/**
 * The window's frame: skip link, sidebar and main area. One component for the app and for the
 * frame painted before the app, so the two cannot drift apart and the swap moves nothing on screen.
 */
export function ShellFrame({ t, current, mac, status, children, mainRef, stale, busy, boot }: ShellFrameProps) {
  return (
    <div className="shell" data-boot={boot ? current : undefined}>
      <a className="skip-link" href="#main">
        {t('app.shell.skipToContent')}
      </a>
      <nav className="sidebar" aria-label={t('app.shell.sections')}>
        <div className="brand" aria-hidden="true">
          <Logo /> {t('app.shell.brand')}
        </div>
        <ul>
          {routes.map((r) => (
            <li key={r.id}>
              <a
                // The frame's links work once the boot script holds them: followed earlier, a link
                // would replace the session token in the address before the app has taken it.
                href={boot ? undefined : `#/${r.id}`}
                aria-current={current === r.id ? 'page' : undefined}
                title={t('app.nav.withShortcut', { page: t(r.labelKey), shortcut: `${mac ? '⌘' : 'Ctrl+'}${r.key}` })}
                data-route={boot ? r.id : undefined}
                data-title={boot ? boot.titles[r.id] : undefined}
                data-chunks={boot?.chunks?.[r.id] || undefined}
              >
                {t(r.labelKey)}
              </a>
            </li>
          ))}
        </ul>
        {status}
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1} data-stale={stale ? 'true' : undefined} aria-busy={busy || undefined}>
        {children}
      </main>
    </div>
  );
}
