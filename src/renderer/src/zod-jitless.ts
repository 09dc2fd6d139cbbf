import { z } from 'zod/v4';

// zod compiles its object parsers with `new Function` where it may, and finds out by trying one:
// under the window's CSP ('unsafe-eval' is not allowed) that try is refused and reported as a
// securitypolicyviolation each time the page reads its first schema. Jitless, it never tries. The
// renderer's schemas check form input, not bulk data, so the compiled parsers would buy nothing here.
// The renderer build resolves 'zod' to this module (electron.vite.config.ts), so this runs before
// any schema is made.
z.config({ jitless: true });

export { z };
