import { createRequire } from 'node:module';

/** HashiCorp's HCL v2 parser (hcl2-parser ships the Go parser compiled to JavaScript, CommonJS, untyped). */
const hcl = createRequire(import.meta.url)('hcl2-parser') as { parseToObject(text: string): [unknown, unknown] };

export type HclBlocks = Record<string, Record<string, Array<Record<string, unknown>>>>;

/** The file as nested objects, or the parser's error. */
export function parseHcl(text: string): { readonly value: HclBlocks | null; readonly error: unknown } {
  const [value, error] = hcl.parseToObject(text);
  return { value: (value as HclBlocks | null) ?? null, error };
}
