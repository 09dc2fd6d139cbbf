import type { RuleSpec, TestBeforePush as Test } from '../../../../shared/models/rule';
import type { RuleProblem } from '../../../../shared/rules';
import { Field } from '../../components/Field';

interface Props {
  readonly spec: RuleSpec;
  readonly problems: readonly RuleProblem[];
  readonly onChange: (patch: Partial<RuleSpec>) => void;
}

type Kind = Test['kind'] | 'none';

function problemFor(problems: readonly RuleProblem[], field: string): string | undefined {
  return problems.filter((p) => p.field === field).map((p) => p.message).join(' ') || undefined;
}

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
  const test = spec.test;
  return (
    <fieldset>
      <legend>Test before push</legend>
      <Field label="Test" help={test ? 'A test that exits non-zero fails the build, and nothing is pushed.' : undefined}>
        {(p) => (
          <select {...p} value={test?.kind ?? 'none'} onChange={(e) => onChange({ test: testOf(e.target.value as Kind, test) })}>
            <option value="none">None: push as soon as the image is built</option>
            <option value="command">A command in the built image</option>
            <option value="stage">A Dockerfile stage</option>
            <option value="compose">The sut service of docker-compose.test.yml</option>
          </select>
        )}
      </Field>
      {test?.kind === 'stage' ? (
        <Field label="Stage" error={problemFor(problems, 'test.stage')} help={<>Built like the image, up to <code>FROM … AS {test.stage || 'name'}</code>, then run.</>}>
          {(p) => <input {...p} className="mono" value={test.stage} onChange={(e) => onChange({ test: { ...test, stage: e.target.value } })} spellCheck={false} />}
        </Field>
      ) : null}
      {test?.kind === 'command' || test?.kind === 'stage' ? (
        <Field
          label={test.kind === 'stage' ? 'Command (optional)' : 'Command'}
          error={problemFor(problems, 'test.command')}
          help={<>Run as <code>/bin/sh -c</code> with the build’s variables (SOURCE_BRANCH, IMAGE_NAME…) in its environment.{test.kind === 'stage' ? ' Empty runs the stage’s own command.' : ''}</>}
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
          Reads <code>docker-compose.test.yml</code> beside the Dockerfile (or in the build context) and runs its <code>sut</code> service, built from the repository or on the image under test (<code>image: ${'{IMAGE_NAME}'}</code>). Other services, volumes and ports are not run.
        </p>
      ) : null}
    </fieldset>
  );
}
