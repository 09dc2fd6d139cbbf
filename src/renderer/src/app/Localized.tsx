import type { ReactNode } from 'react';
import { useContractQuery } from '../api/hooks';
import { I18nProvider } from '../i18n/I18nProvider';

/** The language the user chose in Settings (the system's until the preferences arrive). */
export function Localized({ children }: { readonly children: ReactNode }) {
  const choice = useContractQuery('settings:get', {}).data?.language ?? 'system';
  return <I18nProvider choice={choice}>{children}</I18nProvider>;
}
