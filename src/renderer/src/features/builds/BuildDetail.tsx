import { useRef, useState } from 'react';
import { finishedStatuses } from '../../../../shared/models/build-status';
import { useContractMutation, useLive } from '../../api/hooks';
import { problemOf } from '../../api/problem';
import { InlineProblem } from '../../components/InlineProblem';
import { useCatalog } from '../../app/context';
import { BuildLog, type BuildLogHandle } from './BuildLog';
import { StepList } from './StepList';
import { BuildPlacements } from './BuildPlacements';
import { useBuild } from './use-build';
import { buildDurationMs, useNow } from './use-builds';
import { statusKey } from './build-words';
import { FormattedMessage } from 'react-intl';
import { useFormats } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

export function BuildDetail({ id }: { readonly id: string }) {
  const { build, steps, problem: loadProblem } = useBuild(id);
  const repositories = useCatalog((s) => s.repositories);
  const cancel = useContractMutation('builds:cancel');
  const retry = useContractMutation('builds:retry');
  const live = useLive();
  const log = useRef<BuildLogHandle>(null);
  const [selectedStep, setSelectedStep] = useState<string | null>(null);
  // Once the host refused this tab, a build shown as running may have ended long ago.
  const active = live && (build?.status === 'running' || build?.status === 'queued');
  const unknown = !live && (build?.status === 'running' || build?.status === 'queued');
  const now = useNow(active);
  const repository = repositories.find((r) => r.id === build?.repositoryId);
  const duration = build ? buildDurationMs(build, now) : null;
  const busy = cancel.isPending || retry.isPending;
  const { t } = useT();
  const formats = useFormats();

  if (loadProblem && !build) return <InlineProblem problem={loadProblem} />;
  if (!build)
    return (
      <p className="muted" role="status">
        {t('builds.detail.loading')}
      </p>
    );
  return (
    <>
      <header className="page-header">
        <p className="muted small">
          <FormattedMessage
            id="builds.detail.breadcrumb"
            values={{
              builds: (chunks) => <a href="#/builds">{chunks}</a>,
              repository: repository ? <a href={`#/repositories/${repository.id}`}>{repository.name}</a> : '',
            }}
          />
        </p>
        <h1>
          <span className="build-title">{t('builds.detail.title', { number: build.number })}</span>
          {unknown ? (
            <span className="status status-stale" data-testid="build-status" title={t('builds.detail.statusUnknownHint')}>
              {t('builds.detail.statusUnknown')}
            </span>
          ) : (
            <span className={`status status-${build.status}`} data-testid="build-status">
              {t(statusKey[build.status])}
            </span>
          )}
        </h1>
        <p className="lede">
          <FormattedMessage
            id={build.commitMessage ? 'builds.detail.summaryWithMessage' : 'builds.detail.summary'}
            values={{
              kind: build.ref.kind,
              name: build.ref.name,
              commit: build.commit.slice(0, 7),
              message: build.commitMessage ?? '',
              how: t('builds.trigger', { how: build.trigger }),
              duration: duration === null ? t('builds.table.none') : formats.duration(duration),
              strong: (chunks) => <strong>{chunks}</strong>,
              code: (chunks) => <code>{chunks}</code>,
            }}
          />
        </p>
      </header>
      <InlineProblem problem={loadProblem} />
      {build.error && build.status !== 'canceled' ? <InlineProblem problem={problemOf(build.error)} /> : null}
      <div className="toolbar">
        {active ? (
          <button type="button" className="danger" disabled={busy} onClick={() => cancel.mutate({ id })}>
            {t('builds.detail.cancel')}
          </button>
        ) : null}
        {finishedStatuses.includes(build.status) ? (
          <button type="button" disabled={busy} onClick={() => retry.mutate({ id }, { onSuccess: (next) => void (window.location.hash = `#/builds/${next.id}`) })}>
            {t('builds.detail.retry')}
          </button>
        ) : null}
      </div>
      <InlineProblem problem={cancel.problem ?? retry.problem} onDismiss={() => (cancel.reset(), retry.reset())} />
      <BuildPlacements build={build} />
      {build.tags.length > 0 ? (
        <section className="card" aria-labelledby="tags-heading">
          <h2 id="tags-heading">{t('builds.detail.tags')}</h2>
          <ul className="pushed-tags">
            {build.tags.map((tag) => (
              <li key={tag.tag}>
                <code>{tag.reference}</code> {tag.digest ? <code className="muted small" data-testid="tag-digest">{tag.digest}</code> : <span className="muted small">{t('builds.detail.notPushed')}</span>}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="build-body">
        <section className="card steps-card" aria-labelledby="steps-heading">
          <h2 id="steps-heading">{t('builds.detail.steps')}</h2>
          {steps.length === 0 ? <p className="muted">{build.status === 'queued' ? t('builds.detail.waitingForSlot') : t('builds.steps.none')}</p> : <StepList
              steps={steps}
              now={now}
              buildStatus={build.status}
              buildFinishedAt={build.finishedAt}
              selectedId={selectedStep}
              onSelect={(stepId) => {
                setSelectedStep(stepId);
                const step = steps.find((s) => s.id === stepId);
                if (step) log.current?.showStep(step.name);
              }}
            />}
        </section>
        <BuildLog ref={log} build={build} active={active} />
      </div>
    </>
  );
}
