import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * One keep-alive agent per origin and trusted CA, shared by every listing against that host: 500
 * repositories on one host reuse a few open connections (and TLS sessions) instead of one
 * handshake per check. A bound CA replaces the system roots for its agent, as git's
 * http.sslCAInfo replaces curl's bundle, so a listing trusts exactly what git would.
 */

/** At most this many connections per origin: the watcher runs at most 4 checks per host at once. */
const maxSocketsPerOrigin = 4;
/** An idle connection is closed after this long, so a quiet app does not keep sockets open for ever. */
const idleMs = 60_000;

const agents = new Map<string, HttpAgent>();

export function agentFor(origin: string, caCertPem: string | null): HttpAgent {
  const ca = caCertPem ? createHash('sha256').update(caCertPem).digest('hex').slice(0, 24) : '';
  const key = `${origin} ${ca}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: maxSocketsPerOrigin, maxFreeSockets: maxSocketsPerOrigin, timeout: idleMs, scheduling: 'lifo' as const };
    agent = origin.startsWith('https:') ? new HttpsAgent({ ...options, ...(caCertPem ? { ca: caCertPem } : {}) }) : new HttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** Closes every kept connection (tests, and an app that is quitting). */
export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
