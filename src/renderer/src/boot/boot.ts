import { keepSessionToken } from '../api/session-token';
import { shortcutsUseMeta } from '../app/routes';
import { startEarlyNavigation } from './early-navigation';
import { noteFrameFocus } from './keep-focus';
import { appScriptsOf, startAppAfterFirstFrame } from './start-app';
import { warmHost } from './warm-host';

// Built on its own as a classic script (scripts/boot-shell.tsx), loaded first and deferred from index.html's <head>.
// Read first: document.currentScript is this script's tag only while it runs.
const app = appScriptsOf(document.currentScript);
try {
  keepSessionToken(window.location.hash, window.sessionStorage);
} catch {
  // Storage refused (a sandboxed frame): the app takes the token from the address as before.
}
startEarlyNavigation(document, window, shortcutsUseMeta(navigator.platform));
noteFrameFocus(document);
// The host is told once the app's files are asked for: it serves them before it reads its core.
startAppAfterFirstFrame(document, window, app, () => window.setTimeout(() => warmHost(window), 0));
