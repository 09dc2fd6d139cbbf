import type { CallResult } from '../../../shared/contract';
import { isErrorEnvelope } from '../../../shared/errors';
import type { LinkState, Transport } from './transport';

export { takeSessionToken } from './session-token';

const unreachable: CallResult<never> = {
  ok: false,
  error: { code: 'unreachable', message: 'The Slipway host does not answer.', hint: 'Check that `npm start` is still running; the page reconnects by itself.' },
};

/** A call waiting for the end of the task it was made in, to go out with the others made in it. */
interface Queued {
  readonly channel: string;
  /** The input as JSON. */
  readonly body: string;
  readonly answer: (result: CallResult<unknown>) => void;
}

/** As the host takes them (server.ts): up to 32 calls, in a body well under its 1 MB limit. */
const maxBatch = 32;
const maxBatchedInput = 64 * 1024;
const maxBatchBody = 512 * 1024;

/**
 * Calls over HTTP, events over one WebSocket. Calls made in one task (a page's hooks as it mounts,
 * the reads asked for with a page) go out as one request and come back one line each (issue 15).
 * A socket closed by the host is reopened with backoff, unless the host refuses the token: the
 * browser cannot read the upgrade's 401, so after each close one call tells a host that is away
 * (retry) from one that restarted with a new token (stop).
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

  const send = (path: string, body: string): Promise<Response> =>
    fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });

  /** One answer as the host wrote it, or what to say when it is not one. */
  const answerOf = (body: unknown, status: number): CallResult<unknown> => {
    const reply = body as CallResult<unknown> | { ok: false; error: unknown } | undefined;
    if (reply && reply.ok === true) return reply;
    if (reply && reply.ok === false && isErrorEnvelope(reply.error)) return { ok: false, error: reply.error };
    return { ok: false, error: { code: 'internal', message: `The host answered ${status}.` } };
  };

  async function post(channel: string, inputJson: string): Promise<CallResult<unknown>> {
    let response: Response;
    try {
      response = await send(`/api/call/${channel}`, inputJson);
    } catch {
      return unreachable;
    }
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (response.status === 401 && !closed) refuse();
    return answerOf(body, response.status);
  }

  async function postBatch(calls: readonly Queued[]): Promise<void> {
    const waiting = new Set(calls.map((_, i) => i));
    const answer = (i: number, result: CallResult<unknown>) => {
      if (!waiting.delete(i)) return;
      calls[i]?.answer(result);
    };
    const answerRest = (result: CallResult<unknown>) => {
      for (const i of [...waiting]) answer(i, result);
    };
    let response: Response;
    try {
      response = await send('/api/calls', `{"calls":[${calls.map((c) => `{"channel":${JSON.stringify(c.channel)},"input":${c.body}}`).join(',')}]}`);
    } catch {
      answerRest(unreachable);
      return;
    }
    if (!response.ok || !response.body) {
      // A refusal (the token, the origin) is one envelope for the whole request.
      const body = (await response.json().catch(() => undefined)) as unknown;
      if (response.status === 401 && !closed) refuse();
      answerRest(answerOf(body, response.status));
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        let end: number;
        while ((end = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          const parsed = JSON.parse(line) as { i?: unknown; result?: unknown };
          if (typeof parsed.i === 'number') answer(parsed.i, answerOf(parsed.result, response.status));
        }
      }
    } catch {
      answerRest(unreachable);
      return;
    }
    // The host ended the answer without one of them: it went away mid-way.
    answerRest(unreachable);
  }

  let queue: Queued[] = [];
  const flush = () => {
    const calls = queue;
    queue = [];
    let batch: Queued[] = [];
    let size = 0;
    const sendBatch = () => {
      const [only] = batch;
      if (batch.length === 1 && only) void post(only.channel, only.body).then(only.answer);
      else if (batch.length > 1) void postBatch(batch);
      batch = [];
      size = 0;
    };
    for (const call of calls) {
      if (batch.length === maxBatch || size + call.body.length > maxBatchBody) sendBatch();
      batch.push(call);
      size += call.body.length;
    }
    sendBatch();
  };

  function invoke(channel: string, input: unknown): Promise<CallResult<unknown>> {
    const body = JSON.stringify(input ?? {});
    // A large input (a certificate, a long Dockerfile) goes alone, under the host's per-call limit.
    if (body.length > maxBatchedInput) return post(channel, body);
    return new Promise((answer) => {
      queue.push({ channel, body, answer });
      if (queue.length === 1) queueMicrotask(flush);
    });
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
      void post('app:info', '{}').finally(() => {
        if (!closed && state !== 'refused') timer = setTimeout(connect, delay);
      });
    };
  }
  connect();

  return {
    kind: 'http',
    invoke,
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
