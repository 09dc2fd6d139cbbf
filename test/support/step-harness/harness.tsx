import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../../../src/renderer/src/i18n/I18nProvider';
import { StepList, type StepListProps } from '../../../src/renderer/src/features/builds/StepList';
import '../../../src/renderer/src/styles.css';
import './harness.css';

/**
 * The step list alone, given exactly the props a build page gives it, so a browser test can move
 * the clock and the build's status the way a reopened page would.
 */
type Shown = Pick<StepListProps, 'steps' | 'now' | 'buildStatus' | 'buildFinishedAt'>;

declare global {
  interface Window {
    stepHarness: { show(props: Shown): void };
  }
}

function App() {
  const [props, setProps] = useState<Shown>({ steps: [], now: 0 });
  useEffect(() => {
    window.stepHarness = { show: setProps };
  }, []);
  return (
    <div className="step-harness">
      <StepList {...props} />
    </div>
  );
}

// The page's words come from the catalogs as in the app: the browser's language, English in tests.
createRoot(document.getElementById('root') as HTMLElement).render(
  <I18nProvider choice="system">
    <App />
  </I18nProvider>,
);
