import type { CallResult } from '../../../shared/contract';
import { isErrorEnvelope } from '../../../shared/errors';
import type { LinkState, Transport } from './transport';

export { takeSessionToken } from './session-token';

const unreachable: CallResult<never> = {
  ok: false,
  error: { code: 'unreachable', message: 'The Slipway host does not answer.', hint: 'Check that `npm start` is still running; the page reconnects by itself.' },
};

/**
 * Calls over HTTP, events over one WebSocket. A socket closed by the host is reopened with backoff,
 * unless the host refuses the token: the browser cannot read the upgrade's 401, so after each close
 * one call tells a host that is away (retry) from one that restarted with a new token (stop).
 */
export function createHttpTransport(token: string): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(state: LinkState) => void>();
  let state: LinkState = 'connecting';
  let socket: WebSocket | undefined;
  let retry = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setState = (next: LinkState) => {
    if (state === 'refused' || state === next) return;
    state = next;
    for (const l of linkListeners) l(next);
  };

  const refuse = () => {
    setState('refused');
    if (timer) clearTimeout(timer);
    const ws = socket;
    socket = undefined;
    ws?.close();
  };

  async function post(channel: string, input: unknown): Promise<CallResult<unknown>> {
    let response: Response;
    try {
      response = await fetch(`/api/call/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return unreachable;
    }
    const body = (await response.json().catch(() => undefined)) as CallResult<unknown> | { ok: false; error: unknown } | undefined;
    if (response.status === 401 && !closed) refuse();
    if (body && body.ok === true) return body;
    if (body && body.ok === false && isErrorEnvelope(body.error)) return { ok: false, error: body.error };
    return { ok: false, error: { code: 'internal', message: `The host answered ${response.status}.` } };
  }

  function connect(): void {
    if (closed || state === 'refused') return;
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/events`;
    const ws = new WebSocket(url, ['slipway.v1', `token.${token}`]);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      setState('open');
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
      if (socket !== ws || closed) return;
      setState('closed');
      retry = Math.min(retry + 1, 6);
      const delay = Math.min(10_000, 250 * 2 ** retry);
      // The probe's 401 (if any) moves the state to refused, which stops the retry.
      void post('app:info', {}).finally(() => {
        if (!closed && state !== 'refused') timer = setTimeout(connect, delay);
      });
    };
  }
  connect();

  return {
    kind: 'http',
    invoke: post,
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onLink(listener) {
      linkListeners.add(listener);
      listener(state);
      return () => linkListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const ws = socket;
      socket = undefined;
      ws?.close();
      linkListeners.clear();
      listeners.clear();
    },
  };
}
