import { useState } from 'react';
import type { RuleSpec } from '../../../../shared/models/rule';
import type { RuleProblem } from '../../../../shared/rules';
import { Field } from '../../components/Field';
import { useT } from '../../i18n/use-t';

type PathField = 'includedPaths' | 'ignoredPaths';

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** A rule's optional path filters, one glob per line, as Cloud Build has them. */
export function PathFilters({ spec, problems, onChange }: { readonly spec: RuleSpec; readonly problems: readonly RuleProblem[]; readonly onChange: (patch: Partial<RuleSpec>) => void }) {
  const { t, word } = useT();
  const [text, setText] = useState<Record<PathField, string>>({ includedPaths: (spec.includedPaths ?? []).join('\n'), ignoredPaths: (spec.ignoredPaths ?? []).join('\n') });
  const errorFor = (field: PathField) => problems.filter((p) => p.field.startsWith(`${field}[`)).map((p) => word(p.phrase)).join(' ') || undefined;
  const field = (name: PathField, label: string, help: string) => (
    <Field label={label} help={help} error={errorFor(name)}>
      {(p) => (
        <textarea
          {...p}
          className="mono"
          rows={3}
          value={text[name]}
          spellCheck={false}
          onChange={(e) => {
            setText({ ...text, [name]: e.target.value });
            onChange({ [name]: lines(e.target.value) });
          }}
        />
      )}
    </Field>
  );
  return (
    <fieldset>
      <legend>{t('triggers.paths.legend')}</legend>
      <div className="row">
        {field('includedPaths', t('triggers.paths.included'), t('triggers.paths.includedHelp'))}
        {field('ignoredPaths', t('triggers.paths.ignored'), t('triggers.paths.ignoredHelp'))}
      </div>
    </fieldset>
  );
}
