/**
 * `git ls-remote --heads --tags` for an http(s) remote, spoken from Node: git's smart HTTP protocol
 * (gitprotocol-http, gitprotocol-v2) over kept-alive connections, instead of a git process per check.
 * Protocol v2 when the server speaks it (`ls-refs` with `peel` and prefixes for branches and tags),
 * else the v0 advertisement the discovery request already returned. The login goes in an
 * Authorization header to the remote's own origin only (as git's `http.<origin>.extraHeader`), the
 * bound CA is the only one trusted (as `http.sslCAInfo`), and failures read as git's would.
 *
 * What it does not handle it hands back as NeedsGitProcess, and the caller runs git: dumb HTTP, a
 * redirect git would treat differently, an answer that is not git's protocol, a proxy in the
 * environment.
 */
import type { OutgoingHttpHeaders } from 'node:http';
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

/** Settings git reads from its environment that this path does not implement. */
const gitOnlyEnv = ['http_proxy', 'https_proxy', 'all_proxy', 'GIT_SSL_NO_VERIFY', 'GIT_SSL_CAPATH', 'GIT_SSL_CERT', 'GIT_CURL_VERBOSE', 'GIT_TRACE_CURL'];

function environmentNeedsGit(env: NodeJS.ProcessEnv): string | null {
  for (const [key, value] of Object.entries(env)) {
    if (value && gitOnlyEnv.some((name) => name.toLowerCase() === key.toLowerCase())) return `${key} is set`;
  }
  return null;
}

function contentType(answer: Answer): string {
  return String(answer.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** `…/repo.git` → `…/repo.git/info/refs?service=git-upload-pack`, as git builds it. */
function discoveryUrl(base: string): URL {
  return new URL(`${base.replace(/\/+$/, '')}/info/refs?service=git-upload-pack`);
}

export async function listRefsOverHttp(url: string, auth: GitAuth, options: SmartHttpOptions): Promise<Map<string, string>> {
  assertPlainRemoteUrl(url);
  const env = options.env ?? process.env;
  const trust = trustFor(auth.caCertPem, env);
  const why = environmentNeedsGit(env);
  if (why) throw new NeedsGitProcess(why);
  const origin = gitOrigin(url);
  const { credential } = auth;
  const headersFor = (target: URL, extra: OutgoingHttpHeaders): OutgoingHttpHeaders => ({
    'User-Agent': userAgent,
    'Git-Protocol': 'version=2',
    ...extra,
    // Sent to the remote's own origin only: a redirect to another host does not carry the login.
    ...(credential && gitOrigin(target.href) === origin ? { Authorization: basicAuthorization(credential) } : {}),
  });
  const send = (target: URL, method: 'GET' | 'POST', headers: OutgoingHttpHeaders, body?: Buffer): Promise<Answer> =>
    exchange({ url: target, method, headers: headersFor(target, headers), ...(body ? { body } : {}), agent: agentFor(gitOrigin(target.href), trust), signal: options.signal, silenceMs: options.timeoutMs, what });

  try {
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
    if (answer.status !== 200) throw statusFailure(url, credential, answer.status);
    // A dumb server (static files) answers with plain text; git knows how to read that.
    if (contentType(answer) !== advertisement) throw new NeedsGitProcess(`info/refs answered as ${contentType(answer) || 'no content type'}`);
    // The POST goes where the discovery ended up, as git rebases its URL on the final redirect.
    if (!target.pathname.endsWith('/info/refs')) throw new NeedsGitProcess('redirected away from info/refs');
    const base = new URL(target.href);
    base.pathname = base.pathname.slice(0, -'/info/refs'.length);
    base.search = '';

    const discovery = parseDiscovery(readPackets(answer.body));
    if (discovery.version === 0) return collectRefs(discovery.refs);
    if (!discovery.lsRefs) throw new NeedsGitProcess('the server speaks protocol v2 without ls-refs');
    return collectRefs(await lsRefs(base, discovery.objectFormat, url, credential, send));
  } catch (error) {
    if (error instanceof NeedsGitProcess) throw error;
    if (error instanceof PktLineError) throw new NeedsGitProcess(`not git's protocol: ${error.message}`);
    throw transportFailure(url, credential, error);
  }
}

async function lsRefs(
  base: URL,
  objectFormat: string | null,
  url: string,
  credential: GitAuth['credential'],
  send: (target: URL, method: 'GET' | 'POST', headers: OutgoingHttpHeaders, body?: Buffer) => Promise<Answer>,
): Promise<ListedRef[]> {
  const request = Buffer.concat([
    dataPacket('command=ls-refs\n'),
    dataPacket(`agent=${userAgent.replace(/[^\x21-\x7e]/g, '')}\n`),
    ...(objectFormat ? [dataPacket(`object-format=${objectFormat}\n`)] : []),
    delimPacket,
    ...lsRefsArguments().map((argument) => dataPacket(`${argument}\n`)),
    flushPacket,
  ]);
  const target = new URL(`${base.href.replace(/\/+$/, '')}/git-upload-pack`);
  const answer = await send(target, 'POST', { 'Content-Type': 'application/x-git-upload-pack-request', Accept: result }, request);
  if (answer.status >= 300 && answer.status < 400) throw new NeedsGitProcess(`ls-refs answered with a redirect (${answer.status})`);
  if (answer.status !== 200) throw statusFailure(url, credential, answer.status);
  if (contentType(answer) !== result) throw new NeedsGitProcess(`ls-refs answered as ${contentType(answer) || 'no content type'}`);
  return parseLsRefs(readPackets(answer.body));
}
