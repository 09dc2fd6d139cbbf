import { useState, type FormEvent } from 'react';
import { builderSettingsInputSchema, maxBuilderCapacity, minBuilderCapacity, type BuilderView } from '../../../../shared/models/builder';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';
import type { Text } from '../../../../shared/i18n/phrase';
import { useContractMutation } from '../../api/hooks';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { SaveButton } from '../../components/SaveButton';
import { useT } from '../../i18n/use-t';

type FieldName = 'capacity' | 'nativePlatforms';

/** Capacity and declared native platforms of one builder, checked here and again by main. */
export function BuilderSettingsForm({ id: formId, builder }: { readonly id: string; readonly builder: BuilderView }) {
  const { t } = useT();
  const update = useContractMutation('builders:update');
  const [capacity, setCapacity] = useState(String(builder.capacity));
  const [platforms, setPlatforms] = useState(builder.declaredPlatforms.join(', '));
  const [errors, setErrors] = useState<Partial<Record<FieldName, Text>>>({});
  const [saved, setSaved] = useState(false);
  const name = builder.kind === 'local' ? t('settings.builders.localEngine') : builder.name;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      id: builder.id,
      capacity: capacity.trim() === '' ? Number.NaN : Number(capacity),
      nativePlatforms: platforms.split(/[\s,]+/).filter(Boolean),
    };
    const parsed = builderSettingsInputSchema.safeParse(input);
    if (!parsed.success) {
      const found: Partial<Record<FieldName, Text>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'capacity' ? 'capacity' : 'nativePlatforms';
        found[field] ??= field === 'capacity' ? t('builders.validation.capacity') : issuePhrase(issue);
      }
      setErrors(found);
      return;
    }
    setErrors({});
    update.mutate(parsed.data, { onSuccess: () => setSaved(true) });
  };
  const changed = () => {
    setSaved(false);
    update.reset();
  };

  return (
    <form id={formId} className="form builder-settings" onSubmit={submit} noValidate aria-label={t('settings.builders.settingsOf', { name })}>
      <Field label={t('settings.builders.capacity', { min: minBuilderCapacity, max: maxBuilderCapacity })} error={errors.capacity}>
        {(props) => <input {...props} className="narrow" inputMode="numeric" value={capacity} onChange={(e) => (setCapacity(e.target.value), changed())} />}
      </Field>
      <Field label={t('settings.builders.declaredField')} help={t('settings.builders.declaredHelp')} error={errors.nativePlatforms}>
        {(props) => (
          <input {...props} value={platforms} placeholder={t('settings.builders.declaredPlaceholder', { example: 'linux/arm64' })} onChange={(e) => (setPlatforms(e.target.value), changed())} />
        )}
      </Field>
      <InlineProblem problem={update.problem} onDismiss={update.reset} />
      <div className="buttons">
        <SaveButton pending={update.isPending} saved={saved} />
      </div>
    </form>
  );
}
