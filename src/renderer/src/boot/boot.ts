import { shortcutsUseMeta } from '../app/routes';
import { startEarlyNavigation } from './early-navigation';
import { warmHostAfterFirstFrame } from './warm-host';

// Built on its own as a classic script (scripts/boot-shell.tsx), loaded first and deferred from index.html's <head>.
startEarlyNavigation(document, window, shortcutsUseMeta(navigator.platform));
warmHostAfterFirstFrame(window);
