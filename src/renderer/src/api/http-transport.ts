import type { CallResult } from '../../../shared/contract';
import { isErrorEnvelope } from '../../../shared/errors';
import type { Transport } from './transport';

const tokenKey = 'slipway.sessionToken';

/**
 * The headless host prints http://127.0.0.1:PORT/#token=…: the fragment never leaves the browser,
 * so the token is taken from it once, kept for this tab only, and removed from the address bar.
 */
export function takeSessionToken(): string | undefined {
  const match = /^#token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, '', `${window.location.pathname}#/code-source`);
    return match[1];
  }
  return sessionStorage.getItem(tokenKey) ?? undefined;
}

export function createHttpTransport(token: string): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocket | undefined;
  let retry = 0;

  function connect(): void {
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/events`;
    const ws = new WebSocket(url, ['slipway.v1', `token.${token}`]);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      for (const l of connectionListeners) l(true);
    };
    ws.onmessage = (message) => {
      try {
        const data = JSON.parse(String(message.data)) as { event?: unknown; payload?: unknown };
        if (typeof data.event !== 'string') return;
        for (const l of listeners.get(data.event) ?? []) l(data.payload);
      } catch {
        // A malformed frame is dropped; the next one may be fine.
      }
    };
    ws.onclose = () => {
      for (const l of connectionListeners) l(false);
      // Back off up to 10 s: the host may be restarting.
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, Math.min(10_000, 250 * 2 ** retry));
    };
  }
  connect();

  return {
    kind: 'http',
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetch(`/api/call/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'unreachable', message: 'The Slipway host does not answer.', hint: 'Check that `npm start` is still running, then reload.' } };
      }
      const body = (await response.json().catch(() => undefined)) as CallResult<unknown> | { ok: false; error: unknown } | undefined;
      if (body && body.ok === true) return body;
      if (body && body.ok === false && isErrorEnvelope(body.error)) return { ok: false, error: body.error };
      return { ok: false, error: { code: 'internal', message: `The host answered ${response.status}.` } };
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      if (socket?.readyState === WebSocket.OPEN) listener(true);
      return () => connectionListeners.delete(listener);
    },
  };
}
