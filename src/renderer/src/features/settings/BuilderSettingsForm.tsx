import { useId, useState, type FormEvent } from 'react';
import { builderSettingsInputSchema, maxBuilderCapacity, minBuilderCapacity, type BuilderView } from '../../../../shared/models/builder';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';
import type { Text } from '../../../../shared/i18n/phrase';
import { useContractMutation } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { useT } from '../../i18n/use-t';

type Field = 'capacity' | 'nativePlatforms';

/** Capacity and declared native platforms of one builder, checked here and again by main. */
export function BuilderSettingsForm({ id: formId, builder }: { readonly id: string; readonly builder: BuilderView }) {
  const { t, word } = useT();
  const update = useContractMutation('builders:update');
  const id = useId();
  const [capacity, setCapacity] = useState(String(builder.capacity));
  const [platforms, setPlatforms] = useState(builder.declaredPlatforms.join(', '));
  const [errors, setErrors] = useState<Partial<Record<Field, Text>>>({});
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
      const found: Partial<Record<Field, Text>> = {};
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
  const described = (field: Field) => (errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${field}-error` } : {});
  const changed = () => {
    setSaved(false);
    update.reset();
  };

  return (
    <form id={formId} className="form builder-settings" onSubmit={submit} noValidate aria-label={t('settings.builders.settingsOf', { name })}>
      <label className="field">
        <span>{t('settings.builders.capacity', { min: minBuilderCapacity, max: maxBuilderCapacity })}</span>
        <input className="narrow" inputMode="numeric" value={capacity} {...described('capacity')} onChange={(e) => (setCapacity(e.target.value), changed())} />
      </label>
      {errors.capacity ? (
        <p id={`${id}-capacity-error`} className="field-error" role="alert">
          {word(errors.capacity)}
        </p>
      ) : null}
      <label className="field">
        <span>{t('settings.builders.declaredField')}</span>
        <input
          value={platforms}
          placeholder={t('settings.builders.declaredPlaceholder', { example: 'linux/arm64' })}
          {...described('nativePlatforms')}
          onChange={(e) => (setPlatforms(e.target.value), changed())}
        />
      </label>
      {errors.nativePlatforms ? (
        <p id={`${id}-nativePlatforms-error`} className="field-error" role="alert">
          {word(errors.nativePlatforms)}
        </p>
      ) : null}
      <p className="muted small">{t('settings.builders.declaredHelp')}</p>
      <InlineProblem problem={update.problem} onDismiss={update.reset} />
      <div className="buttons">
        <button type="submit" disabled={update.isPending}>
          {t('common.save')}
        </button>
        {saved ? (
          <span className="ok" role="status">
            {t('common.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
