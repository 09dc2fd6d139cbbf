import { useRef, useState } from 'react';
import { finishedStatuses } from '../../../../shared/models/build';
import { useContractMutation, useLive } from '../../api/hooks';
import { problemOf } from '../../api/problem';
import { InlineProblem } from '../../components/InlineProblem';
import { useCatalog } from '../../app/context';
import { LogViewer, type LogViewerHandle } from './LogViewer';
import { stepLineIndex } from './log-text';
import { StepList } from './StepList';
import { useBuild } from './use-build';
import { duration, statusLabel, useNow } from './use-builds';

export function BuildDetail({ id }: { readonly id: string }) {
  const { build, steps, lines, loadingLog, problem: loadProblem } = useBuild(id);
  const repositories = useCatalog((s) => s.repositories);
  const cancel = useContractMutation('builds:cancel');
  const retry = useContractMutation('builds:retry');
  const live = useLive();
  const viewer = useRef<LogViewerHandle>(null);
  const [selectedStep, setSelectedStep] = useState<string | null>(null);
  // Once the host refused this tab, a build shown as running may have ended long ago.
  const active = live && (build?.status === 'running' || build?.status === 'queued');
  const unknown = !live && (build?.status === 'running' || build?.status === 'queued');
  const now = useNow(active);
  const repository = repositories.find((r) => r.id === build?.repositoryId);
  const busy = cancel.isPending || retry.isPending;

  if (loadProblem && !build) return <InlineProblem problem={loadProblem} />;
  if (!build)
    return (
      <p className="muted" role="status">
        Loading build…
      </p>
    );
  return (
    <>
      <header className="page-header">
        <p className="muted small">
          <a href="#/builds">Builds</a> /{' '}
          {repository ? <a href={`#/repositories/${repository.id}`}>{repository.name}</a> : null}
        </p>
        <h1>
          Build #{build.number}{' '}
          {unknown ? (
            <span className="status status-stale" data-testid="build-status" title="Slipway was restarted: this page no longer hears about this build">
              Status unknown (not live)
            </span>
          ) : (
            <span className={`status status-${build.status}`} data-testid="build-status">
              {statusLabel[build.status]}
            </span>
          )}
        </h1>
        <p className="lede">
          {build.ref.kind} <strong>{build.ref.name}</strong> at <code>{build.commit.slice(0, 7)}</code>
          {build.commitMessage ? ` — ${build.commitMessage}` : ''} · {build.trigger} · {duration(build, now)}
        </p>
      </header>
      <InlineProblem problem={loadProblem} />
      {build.error && build.status !== 'canceled' ? <InlineProblem problem={problemOf(build.error)} /> : null}
      <div className="toolbar">
        {active ? (
          <button type="button" className="danger" disabled={busy} onClick={() => cancel.mutate({ id })}>
            Cancel build
          </button>
        ) : null}
        {finishedStatuses.includes(build.status) ? (
          <button type="button" disabled={busy} onClick={() => retry.mutate({ id }, { onSuccess: (next) => void (window.location.hash = `#/builds/${next.id}`) })}>
            Retry
          </button>
        ) : null}
      </div>
      <InlineProblem problem={cancel.problem ?? retry.problem} onDismiss={() => (cancel.reset(), retry.reset())} />
      {build.tags.length > 0 ? (
        <section className="card" aria-labelledby="tags-heading">
          <h2 id="tags-heading">Image tags</h2>
          <ul className="pushed-tags">
            {build.tags.map((t) => (
              <li key={t.tag}>
                <code>{t.reference}</code> {t.digest ? <code className="muted small" data-testid="tag-digest">{t.digest}</code> : <span className="muted small">not pushed</span>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="build-body">
        <section className="card steps-card" aria-labelledby="steps-heading">
          <h2 id="steps-heading">Steps</h2>
          {steps.length === 0 ? <p className="muted">{build.status === 'queued' ? 'Waiting for a free builder slot…' : 'No steps yet.'}</p> : <StepList
              steps={steps}
              now={now}
              buildStatus={build.status}
              buildFinishedAt={build.finishedAt}
              selectedId={selectedStep}
              onSelect={(stepId) => {
                setSelectedStep(stepId);
                const step = steps.find((s) => s.id === stepId);
                const line = step ? stepLineIndex(lines, step.name) : -1;
                if (line >= 0) viewer.current?.scrollToLine(line);
              }}
            />}
        </section>
        <section className="card log-card" aria-labelledby="log-heading">
          <h2 id="log-heading">Log {loadingLog ? <span className="muted small">loading…</span> : <span className="muted small">{lines.length.toLocaleString()} lines</span>}</h2>
          <LogViewer ref={viewer} lines={lines} live={active} fileName={`build-${build.number}.log`} label={`Log of build #${build.number}`} />
        </section>
      </div>
    </>
  );
}
