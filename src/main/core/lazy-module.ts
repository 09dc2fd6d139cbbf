import { createRequire } from 'node:module';

const requireCommonJs = createRequire(import.meta.url);

/**
 * A CommonJS package loaded the first time it is used rather than when the host starts (issue 15:
 * the address is printed before dockerode and its ssh stack, or yaml, are read from disk).
 */
export function lazyModule<T>(name: string): () => T {
  return onFirstUse(() => requireCommonJs(name) as T);
}

/** `make()` once, on the first call, for what is built on such a package; later calls get the same value. */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
