import { useId } from 'react';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { systemLocale } from '../../i18n/I18nProvider';
import { useT } from '../../i18n/use-t';
import { localeNames, supportedLocales, type LanguageChoice } from '../../../../shared/i18n/locales';

/** Language choice; applies at once (the provider re-renders from the saved preference). */
export function LanguagePicker() {
  const { t } = useT();
  const id = useId();
  const preferences = useContractQuery('settings:get', {}).data;
  const language = useContractMutation('settings:update');
  const system = systemLocale();
  return (
    <>
      <div className="inline-form">
        <label htmlFor={id}>{t('language.label')}</label>
        <select id={id} name="language" value={preferences?.language ?? 'system'} onChange={(e) => language.mutate({ language: e.target.value as LanguageChoice })}>
          <option value="system">{t('language.choice.system', { language: system === 'en-XA' ? system : localeNames[system] })}</option>
          {supportedLocales.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {localeNames[locale]}
            </option>
          ))}
        </select>
      </div>
      <InlineProblem problem={language.problem} onDismiss={language.reset} />
    </>
  );
}
