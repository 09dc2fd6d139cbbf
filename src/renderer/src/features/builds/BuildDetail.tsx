import { useRef, useState } from 'react';
import { finishedStatuses } from '../../../../shared/models/build';
import { InlineProblem } from '../../components/InlineProblem';
import { useCatalog, useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';
import { LogViewer, type LogViewerHandle } from './LogViewer';
import { stepLineIndex } from './log-text';
import { StepList } from './StepList';
import { useBuild } from './use-build';
import { duration, statusLabel, useNow } from './use-builds';

export function BuildDetail({ id }: { readonly id: string }) {
  const client = useClient();
  const { build, steps, lines, loadingLog, problem: loadProblem } = useBuild(id);
  const repositories = useCatalog((s) => s.repositories);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const viewer = useRef<LogViewerHandle>(null);
  const [selectedStep, setSelectedStep] = useState<string | null>(null);
  const active = build?.status === 'running' || build?.status === 'queued';
  const now = useNow(active);
  const repository = repositories.find((r) => r.id === build?.repositoryId);

  const act = async (what: 'cancel' | 'retry') => {
    setBusy(true);
    try {
      const result = await client.call(what === 'cancel' ? 'builds:cancel' : 'builds:retry', { id });
      setProblem(undefined);
      if (what === 'retry') window.location.hash = `#/builds/${result.id}`;
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };

  if (loadProblem) return <InlineProblem problem={loadProblem} />;
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
          Build #{build.number} <span className={`status status-${build.status}`} data-testid="build-status">{statusLabel[build.status]}</span>
        </h1>
        <p className="lede">
          {build.ref.kind} <strong>{build.ref.name}</strong> at <code>{build.commit.slice(0, 7)}</code>
          {build.commitMessage ? ` — ${build.commitMessage}` : ''} · {build.trigger} · {duration(build, now)}
        </p>
      </header>
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      {build.error && build.status !== 'canceled' ? <InlineProblem problem={build.error.hint ? { message: build.error.message, hint: build.error.hint } : { message: build.error.message }} /> : null}
      <div className="toolbar">
        {active ? (
          <button type="button" className="danger" disabled={busy} onClick={() => void act('cancel')}>
            Cancel build
          </button>
        ) : null}
        {finishedStatuses.includes(build.status) ? (
          <button type="button" disabled={busy} onClick={() => void act('retry')}>
            Retry
          </button>
        ) : null}
      </div>
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
