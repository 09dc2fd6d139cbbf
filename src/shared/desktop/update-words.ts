import type { MessageKey } from '../i18n/catalogs';
import type { UpdateState } from './update-status';

/** The words for each update state, shared by the settings page and anything else that names one. */
export const updateStateKeys: Readonly<Record<UpdateState, MessageKey>> = {
  unsupported: 'desktop.update.state.unsupported',
  idle: 'desktop.update.state.idle',
  checking: 'desktop.update.state.checking',
  'up-to-date': 'desktop.update.state.upToDate',
  downloading: 'desktop.update.state.downloading',
  ready: 'desktop.update.state.ready',
  error: 'desktop.update.state.error',
};
