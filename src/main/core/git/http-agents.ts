import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * One keep-alive agent per origin and trusted CA, shared by every listing against that host: 500
 * repositories on one host reuse a few open connections (and TLS sessions) instead of one
 * handshake per check. A CA replaces the built-in roots for its agent, as git's http.sslCAInfo
 * replaces curl's bundle, so a listing trusts exactly what git would.
 */

/** At most this many connections per origin: the watcher runs at most 4 checks per host at once. */
const maxSocketsPerOrigin = 4;
/** An idle connection is closed after this long, so a quiet app does not keep sockets open for ever. */
const idleMs = 60_000;

/** Whom a listing trusts: `key` names it for the agent cache without hashing a bundle per check. */
export interface Trust {
  readonly key: string;
  readonly ca: string | null;
}

const caFiles = new Map<string, { stamp: string; trust: Trust; checkedAt: number }>();
const boundCas = new Map<string, Trust>();
/** A bundle file is looked at (stat) at most this often: a check every few milliseconds need not. */
const recheckMs = 1000;
const maxRemembered = 1000;

/** Plain http trusts nobody's certificate: the same for every remote. */
export const noTrust: Trust = { key: '', ca: null };

/**
 * The bound CA if there is one (git gets it as http.<origin>.sslCAInfo, which wins over
 * GIT_SSL_CAINFO), else the bundle GIT_SSL_CAINFO names (git reads that too), else Node's roots.
 * The file is read again only when it changes, and looked at no more than once a second.
 */
export function trustFor(caCertPem: string | null, env: NodeJS.ProcessEnv): Trust {
  if (caCertPem) {
    let bound = boundCas.get(caCertPem);
    if (!bound) {
      if (boundCas.size >= maxRemembered) boundCas.clear();
      bound = { key: createHash('sha256').update(caCertPem).digest('hex').slice(0, 24), ca: caCertPem };
      boundCas.set(caCertPem, bound);
    }
    return bound;
  }
  const file = env.GIT_SSL_CAINFO;
  if (!file) return noTrust;
  const now = Date.now();
  const known = caFiles.get(file);
  if (known && now - known.checkedAt < recheckMs) return known.trust;
  // A missing or unreadable bundle fails the TLS handshake, as it does for git.
  let stamp = 'missing';
  try {
    const stat = statSync(file);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    // stays "missing"
  }
  if (known?.stamp === stamp) {
    known.checkedAt = now;
    return known.trust;
  }
  let pem = '';
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    // an empty trust list: every certificate is refused
  }
  const trust = { key: `file:${file}:${stamp}`, ca: pem };
  caFiles.set(file, { stamp, trust, checkedAt: now });
  return trust;
}

const agents = new Map<string, HttpAgent>();

export function agentFor(origin: string, trust: Trust): HttpAgent {
  const key = `${origin} ${trust.key}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: maxSocketsPerOrigin, maxFreeSockets: maxSocketsPerOrigin, timeout: idleMs, scheduling: 'lifo' as const };
    agent = origin.startsWith('https:') ? new HttpsAgent({ ...options, ...(trust.ca !== null ? { ca: trust.ca } : {}) }) : new HttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** Closes every kept connection (tests, and an app that is quitting). */
export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
