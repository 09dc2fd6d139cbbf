import type { RuleSpec } from '../../../../shared/models/rule';
import { toDockerHub } from '../../../../shared/rules/dockerhub';
import './dockerhub.css';

interface Props {
  readonly spec: RuleSpec;
  readonly onChange: (patch: Partial<RuleSpec>) => void;
}

/**
 * The rule's Docker Hub side: how Docker Hub would write it (when it can say it at all), and its
 * two per-rule toggles. Left out of a spec, both toggles mean on, as on Docker Hub.
 */
export function DockerHubOptions({ spec, onChange }: Props) {
  const hub = toDockerHub(spec);
  return (
    <fieldset>
      <legend>Docker Hub options</legend>
      {hub ? (
        <p className="hub-notation small" data-testid="docker-hub-notation">
          On Docker Hub this rule reads:{' '}
          <code>
            {hub.sourceType} {hub.source} → {hub.dockerTag}
          </code>
          <span className="muted">
            {' '}
            (Dockerfile location <code>{hub.dockerfileLocation}</code>, build context <code>{hub.buildContext}</code>)
          </span>
        </p>
      ) : (
        <p className="muted small">Docker Hub cannot write this rule: it uses named groups, a build time, a commit id or a placeholder Docker Hub does not have.</p>
      )}
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={spec.autobuild !== false} onChange={(e) => onChange({ autobuild: e.target.checked })} /> Build on push (Autobuild)
        </label>
        <label className="check">
          <input type="checkbox" checked={spec.buildCache !== false} onChange={(e) => onChange({ buildCache: e.target.checked })} /> Use the build cache
        </label>
      </div>
      {spec.autobuild === false ? <p className="muted small">A push does not start this rule; only Build on the rules list does.</p> : null}
    </fieldset>
  );
}
