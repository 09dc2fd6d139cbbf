import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 7636: a high-entropy verifier kept in main, and its S256 challenge sent in the authorize URL. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier) };
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** The `state` that ties a callback to the flow Slipway started (RFC 6749 §10.12). */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
