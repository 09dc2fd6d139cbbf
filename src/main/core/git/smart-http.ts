/**
 * `git ls-remote --heads --tags` for an http(s) remote, spoken from Node: git's smart HTTP protocol
 * (gitprotocol-http, gitprotocol-v2) over kept-alive connections, instead of a git process per check.
 * Protocol v2 when the server speaks it (`ls-refs` with `peel` and prefixes for branches and tags),
 * else the v0 advertisement the discovery request already returned; a remote known to speak v2 gets
 * its `ls-refs` at once, one request per check. The login goes in an Authorization header to the
 * remote's own origin only (as git's `http.<origin>.extraHeader`), the bound CA (else the bundle
 * GIT_SSL_CAINFO names) is the only one trusted (as `http.sslCAInfo`), and failures read as git's.
 *
 * What it does not handle it hands back as NeedsGitProcess, and the caller runs git: dumb HTTP, a
 * redirect git would treat differently, an answer that is not git's protocol, a proxy in the
 * environment.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { AppError } from '../../../shared/errors';
import { assertPlainRemoteUrl, basicAuthorization, gitOrigin, type GitAuth } from './auth';
import { exchange, type Answer } from './http-exchange';
import { agentFor, trustFor } from './http-agents';
import { statusFailure, transportFailure } from './http-failure';
import { dataPacket, delimPacket, flushPacket, PktLineError, readPackets } from './pkt-line';
import { collectRefs, lsRefsArguments, parseDiscovery, parseLsRefs, type ListedRef } from './ref-listing';

/** The HTTP path cannot answer this listing the way git would: run git for it. */
export class NeedsGitProcess extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NeedsGitProcess';
  }
}

export interface SmartHttpOptions {
  readonly signal?: AbortSignal | undefined;
  /** Stopped when the host sends nothing for this long. */
  readonly timeoutMs: number;
  /** The environment git would run in: a proxy or CA setting there is git's to honour. */
  readonly env?: NodeJS.ProcessEnv;
}

const what = 'Listing the repository’s branches and tags';
/** Redirects followed on the discovery request (git follows those of the first request only). */
const maxRedirects = 5;
const advertisement = 'application/x-git-upload-pack-advertisement';
const result = 'application/x-git-upload-pack-result';
// Some hosts serve the smart protocol only to clients that name themselves git.
const userAgent = 'git/2 (Slipway)';

/** Settings git (curl) reads from its environment that this path does not implement. */
const gitOnlyEnv = ['http_proxy', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'GIT_SSL_NO_VERIFY', 'GIT_SSL_CAPATH', 'GIT_SSL_CERT', 'GIT_CURL_VERBOSE', 'GIT_TRACE_CURL'];

function environmentNeedsGit(env: NodeJS.ProcessEnv): string | null {
  // Looked up by name: walking process.env on every check costs more than the rest of the check.
  for (const name of gitOnlyEnv) if (env[name]) return `${name} is set`;
  return null;
}

