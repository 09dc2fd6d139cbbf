import type { RuleSpec } from '../../../../shared/models/rule';
import { toDockerHub } from '../../../../shared/rules/dockerhub';
import { FormattedMessage } from 'react-intl';
import { useT } from '../../i18n/use-t';
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
  const { t } = useT();
  const hub = toDockerHub(spec);
  return (
    <fieldset>
      <legend>{t('rules.hubOptions.legend')}</legend>
      {hub ? (
        <p className="hub-notation small" data-testid="docker-hub-notation">
          <FormattedMessage
            id="rules.hubOptions.notation"
            values={{
              rule: <code>{t('rules.hubOptions.rule', { sourceType: hub.sourceType, source: hub.source, dockerTag: hub.dockerTag })}</code>,
              where: (chunks) => <span className="muted">{chunks}</span>,
              dockerfile: <code>{hub.dockerfileLocation}</code>,
              context: <code>{hub.buildContext}</code>,
            }}
          />
        </p>
      ) : (
        <p className="muted small">{t('rules.hubOptions.cannotWrite')}</p>
      )}
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={spec.autobuild !== false} onChange={(e) => onChange({ autobuild: e.target.checked })} /> {t('rules.hubOptions.autobuild')}
        </label>
        <label className="check">
          <input type="checkbox" checked={spec.buildCache !== false} onChange={(e) => onChange({ buildCache: e.target.checked })} /> {t('rules.hubOptions.buildCache')}
        </label>
      </div>
      {spec.autobuild === false ? <p className="muted small">{t('rules.hubOptions.autobuildOff')}</p> : null}
    </fieldset>
  );
}
