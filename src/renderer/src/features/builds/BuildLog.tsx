import { memo, useImperativeHandle, useRef, type Ref } from 'react';
import type { Build } from '../../../../shared/models/build';
import { InlineProblem } from '../../components/InlineProblem';
import { useT } from '../../i18n/use-t';
import { LogViewer, type LogViewerHandle } from './LogViewer';
import { stepLineIndex } from './log-text';
import { useBuildLog } from './use-build';

export interface BuildLogHandle {
  /** Scrolls the log to the first line of a step, reading skipped lines first if it is among them. */
  showStep(stepName: string): void;
}

interface BuildLogProps {
  readonly build: Build;
  /** The build is running (and the host still answers): the tail is followed. */
  readonly active: boolean;
  readonly ref?: Ref<BuildLogHandle>;
}

/**
 * The log card of the build page. It holds the live log itself, so a step printing thousands of
 * lines a second re-renders this card every frame and not the page around it (the header's
 * messages, the tags, the step list); memo keeps the page's own ticks from re-rendering it.
 */
export const BuildLog = memo(function BuildLog({ build, active, ref }: BuildLogProps) {
  const { lines, missing, complete, showing, readAll, loadingLog, problem } = useBuildLog(build);
  const viewer = useRef<LogViewerHandle>(null);
  const { t } = useT();

  useImperativeHandle(
    ref,
    () => ({
      showStep(stepName: string) {
        const line = stepLineIndex(lines, stepName);
        if (line >= 0) viewer.current?.scrollToLine(line);
        // The step's first line may be among those skipped in a flood: read them, look again.
        else if (!complete)
          void readAll().then(() => {
            const found = stepLineIndex(lines, stepName);
            if (found >= 0) viewer.current?.scrollToLine(found);
          });
      },
    }),
    [lines, complete, readAll],
  );

  return (
    <section className="card log-card" aria-labelledby="log-heading">
      <h2 id="log-heading">
        {t('builds.detail.log')}
        <span className="muted small log-heading-note">{loadingLog ? t('builds.detail.logLoading') : t('builds.log.lineCount', { count: lines.length })}</span>
      </h2>
      <InlineProblem problem={problem} />
      <LogViewer
        ref={viewer}
        lines={lines}
        missing={missing}
        complete={complete}
        onShowing={showing}
        readAll={readAll}
        live={active}
        fileName={`build-${build.number}.log`}
        label={t('builds.detail.logLabel', { number: build.number })}
      />
    </section>
  );
});
