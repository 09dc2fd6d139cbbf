import { routeFromHash } from '../app/routes';

const tokenKey = 'slipway.sessionToken';
const tokenHash = /^#token=([A-Za-z0-9_-]+)/;

/** Set on <html> by the boot script when a page was asked for before the token was taken (boot/). */
export const earlyRouteAttribute = 'data-early-route';

export function carriesSessionToken(hash: string): boolean {
  return sessionTokenIn(hash) !== undefined;
}

/** The token the host's printed address carries in its fragment, if this one does. */
export function sessionTokenIn(hash: string): string | undefined {
  return tokenHash.exec(hash)?.[1];
}

/**
 * The boot script keeps the address's token for the tab at once (boot/boot.ts): the app's script
 * starts only once the frame is painted, and an address changed meanwhile (a link opened, a hash
 * typed) would otherwise take the token with it, and the app would open locked.
 */
export function keepSessionToken(hash: string, storage: Pick<Storage, 'setItem'>): void {
  const token = sessionTokenIn(hash);
  if (token) storage.setItem(tokenKey, token);
}

/** Where the app opens once the token is out of the address: the page asked for early, or the first. */
function landing(): string {
  const early = document.documentElement.getAttribute(earlyRouteAttribute);
  document.documentElement.removeAttribute(earlyRouteAttribute);
  return `#/${routeFromHash(`#/${early ?? ''}`)}`;
}

/**
 * The headless host prints http://127.0.0.1:PORT/#token=…: the fragment never leaves the browser,
 * so the token is taken from it, kept for this tab only, and removed from the address bar.
 */
export function takeSessionToken(): string | undefined {
  const match = tokenHash.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, '', `${window.location.pathname}${landing()}`);
    return match[1];
  }
  return sessionStorage.getItem(tokenKey) ?? undefined;
}

/**
 * Pasting the newly printed address into the same tab changes only the fragment, so no page load
 * happens: the new token is taken from the hashchange, and the page stays where it was. Register
 * this before any other hashchange listener so they read the restored route, not the token.
 */
export function watchSessionToken(onToken: (token: string) => void): () => void {
  let route = tokenHash.test(window.location.hash) ? '#/code-source' : window.location.hash || '#/code-source';
  const onHash = () => {
    const match = tokenHash.exec(window.location.hash);
    if (!match?.[1]) {
      route = window.location.hash;
      return;
    }
    sessionStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, '', `${window.location.pathname}${route}`);
    onToken(match[1]);
  };
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}
