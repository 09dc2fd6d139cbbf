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

export function RepositoryDetail({ repository }: { readonly repository: ImageRepository }) {
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
    if (await confirm({ title: `Delete “${repository.name}” from Slipway?`, body: 'Images in the registry stay.', confirmLabel: 'Delete repository', danger: true }))
      remove.mutate({ id: repository.id }, { onSuccess: () => void (window.location.hash = '#/repositories') });
  };

  return (
    <>
      <header className="page-header">
        <p className="muted small">
          <a href="#/repositories">Repositories</a> /
        </p>
        <h1>{repository.name}</h1>
        <p className="lede">{repository.summary || 'No summary.'}</p>
      </header>
      <InlineProblem problem={update.problem} onDismiss={update.reset} />
      <section className="card" aria-labelledby="basic-heading">
        <h2 id="basic-heading">Basic information</h2>
        <dl className="facts">
          <dt>Pull</dt>
          <dd>
            <code data-testid="pull-command">docker pull {repository.reference}:latest</code>
          </dd>
          <dt>Type</dt>
          <dd>{repository.type === 'public' ? 'Public' : 'Private'}</dd>
          <dt>Code repository</dt>
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
        <h2 id="settings-heading">Build settings</h2>
        <label className="check">
          <input type="checkbox" checked={repository.autoBuild} onChange={(e) => void save({ autoBuild: e.target.checked })} /> Automatically build images when code changes
        </label>
        <label className="check">
          <input type="checkbox" checked={repository.noCache} onChange={(e) => void save({ noCache: e.target.checked })} /> Build without cache
        </label>
        <label className="check">
          <input type="checkbox" checked={repository.cancelSuperseded} onChange={(e) => void save({ cancelSuperseded: e.target.checked })} /> Cancel a running build when a newer commit of the same rule arrives
        </label>
        <BuilderChoice value={repository.builderId} onChange={(builderId) => void save({ builderId })} />
      </section>
      <AutomaticBuilds repository={repository} />
      <ExportSection repositoryId={repository.id} />
      <section className="card" aria-labelledby="desc-heading">
        <div className="card-title">
          <h2 id="desc-heading">Description</h2>
          {!editing ? (
            <button type="button" className="ghost" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
        </div>
        {editing ? (
          <div className="form">
            <textarea aria-label="Description (Markdown)" className="wide" rows={8} value={description} onChange={(e) => setDescription(e.target.value)} />
            <div className="buttons">
              <button type="button" onClick={() => void save({ description }).then((ok) => ok && setEditing(false))}>
                Save description
              </button>
              <button type="button" className="ghost" onClick={() => (setDescription(repository.description), setEditing(false))}>
                Cancel
              </button>
            </div>
          </div>
        ) : repository.description ? (
          <Markdown source={repository.description} />
        ) : (
          <p className="muted">No description yet. Markdown is supported.</p>
        )}
      </section>
      <InlineProblem problem={remove.problem} onDismiss={remove.reset} />
      <button type="button" className="ghost danger" disabled={remove.isPending} onClick={() => void askDelete()}>
        Delete repository
      </button>
    </>
  );
}
