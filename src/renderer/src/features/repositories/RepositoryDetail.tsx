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
import { useCatalog } from '../../app/context';
import type { Problem } from '../../store/app-store';

export function RepositoryDetail({ repository }: { readonly repository: ImageRepository }) {
  const update = useCatalog((s) => s.updateRepository);
  const remove = useCatalog((s) => s.deleteRepository);
  const [description, setDescription] = useState(repository.description);
  const [editing, setEditing] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  useEffect(() => setDescription(repository.description), [repository.description]);

  const save = async (patch: Omit<Parameters<typeof update>[0], 'id'>) => {
    const outcome = await update({ id: repository.id, ...patch });
    setProblem(outcome.ok ? undefined : outcome.problem);
    return outcome.ok;
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
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
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
      <button
        type="button"
        className="ghost danger"
        onClick={() => {
          if (window.confirm(`Delete "${repository.name}" from Slipway? Images in the registry stay.`)) void remove(repository.id).then((o) => (o.ok ? (window.location.hash = '#/repositories') : setProblem(o.problem)));
        }}
      >
        Delete repository
      </button>
    </>
  );
}
