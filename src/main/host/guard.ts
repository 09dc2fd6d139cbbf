import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The headless host listens on loopback, but loopback is shared by every local user and reachable
 * by any web page through DNS rebinding. So each request must name our exact Host, come from our
 * own origin if it comes from a browser at all, and carry the per-start session token.
 */
export class RequestGuard {
  readonly #token: Buffer;
  #hosts: Set<string> = new Set();
  #origins: Set<string> = new Set();

  constructor(token: string) {
    this.#token = Buffer.from(token, 'utf8');
  }

  /** Called once the port is known. */
  listenOn(port: number): void {
    const names = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
    this.#hosts = new Set(names);
    this.#origins = new Set(names.map((name) => `http://${name}`));
  }

  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return typeof host === 'string' && this.#hosts.has(host.toLowerCase());
  }

  /** Requests from non-browser clients carry no Origin; browsers always send it on POST and WebSocket. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.#origins.has(origin.toLowerCase());
  }

  tokenMatches(candidate: string | undefined): boolean {
    if (candidate === undefined) return false;
    const given = Buffer.from(candidate, 'utf8');
    return given.length === this.#token.length && timingSafeEqual(given, this.#token);
  }

  bearer(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization;
    if (typeof header !== 'string') return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
}

/** The WebSocket API lets a browser set no header but the subprotocol list: the token rides there. */
export const wsProtocol = 'slipway.v1';
export const wsTokenPrefix = 'token.';
