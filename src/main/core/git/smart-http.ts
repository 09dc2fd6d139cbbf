/**
 * `git ls-remote --heads --tags` for an http(s) remote, spoken from Node: git's smart HTTP protocol
 * (gitprotocol-http, gitprotocol-v2) over kept-alive connections, instead of a git process per check.
 * Protocol v2 when the server speaks it (`ls-refs` with `peel` and prefixes for branches and tags),
 * else the v0 advertisement the discovery request already returned; a remote known to speak v2 gets
 * its `ls-refs` at once, one request per check, prepared once and sent as the same bytes each time.
 * An answer is stamped with a digest of its raw bytes: a caller that hands back the stamp of what
 * it already holds gets `refs: null` for the same answer, and nothing is parsed. The login goes in an Authorization header to the
 * remote's own origin only (as git's `http.<origin>.extraHeader`), the bound CA (else the bundle
 * GIT_SSL_CAINFO names) is the only one trusted (as `http.sslCAInfo`), and failures read as git's.
 *
 * What it does not handle it hands back as NeedsGitProcess, and the caller runs git: dumb HTTP, a
 * redirect git would treat differently, an answer that is not git's protocol, a proxy in the
 * environment.
 */
import { hash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { assertPlainRemoteUrl, basicAuthorization, gitOrigin, type GitAuth } from './auth';
import { exchange, prepareRequest, type Answer, type PreparedRequest } from './http-exchange';
import { agentFor, trustFor, type Trust } from './http-agents';
import { statusFailure, transportFailure } from './http-failure';
import { dataPacket, delimPacket, flushPacket, PktLineError, readPackets } from './pkt-line';
import { collectRefs, lsRefsArguments, parseDiscovery, parseLsRefs } from './ref-listing';

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

/** A listing, and a stamp of the answer it was read from (a digest of the raw pkt-lines). */
export interface RefListing {
  readonly stamp: string;
  /** null: the answer was byte for byte the one `since` stamped, so it was not parsed again. */
  readonly refs: Map<string, string> | null;
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
  const type = answer.headers['content-type'] ?? '';
  const semicolon = type.indexOf(';');
  return (semicolon < 0 ? type : type.slice(0, semicolon)).trim().toLowerCase();
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
 * What one remote's listing needs, worked out once: the login's header, whom to trust, the
 * discovery request and (once the remote said it speaks v2) the ls-refs request, both prepared.
 * v2 over HTTP is stateless (each command stands alone), so later listings send `ls-refs` straight
 * away: one request per check instead of two. Any failure of that shortcut forgets it and runs the
 * full discovery again, which then gives the answer (a v0 server now, a login refused, a
 * repository gone). A changed login keeps what was learnt of the remote; a changed CA does not.
 */
interface RemotePlan {
  readonly origin: string;
  readonly authorization: string | null;
  readonly trust: Trust;
  readonly discovery: PreparedRequest;
  v2: { readonly remote: V2Endpoint; readonly request: PreparedRequest } | null;
}

const plans = new Map<string, RemotePlan>();
const maxKnown = 10_000;

function plan(url: string, auth: GitAuth, env: NodeJS.ProcessEnv): RemotePlan {
  const known = plans.get(url);
  // Asked for plain http too: a redirect may lead to https.
  const trust = trustFor(auth.caCertPem, env);
  const authorization = auth.credential ? basicAuthorization(auth.credential) : null;
  if (known && known.trust === trust && known.authorization === authorization) return known;
  if (!known) assertPlainRemoteUrl(url);
  const origin = gitOrigin(url);
  const next: RemotePlan = { origin, authorization, trust, discovery: getRequest(discoveryUrl(url), origin, authorization, trust), v2: null };
  if (known?.v2 && known.trust === trust) next.v2 = { remote: known.v2.remote, request: lsRefsRequest(known.v2.remote, origin, authorization, trust) };
  if (plans.size >= maxKnown) plans.clear();
  plans.set(url, next);
  return next;
}

/** The headers every request of a listing carries; the login only to the remote's own origin. */
function headersFor(target: URL, origin: string, authorization: string | null, own: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const headers: (readonly [string, string])[] = [['User-Agent', userAgent], ['Git-Protocol', 'version=2'], ...own];
  // Sent to the remote's own origin only: a redirect to another host does not carry the login.
  if (authorization && gitOrigin(target.href) === origin) headers.push(['Authorization', authorization]);
  return headers;
}

function getRequest(target: URL, origin: string, authorization: string | null, trust: Trust): PreparedRequest {
  const headers = headersFor(target, origin, authorization, [['Accept', '*/*'], ['Pragma', 'no-cache']]);
  return prepareRequest(target, 'GET', headers, agentFor(gitOrigin(target.href), trust));
}

function lsRefsRequest(remote: V2Endpoint, origin: string, authorization: string | null, trust: Trust): PreparedRequest {
  const headers = headersFor(remote.endpoint, origin, authorization, [['Content-Type', 'application/x-git-upload-pack-request'], ['Accept', result]]);
  return prepareRequest(remote.endpoint, 'POST', headers, agentFor(gitOrigin(remote.endpoint.href), trust), lsRefsBody(remote.objectFormat));
}

/** The digest of an answer: what a caller compares to see whether anything moved. */
function stampOf(body: Buffer): string {
  return hash('sha1', body, 'base64');
}

/** A remote's branches and tags over smart HTTP (see the file comment). */
export async function listRefsOverHttp(url: string, auth: GitAuth, options: SmartHttpOptions): Promise<Map<string, string>> {
  return (await readRefsOverHttp(url, auth, options, null)).refs ?? new Map();
}

/** As listRefsOverHttp, with `refs: null` when the answer is the one `since` stamped. */
export async function readRefsOverHttp(url: string, auth: GitAuth, options: SmartHttpOptions, since: string | null): Promise<RefListing> {
  const env = options.env ?? process.env;
  const why = environmentNeedsGit(env);
  if (why) throw new NeedsGitProcess(why);
  const remote = plan(url, auth, env);
  const send = (request: PreparedRequest): Promise<Answer> => exchange({ request, signal: options.signal, silenceMs: options.timeoutMs, what });
  if (remote.v2) {
    try {
      return await lsRefs(remote.v2.request, send, since);
    } catch (error) {
      remote.v2 = null;
      if (error instanceof AppError && (error.code === 'canceled' || error.code === 'timeout')) throw error;
    }
  }
  try {
    const found = await discover(url, remote, send, since);
    if (!('endpoint' in found)) return found;
    remote.v2 = { remote: found, request: lsRefsRequest(found, remote.origin, remote.authorization, remote.trust) };
    return await lsRefs(remote.v2.request, send, since);
  } catch (error) {
    if (error instanceof NeedsGitProcess) throw error;
    if (error instanceof PktLineError) throw new NeedsGitProcess(`not git's protocol: ${error.message}`);
    if (error instanceof HttpStatus) throw statusFailure(url, auth.credential, error.status);
    throw transportFailure(url, auth.credential, error);
  }
}

/** An HTTP status that ends the listing, mapped by the caller (which knows the login). */
class HttpStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** GET info/refs, following bounded redirects: the v0 refs themselves, or where to send ls-refs. */
async function discover(url: string, remote: RemotePlan, send: (request: PreparedRequest) => Promise<Answer>, since: string | null): Promise<RefListing | V2Endpoint> {
  let target = discoveryUrl(url);
  let answer = await send(remote.discovery);
  for (let hop = 0; answer.status >= 300 && answer.status < 400; hop++) {
    const location = answer.headers.location;
    if (!location || hop >= maxRedirects) throw new NeedsGitProcess(`redirect ${answer.status} without a usable location`);
    const next = new URL(location, target);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new NeedsGitProcess(`redirect to ${next.protocol}`);
    if (target.protocol === 'https:' && next.protocol === 'http:') throw new NeedsGitProcess('redirect from https to http');
    target = next;
    answer = await send(getRequest(target, remote.origin, remote.authorization, remote.trust));
  }
  if (answer.status !== 200) throw new HttpStatus(answer.status);
  // A dumb server (static files) answers with plain text; git knows how to read that.
  if (contentType(answer) !== advertisement) throw new NeedsGitProcess(`info/refs answered as ${contentType(answer) || 'no content type'}`);
  // Commands go where the discovery ended up, as git rebases its URL on the final redirect.
  if (!target.pathname.endsWith('/info/refs')) throw new NeedsGitProcess('redirected away from info/refs');
  const discovery = parseDiscovery(readPackets(answer.body));
  if (discovery.version === 0) {
    const stamp = stampOf(answer.body);
    return { stamp, refs: stamp === since ? null : collectRefs(discovery.refs) };
  }
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

async function lsRefs(request: PreparedRequest, send: (request: PreparedRequest) => Promise<Answer>, since: string | null): Promise<RefListing> {
  const answer = await send(request);
  if (answer.status >= 300 && answer.status < 400) throw new NeedsGitProcess(`ls-refs answered with a redirect (${answer.status})`);
  if (answer.status !== 200) throw new HttpStatus(answer.status);
  if (contentType(answer) !== result) throw new NeedsGitProcess(`ls-refs answered as ${contentType(answer) || 'no content type'}`);
  // The same bytes as last time are the same refs: nothing to read.
  const stamp = stampOf(answer.body);
  if (stamp === since) return { stamp, refs: null };
  return { stamp, refs: collectRefs(parseLsRefs(readPackets(answer.body))) };
}
