import { useEffect, useState } from 'react';
import type { ImageRepository } from '../../../../shared/models/repository';
import { InlineProblem } from '../../components/InlineProblem';
import { Markdown } from '../../components/Markdown';
import { ImageTags } from './ImageTags';
import { RulesSection } from '../rules/RulesSection';
import { RepositoryBuilds } from '../builds/RepositoryBuilds';
import { BuilderChoice } from '../builds/BuilderChoice';
import { WebhooksSection } from '../webhooks/WebhooksSection';
import { CodeRepositoryField } from '../code-source/CodeRepositoryPicker';
import { AutomaticBuilds } from '../triggers/AutomaticBuilds';
import { ExportSection } from './ExportSection';
import type { MethodInput } from '../../../../shared/contract';
import { useContractMutation } from '../../api/hooks';
import { useConfirm } from '../../components/ConfirmDialog';
import { useT } from '../../i18n/use-t';
import { FormattedMessage } from 'react-intl';

export function RepositoryDetail({ repository }: { readonly repository: ImageRepository }) {
  const { t } = useT();
  const update = useContractMutation('repositories:update');
  const remove = useContractMutation('repositories:delete');
  const confirm = useConfirm();
  const [description, setDescription] = useState(repository.description);
  const [editing, setEditing] = useState(false);
  useEffect(() => setDescription(repository.description), [repository.description]);

  const save = (patch: Omit<MethodInput<'repositories:update'>, 'id'>): Promise<boolean> =>
    update.mutateAsync({ id: repository.id, ...patch }).then(
      () => true,
      () => false,
    );
  const askDelete = async () => {
    if (await confirm({ title: t('repositories.detail.deleteTitle', { name: repository.name }), body: t('repositories.detail.deleteBody'), confirmLabel: t('repositories.detail.delete'), danger: true }))
      remove.mutate({ id: repository.id }, { onSuccess: () => void (window.location.hash = '#/repositories') });
  };

  return (
    <>
      <header className="page-header">
        <p className="muted small">
          <FormattedMessage id="repositories.detail.crumb" values={{ link: (c) => <a href="#/repositories">{c}</a> }} />
        </p>
        <h1>{repository.name}</h1>
        <p className="lede">{repository.summary || t('repositories.detail.noSummary')}</p>
      </header>
      <InlineProblem problem={update.problem} onDismiss={update.reset} />
      <section className="card" aria-labelledby="basic-heading">
        <h2 id="basic-heading">{t('repositories.detail.basic')}</h2>
        <dl className="facts">
          <dt>{t('repositories.detail.pull')}</dt>
          <dd>
            <code data-testid="pull-command">docker pull {repository.reference}:latest</code>
          </dd>
          <dt>{t('repositories.page.type')}</dt>
          <dd>{repository.type === 'public' ? t('repositories.type.public') : t('repositories.type.private')}</dd>
          <dt>{t('repositories.detail.codeRepository')}</dt>
          <dd>
            <CodeRepositoryField value={repository.codeRepository} onSave={(codeRepository) => save({ codeRepository })} />
          </dd>
        </dl>
      </section>
      <RulesSection repositoryId={repository.id} codeRepository={repository.codeRepository} />
      <RepositoryBuilds repositoryId={repository.id} />
      <ImageTags repositoryId={repository.id} />
      <WebhooksSection repositoryId={repository.id} />
      <section className="card" aria-labelledby="settings-heading">
        <h2 id="settings-heading">{t('repositories.settings.title')}</h2>
        <label className="check">
          <input type="checkbox" checked={repository.autoBuild} onChange={(e) => void save({ autoBuild: e.target.checked })} /> {t('repositories.settings.autoBuild')}
        </label>
        <label className="check">
          <input type="checkbox" checked={repository.noCache} onChange={(e) => void save({ noCache: e.target.checked })} /> {t('repositories.settings.noCache')}
        </label>
        <label className="check">
          <input type="checkbox" checked={repository.cancelSuperseded} onChange={(e) => void save({ cancelSuperseded: e.target.checked })} /> {t('repositories.settings.cancelSuperseded')}
        </label>
        <BuilderChoice value={repository.builderPool} onChange={(builderPool) => void save({ builderPool })} />
      </section>
      <AutomaticBuilds repository={repository} />
      <ExportSection repositoryId={repository.id} />
      <section className="card" aria-labelledby="desc-heading">
        <div className="card-title">
          <h2 id="desc-heading">{t('repositories.detail.description')}</h2>
          {!editing ? (
            <button type="button" className="ghost" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </button>
          ) : null}
        </div>
        {editing ? (
          <div className="form">
            <textarea aria-label={t('repositories.detail.descriptionLabel')} className="wide" rows={8} value={description} onChange={(e) => setDescription(e.target.value)} />
            <div className="buttons">
              <button type="button" onClick={() => void save({ description }).then((ok) => ok && setEditing(false))}>
                {t('repositories.detail.saveDescription')}
              </button>
              <button type="button" className="ghost" onClick={() => (setDescription(repository.description), setEditing(false))}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : repository.description ? (
          <Markdown source={repository.description} />
        ) : (
          <p className="muted">{t('repositories.detail.noDescription')}</p>
        )}
      </section>
      <InlineProblem problem={remove.problem} onDismiss={remove.reset} />
      <button type="button" className="ghost danger" disabled={remove.isPending} onClick={() => void askDelete()}>
        {t('repositories.detail.delete')}
      </button>
    </>
  );
}
