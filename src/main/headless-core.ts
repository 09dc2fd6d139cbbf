/**
 * The headless host's second stage, in its own chunk: the services built on the first stage's
 * stores (headless-base.ts), read once a call needs them or shortly after the start (issue 15).
 */
import { completeCore, type Core } from './core';
import type { CoreBase } from './core/base';

export function completeHeadlessCore(base: CoreBase): Core {
  return completeCore(base);
}
