import { startEarlyNavigation } from './early-navigation';

// Built on its own as a classic script (scripts/boot-shell.tsx), loaded async from index.html.
startEarlyNavigation(document, window, navigator.platform.toLowerCase().includes('mac'));
