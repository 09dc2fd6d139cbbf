import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../../../src/renderer/src/i18n/I18nProvider';
import { LogViewer, type LogViewerHandle } from '../../../src/renderer/src/features/builds/LogViewer';
import { StepList } from '../../../src/renderer/src/features/builds/StepList';
import { stepLineIndex } from '../../../src/renderer/src/features/builds/log-text';
import type { BuildStep } from '../../../src/shared/models/build';
import '../../../src/renderer/src/styles.css';
import './harness.css';

/**
 * The builds components mounted alone, driven from the browser test through window.harness: the
 * build page that will host them belongs to another part of the app.
 */
interface Harness {
  append(lines: string[]): void;
  appendGenerated(count: number, every?: number, marker?: string): void;
  setLive(live: boolean): void;
  setSteps(steps: BuildStep[]): void;
  /** Marks lines [from, to) as not read yet (blank, `missing`); `readAll` fills them in after 150 ms. */
  markUnread(from: number, to: number): void;
  /** How often the viewer asked for every line. */
  readAlls: number;
  selected: string[];
}

declare global {
  interface Window {
    harness: Harness;
  }
}

function App() {
  const [lines, setLines] = useState<string[]>([]);
  const [live, setLive] = useState(true);
  const [steps, setSteps] = useState<BuildStep[]>([]);
  const viewer = useRef<LogViewerHandle>(null);
  const linesRef = useRef<string[]>([]);
  const [holes, setHoles] = useState<readonly (readonly [number, number])[]>([]);
  const missing = useCallback((i: number) => holes.some(([from, to]) => i >= from && i < to), [holes]);
  const shown = useMemo(() => (holes.length === 0 ? lines : lines.map((line, i) => (missing(i) ? '' : line))), [lines, holes, missing]);
  // As the app's log does: the lines are filled into the array the viewer holds before this resolves.
  const readAll = useCallback(async () => {
    window.harness.readAlls++;
    await new Promise((r) => setTimeout(r, 150));
    for (let i = 0; i < shown.length; i++) if (missing(i)) shown[i] = linesRef.current[i] ?? '';
    setHoles([]);
  }, [shown, missing]);
  useEffect(() => {
    const harness: Harness = {
      append(more) {
        linesRef.current = [...linesRef.current, ...more];
        setLines(linesRef.current);
      },
      appendGenerated(count, every = 0, marker = 'needle') {
        const base = linesRef.current.length;
        const more = new Array<string>(count);
        for (let i = 0; i < count; i++) {
          const n = base + i + 1;
          more[i] = every > 0 && n % every === 0 ? `#5 ${(n / 1000).toFixed(3)} \x1b[32m${marker}\x1b[0m at ${n}` : `#5 ${(n / 1000).toFixed(3)} output line ${n}`;
        }
        harness.append(more);
      },
      setLive,
      setSteps,
      markUnread: (from, to) => setHoles((h) => [...h, [from, to] as const]),
      readAlls: 0,
      selected: [],
    };
    window.harness = harness;
  }, []);
  return (
    <div className="harness">
      <StepList
        steps={steps}
        now={Date.parse('2026-11-25T08:00:05.000Z')}
        onSelect={(id) => {
          window.harness.selected.push(id);
          const step = steps.find((s) => s.id === id);
          if (step) viewer.current?.scrollToLine(stepLineIndex(lines, step.name));
        }}
      />
      <div className="harness-log">
        <LogViewer ref={viewer} lines={shown} live={live} fileName="build-7" missing={missing} complete={holes.length === 0} readAll={readAll} />
      </div>
    </div>
  );
}

// The page's words come from the catalogs as in the app: the browser's language, English in tests.
createRoot(document.getElementById('root') as HTMLElement).render(
  <I18nProvider choice="system">
    <App />
  </I18nProvider>,
);
