import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature, signatureHeader, type SignatureCheck } from './signing';
import { readBody } from '../http/read-body';

export interface ReceivedRequest {
  readonly at: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly signature: SignatureCheck;
}

export interface TestReceiverOptions {
  /** Where the port and inbox are kept, so saved webhook addresses still work after a restart. */
  readonly stateFile: string;
  /** The secret of the webhook named in X-Slipway-Webhook, to check the signature as a receiver would. */
  readonly secretFor: (webhookId: string) => string | undefined;
  readonly log: (line: string) => void;
}

interface State {
  port: number;
  inbox: string;
}

const maxBody = 1024 * 1024;

/**
 * Slipway's own receiver on 127.0.0.1, so a user can watch a delivery arrive without any other
 * service. It lives in core (not in the headless host) so the desktop app has it too. It answers
 * 200 with what it saw, or 401 when a signed delivery does not verify.
 */
export class TestReceiver {
  readonly #options: TestReceiverOptions;
  #server: Server | undefined;
  #starting: Promise<string> | undefined;
  #received: ReceivedRequest[] = [];
  #closed = false;

  constructor(options: TestReceiverOptions) {
    this.#options = options;
  }

  /** Starts it again at its saved address when it was used before, so pending deliveries to it land. */
  resumeIfUsed(): void {
    if (existsSync(this.#options.stateFile)) void this.url().catch((error: unknown) => this.#options.log(`test receiver: ${String(error)}`));
  }

  url(): Promise<string> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  /** The newest requests it got, newest last (bounded). */
  received(): readonly ReceivedRequest[] {
    return this.#received;
  }

  async #start(): Promise<string> {
    const saved = this.#readState();
    const inbox = saved?.inbox ?? randomBytes(9).toString('base64url');
    const server = createServer((req, res) => void this.#handle(inbox, req, res));
    let port: number;
    try {
      port = await listen(server, saved?.port ?? 0);
    } catch {
      // The saved port is taken now: take another one. Addresses saved with the old one must be updated.
      port = await listen(server, 0);
    }
    if (this.#closed) {
      server.close();
      throw new Error('closed');
    }
    this.#server = server;
    if (saved?.port !== port || saved.inbox !== inbox) writeFileSync(this.#options.stateFile, JSON.stringify({ port, inbox } satisfies State), { mode: 0o600 });
    return `http://127.0.0.1:${port}/hooks/test/${inbox}`;
  }

  #readState(): State | undefined {
    try {
      const value = JSON.parse(readFileSync(this.#options.stateFile, 'utf8')) as Partial<State>;
      if (typeof value.port === 'number' && typeof value.inbox === 'string' && /^[\w-]{8,64}$/.test(value.inbox)) return { port: value.port, inbox: value.inbox };
    } catch {
      // Missing or unreadable: start afresh.
    }
    return undefined;
  }

  async #handle(inbox: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== `/hooks/test/${inbox}`) return answer(res, 404, { received: false, message: 'No such test inbox: copy the address from Slipway again.' });
    if (req.method !== 'POST') return answer(res, 405, { received: false, message: 'Deliveries are POSTed.' });
    const body = await readBody(req, maxBody).catch(() => null);
    if (body === null) return answer(res, 413, { received: false, message: 'The body is larger than the test receiver keeps.' });
    const header = req.headers[signatureHeader.toLowerCase()];
    const webhookId = req.headers['x-slipway-webhook'];
    const secret = typeof webhookId === 'string' ? this.#options.secretFor(webhookId) : undefined;
    const signature: SignatureCheck = secret ? verifySignature(secret, body, typeof header === 'string' ? header : undefined, Date.now() / 1000) : header ? 'invalid' : 'absent';
    this.#received = [...this.#received.slice(-49), { at: new Date().toISOString(), headers: req.headers, body, signature }];
    let json = false;
    try {
      JSON.parse(body);
      json = true;
    } catch {
      json = false;
    }
    const ok = signature === 'valid' || signature === 'absent';
    answer(res, ok ? 200 : 401, {
      received: ok,
      bytes: Buffer.byteLength(body),
      json,
      event: req.headers['x-slipway-event'] ?? null,
      delivery: req.headers['x-slipway-delivery'] ?? null,
      signature,
      message: ok ? (signature === 'valid' ? 'Received; the signature verifies.' : 'Received (unsigned: the webhook has no secret).') : `The signature is ${signature}: this is what a receiver that checks signatures would refuse.`,
    });
  }

  close(): void {
    this.#closed = true;
    const server = this.#server;
    this.#server = undefined;
    if (server) {
      server.closeAllConnections();
      server.close();
    }
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(data)), 'Cache-Control': 'no-store' });
  res.end(data);
}
