import { FormattedMessage } from 'react-intl';
import type { RuleSpec, TestBeforePush as Test } from '../../../../shared/models/rule';
import type { RuleProblem } from '../../../../shared/rules';
import { Field } from '../../components/Field';
import { useT } from '../../i18n/use-t';
import { problemFor } from './field-problems';

interface Props {
  readonly spec: RuleSpec;
  readonly problems: readonly RuleProblem[];
  readonly onChange: (patch: Partial<RuleSpec>) => void;
}

type Kind = Test['kind'] | 'none';

const code = (chunks: React.ReactNode[]) => <code>{chunks}</code>;

/** Switching kinds keeps what was typed where the new kind has the same field. */
function testOf(kind: Kind, current: Test | undefined): Test | undefined {
  const command = current && current.kind !== 'compose' ? current.command : undefined;
  if (kind === 'command') return { kind, command: command ?? '' };
  if (kind === 'stage') return { kind, stage: current?.kind === 'stage' ? current.stage : 'test', ...(command ? { command } : {}) };
  if (kind === 'compose') return { kind };
  return undefined;
}

/** The rule's test before push: what runs on the built image before anything is pushed. */
export function TestBeforePush({ spec, problems, onChange }: Props) {
  const { t, word } = useT();
  const test = spec.test;
  return (
    <fieldset>
      <legend>{t('rules.test.legend')}</legend>
      <Field label={t('rules.test.label')} help={test ? t('rules.test.help') : undefined}>
        {(p) => (
          <select {...p} value={test?.kind ?? 'none'} onChange={(e) => onChange({ test: testOf(e.target.value as Kind, test) })}>
            <option value="none">{t('rules.test.none')}</option>
            <option value="command">{t('rules.test.command')}</option>
            <option value="stage">{t('rules.test.stage')}</option>
            <option value="compose">{t('rules.test.compose')}</option>
          </select>
        )}
      </Field>
      {test?.kind === 'stage' ? (
        <Field label={t('rules.test.stageLabel')} error={problemFor(problems, 'test.stage', word)} help={<FormattedMessage id="rules.test.stageHelp" values={{ code, stage: test.stage || 'name' }} />}>
          {(p) => <input {...p} className="mono" value={test.stage} onChange={(e) => onChange({ test: { ...test, stage: e.target.value } })} spellCheck={false} />}
        </Field>
      ) : null}
      {test?.kind === 'command' || test?.kind === 'stage' ? (
        <Field
          label={test.kind === 'stage' ? t('rules.test.commandOptionalLabel') : t('rules.test.commandLabel')}
          error={problemFor(problems, 'test.command', word)}
          help={<FormattedMessage id={test.kind === 'stage' ? 'rules.test.commandHelpStage' : 'rules.test.commandHelp'} values={{ code }} />}
        >
          {(p) => (
            <input
              {...p}
              className="wide mono"
              value={test.command ?? ''}
              onChange={(e) => onChange({ test: test.kind === 'stage' && e.target.value === '' ? { kind: 'stage', stage: test.stage } : { ...test, command: e.target.value } })}
              spellCheck={false}
            />
          )}
        </Field>
      ) : null}
      {test?.kind === 'compose' ? (
        <p className="muted small">
          <FormattedMessage id="rules.test.composeHelp" values={{ code, variable: '${IMAGE_NAME}' }} />
        </p>
      ) : null}
    </fieldset>
  );
}