function contentType(answer: Answer): string {
  return String(answer.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** `…/repo.git` → `…/repo.git/info/refs?service=git-upload-pack`, as git builds it. */
function discoveryUrl(base: string): URL {
  return new URL(`${base.replace(/\/+$/, '')}/info/refs?service=git-upload-pack`);
}

/** Where a remote that spoke v2 takes its commands (after any redirect), and its object format. */
interface V2Endpoint {
  readonly endpoint: URL;
  readonly objectFormat: string | null;
}

/**
 * Remotes whose discovery said v2 with ls-refs. v2 over HTTP is stateless (each command stands
 * alone), so later listings send `ls-refs` straight away: one request per check instead of two.
 * Any failure of that shortcut forgets the remote and runs the full discovery again, which then
 * gives the answer (a v0 server now, a login refused, a repository gone).
 */
const knownV2 = new Map<string, V2Endpoint>();
const maxKnown = 10_000;

type Send = (target: URL, method: 'GET' | 'POST', headers: OutgoingHttpHeaders, body?: Buffer) => Promise<Answer>;

export async function listRefsOverHttp(url: string, auth: GitAuth, options: SmartHttpOptions): Promise<Map<string, string>> {
  assertPlainRemoteUrl(url);
  const env = options.env ?? process.env;
  const why = environmentNeedsGit(env);
  if (why) throw new NeedsGitProcess(why);
  const trust = trustFor(auth.caCertPem, env);
  const origin = gitOrigin(url);
  const { credential } = auth;
  const authorization = credential ? basicAuthorization(credential) : null;
  const send: Send = (target, method, headers, body) =>
    exchange({
      url: target,
      method,
      headers: {
        'User-Agent': userAgent,
        'Git-Protocol': 'version=2',
        ...headers,
        // Sent to the remote's own origin only: a redirect to another host does not carry the login.
        ...(authorization && gitOrigin(target.href) === origin ? { Authorization: authorization } : {}),
      },
      ...(body ? { body } : {}),
      agent: agentFor(gitOrigin(target.href), trust),
      signal: options.signal,
      silenceMs: options.timeoutMs,
      what,
    });
  // The shortcut's key includes whom it trusts: a changed CA is a new discovery.
  const key = `${url} ${trust.key}`;
  const known = knownV2.get(key);
  if (known) {
    try {
      return collectRefs(await lsRefs(known, send));
    } catch (error) {
      knownV2.delete(key);
      if (error instanceof AppError && (error.code === 'canceled' || error.code === 'timeout')) throw error;
    }
  }
  try {
    const v2 = await discover(url, send);
    if (v2 instanceof Map) return v2;
    if (knownV2.size >= maxKnown) knownV2.clear();
    knownV2.set(key, v2);
    return collectRefs(await lsRefs(v2, send));
  } catch (error) {
    if (error instanceof NeedsGitProcess) throw error;
    if (error instanceof PktLineError) throw new NeedsGitProcess(`not git's protocol: ${error.message}`);
    if (error instanceof HttpStatus) throw statusFailure(url, credential, error.status);
    throw transportFailure(url, credential, error);
  }
}

/** An HTTP status that ends the listing, mapped by the caller (which knows the login). */
class HttpStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** GET info/refs, following bounded redirects: the v0 refs themselves, or where to send ls-refs. */
async function discover(url: string, send: Send): Promise<Map<string, string> | V2Endpoint> {
  let target = discoveryUrl(url);
  let answer = await send(target, 'GET', { Accept: '*/*', Pragma: 'no-cache' });
  for (let hop = 0; answer.status >= 300 && answer.status < 400; hop++) {
    const location = answer.headers.location;
    if (!location || hop >= maxRedirects) throw new NeedsGitProcess(`redirect ${answer.status} without a usable location`);
    const next = new URL(location, target);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new NeedsGitProcess(`redirect to ${next.protocol}`);
    if (target.protocol === 'https:' && next.protocol === 'http:') throw new NeedsGitProcess('redirect from https to http');
    target = next;
    answer = await send(target, 'GET', { Accept: '*/*', Pragma: 'no-cache' });
  }
  if (answer.status !== 200) throw new HttpStatus(answer.status);
  // A dumb server (static files) answers with plain text; git knows how to read that.
  if (contentType(answer) !== advertisement) throw new NeedsGitProcess(`info/refs answered as ${contentType(answer) || 'no content type'}`);
  // Commands go where the discovery ended up, as git rebases its URL on the final redirect.
  if (!target.pathname.endsWith('/info/refs')) throw new NeedsGitProcess('redirected away from info/refs');
  const discovery = parseDiscovery(readPackets(answer.body));
  if (discovery.version === 0) return collectRefs(discovery.refs);
  if (!discovery.lsRefs) throw new NeedsGitProcess('the server speaks protocol v2 without ls-refs');
  const endpoint = new URL(target.href);
  endpoint.pathname = `${endpoint.pathname.slice(0, -'/info/refs'.length)}/git-upload-pack`;
  endpoint.search = '';
  return { endpoint, objectFormat: discovery.objectFormat };
}

const lsRefsBodies = new Map<string, Buffer>();

/** The ls-refs command for branches and tags; the same bytes every time for an object format. */
function lsRefsBody(objectFormat: string | null): Buffer {
  let body = lsRefsBodies.get(objectFormat ?? '');
  if (!body) {
    body = Buffer.concat([
      dataPacket('command=ls-refs\n'),
      dataPacket(`agent=${userAgent.replace(/[^\x21-\x7e]/g, '')}\n`),
      ...(objectFormat ? [dataPacket(`object-format=${objectFormat}\n`)] : []),
      delimPacket,
      ...lsRefsArguments().map((argument) => dataPacket(`${argument}\n`)),
      flushPacket,
    ]);
    lsRefsBodies.set(objectFormat ?? '', body);
  }
  return body;
}

async function lsRefs(remote: V2Endpoint, send: Send): Promise<ListedRef[]> {
  const answer = await send(remote.endpoint, 'POST', { 'Content-Type': 'application/x-git-upload-pack-request', Accept: result }, lsRefsBody(remote.objectFormat));
  if (answer.status >= 300 && answer.status < 400) throw new NeedsGitProcess(`ls-refs answered with a redirect (${answer.status})`);
  if (answer.status !== 200) throw new HttpStatus(answer.status);
  if (contentType(answer) !== result) throw new NeedsGitProcess(`ls-refs answered as ${contentType(answer) || 'no content type'}`);
  return parseLsRefs(readPackets(answer.body));
}
