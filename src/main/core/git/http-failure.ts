/**
 * A failed HTTP ref listing, told the way git would have told it: the same codes, messages and
 * hints as a failed `git ls-remote` (gitFailure in auth.ts), so the watcher, its activity log and
 * the UI cannot tell which path ran. Each case writes the line git prints for that situation and
 * lets gitFailure classify it: one classifier, not two to keep in step.
 */
import { AppError } from '../../../shared/errors';
import { gitFailure, type GitCredential } from './auth';
import { ExchangeError } from './http-exchange';
import { RemoteProtocolError } from './ref-listing';

const action = 'list branches and tags';

/** Node's codes for a certificate or TLS handshake that could not be trusted. */
const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|EPROTO$|HOSTNAME_MISMATCH)/;

function gitSays(url: string, credential: GitCredential | null, line: string): AppError {
  return gitFailure({ stderr: `fatal: ${line}\n` }, { url, credential, action });
}

/** An HTTP status other than success, for the repository at `url` (no login in it). */
export function statusFailure(url: string, credential: GitCredential | null, status: number): AppError {
  const where = `${url.replace(/\/+$/, '')}/`;
  if (status === 401) return gitSays(url, credential, credential ? `Authentication failed for '${where}'` : `could not read Username for '${where}': terminal prompts disabled`);
  if (status === 404) return gitSays(url, credential, `repository '${where}' not found`);
  return gitSays(url, credential, `unable to access '${where}': The requested URL returned error: ${status}`);
}

/** A request that got no answer, or an error packet from the server. */
export function transportFailure(url: string, credential: GitCredential | null, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const where = `${url.replace(/\/+$/, '')}/`;
  if (error instanceof RemoteProtocolError) return gitSays(url, credential, `remote error: ${error.serverMessage}`);
  if (!(error instanceof ExchangeError)) return gitSays(url, credential, `unable to access '${where}': ${error instanceof Error ? error.message : String(error)}`);
  const { code = '', message } = error.failure;
  const host = new URL(url).hostname;
  if (tlsCodes.test(code)) return gitSays(url, credential, `unable to access '${where}': SSL certificate problem: ${message}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return gitSays(url, credential, `unable to access '${where}': Could not resolve host: ${host}`);
  if (code === 'ECONNREFUSED') return gitSays(url, credential, `unable to access '${where}': Failed to connect to ${host}: Connection refused`);
  if (code === 'ETIMEDOUT') return gitSays(url, credential, `unable to access '${where}': Connection timed out`);
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return gitSays(url, credential, `unable to access '${where}': Failed to connect to ${host}: network is unreachable`);
  // ECONNRESET, EPIPE, "socket hang up": curl calls these a reset or an empty reply.
  return gitSays(url, credential, `unable to access '${where}': Connection reset: ${message}`);
}
