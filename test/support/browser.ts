import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (Playwright cannot download its own here), quiet on a closed network.
 * Playwright gives every launch a fresh temporary profile.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.SLIPWAY_CHROMIUM ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Chromium 156 builds its omnibox popup (a WebUI page of its own) for every tab, headless or
      // not: ~80-100 ms of each newPage() here, for a part of the browser no page (and no Electron
      // window) has. Measured 6 tabs × 2 launches: 348-862 ms per tab with it, 310-582 without.
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
    ],
  });
}
