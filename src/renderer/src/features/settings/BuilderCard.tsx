import { useId, useState } from 'react';
import type { BuilderView } from '../../../../shared/models/builder';
import type { MessageKey } from '../../../../shared/i18n/catalogs';
import { problemOf } from '../../api/problem';
import { useT, type Words } from '../../i18n/use-t';
import { BuilderHealthLine } from './BuilderHealthLine';
import { BuilderSettingsForm } from './BuilderSettingsForm';

const sourceLabels: Record<NonNullable<BuilderView['source']>, MessageKey> = {
  DOCKER_HOST: 'settings.builders.fromDockerHost',
  DOCKER_CONTEXT: 'settings.builders.fromDockerContext',
  'current-context': 'settings.builders.fromCurrentContext',
  default: 'settings.builders.platformDefault',
};

export interface BuilderCardProps {
  readonly builder: BuilderView;
  readonly onRemove: (builder: BuilderView) => void;
  /** Asks for the list again (a rest is over: the pool tries the builder then). */
  readonly onStale: () => void;
}

/** One builder: where it is, what it builds natively and under emulation, its health, load and settings. */
export function BuilderCard({ builder: b, onRemove, onStale }: BuilderCardProps) {
  const { t, word } = useT();
  const [editing, setEditing] = useState(false);
  const formId = useId();
  const name = b.kind === 'local' ? t('settings.builders.localEngine') : b.name;
  const caps = b.capabilities;
  const testId = (what: string) => (b.kind === 'local' ? `builder-${what}` : `builder-${what}-${b.name}`);
  return (
    <div className="builder-card">
      <dl className="facts" aria-label={name}>
        <dt>{name}</dt>
        <dd>
          <code>{b.endpoint}</code> <span className="muted">{t('settings.builders.where', { how: howFound(b, t), hasContext: b.contextName && b.contextName !== 'default' ? 'yes' : 'no', context: b.contextName ?? '' })}</span>
          {b.kind === 'remote' ? (
            <button type="button" className="ghost danger" aria-label={t('settings.builders.removeLabel', { name: b.name })} onClick={() => onRemove(b)}>
              {t('common.remove')}
            </button>
          ) : null}
        </dd>
        <dt>{t('settings.builders.status')}</dt>
        <dd data-testid={testId('status')}>
          {b.status.state === 'reachable' ? (
            <span className="ok">
              {t('settings.builders.reachable', { kind: caps?.engineKind ?? 'docker', version: b.status.engineVersion, api: b.status.apiVersion, platform: `${b.status.os}/${b.status.arch}`, buildkit: b.status.buildkit ? 'yes' : 'no' })}
            </span>
          ) : (
            <UnreachableLine builder={b} word={word} />
          )}
        </dd>
        <dt>{t('settings.builders.health')}</dt>
        <dd data-testid={testId('health')}>
          <BuilderHealthLine health={b.health} onRestOver={onStale} />
        </dd>
        <dt>{t('settings.builders.load')}</dt>
        <dd data-testid={testId('load')}>{t('settings.builders.loadLine', { running: b.load.running, capacity: b.capacity, waiting: b.load.waiting })}</dd>
        {caps ? (
          <>
            <dt>{t('settings.builders.nativePlatforms')}</dt>
            <dd data-testid={testId('native')}>
              <Platforms list={caps.nativePlatforms} />
              {b.declaredPlatforms.length > 0 ? <span className="muted"> {t('settings.builders.declaredNote', { detected: caps.detectedNativePlatform ?? '?' })}</span> : null}
            </dd>
            <dt>{t('settings.builders.emulatedPlatforms')}</dt>
            <dd data-testid={testId('emulated')}>
              {caps.platformsFrom === 'engine' ? (
                <span className="muted">{t('settings.builders.emulatedUnknown', { kind: caps.engineKind })}</span>
              ) : caps.emulatedPlatforms.length > 0 ? (
                <Platforms list={caps.emulatedPlatforms} />
              ) : (
                <span className="muted">{t('settings.builders.emulatedNone')}</span>
              )}
            </dd>
            <dt>{t('settings.builders.buildkit')}</dt>
            <dd data-testid={testId('buildkit')}>
              {caps.engineKind === 'podman' || !caps.session
                ? t('settings.builders.buildkitNone', { kind: caps.engineKind })
                : caps.buildkitVersion
                  ? caps.buildkitVersion
                  : t('settings.builders.buildkitUnreported')}
            </dd>
            {!caps.session ? (
              <>
                <dt>{t('settings.builders.cannot')}</dt>
                <dd data-testid={testId('limits')} className="warn">
                  {t('settings.builders.noSession')}
                </dd>
              </>
            ) : null}
          </>
        ) : null}
      </dl>
      <button type="button" className="ghost" aria-expanded={editing} aria-controls={formId} onClick={() => setEditing(!editing)}>
        {t('settings.builders.edit', { name })}
      </button>
      {editing ? <BuilderSettingsForm key={`${b.capacity}:${b.declaredPlatforms.join(',')}`} id={formId} builder={b} /> : null}
    </div>
  );
}

function Platforms({ list }: { readonly list: readonly string[] }) {
  return (
    <>
      {list.map((p) => (
        <code key={p} className="tag-chip">
          {p}
        </code>
      ))}
    </>
  );
}

/** How an engine was found or is reached, as the line beside its address says it. */
function howFound(b: BuilderView, t: Words['t']): string {
  if (b.source && b.kind === 'local') return t(sourceLabels[b.source]);
  return b.tls ? 'TLS' : t(b.kind === 'local' ? 'settings.builders.kindLocal' : 'settings.builders.kindRemote');
}

/** An engine that cannot be reached: its reason as received (or worded, when main sends a phrase) and what to do. */
function UnreachableLine({ builder, word }: { readonly builder: BuilderView; readonly word: Words['word'] }) {
  if (builder.status.state !== 'unreachable') return null;
  const problem = problemOf(builder.status);
  return (
    <span className="warn">
      {word(problem.message)} <span className="hint">{problem.hint ? word(problem.hint) : null}</span>
    </span>
  );
}
