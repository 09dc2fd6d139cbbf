import { z } from 'zod/v4';

// zod compiles a parser per object shape with `new Function` at its first parse. Both builds resolve
// 'zod' to this module (electron.vite.config.ts), so this runs before any schema is made:
// - In the window, that compile is refused by the CSP ('unsafe-eval' is not allowed), and zod's
//   probe for it is reported as a securitypolicyviolation each time the page reads its first schema.
// - In main, the compiles made the first reads of a start (the page waiting for its rows) ~12 ms
//   slower, the stores' own parses of stored JSON included, while compiled parsers were no faster
//   once warm: a read of 50 builds is SQLite and the row mapping (issue 15).
z.config({ jitless: true });

export { z };
