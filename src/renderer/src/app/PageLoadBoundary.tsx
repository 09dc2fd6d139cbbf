import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/use-t';

interface State {
  readonly failed: boolean;
}

/**
 * Catches a page whose code could not be loaded (its chunk missing: the host was rebuilt or
 * restarted with a newer Slipway while this window stayed open, or the connection dropped on the
 * way), so the window says so and offers a reload instead of going blank. A browser keeps a failed
 * module import failed, so only a reload fetches the page's code again.
 */
export class PageLoadBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For a developer with the console open; the user reads the alert below.
    console.error('A page could not be shown', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <PageLoadFailed /> : this.props.children;
  }
}

function PageLoadFailed() {
  const { t } = useT();
  return (
    <div className="problem" role="alert">
      <div>
        <strong>{t('app.pageLoad.failed')}</strong>
        <p>{t('app.pageLoad.failedHint')}</p>
      </div>
      <button type="button" onClick={() => window.location.reload()}>
        {t('app.pageLoad.reload')}
      </button>
    </div>
  );
}
