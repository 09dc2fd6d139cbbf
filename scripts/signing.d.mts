export type NotarizationPlan =
  | { readonly notarize: true; readonly via: string; readonly options: Readonly<Record<string, string>> }
  | { readonly notarize: false; readonly line: string };
export function notarizationPlan(env: Readonly<Record<string, string | undefined>>): NotarizationPlan;
export function signingLine(platform: string, env: Readonly<Record<string, string | undefined>>): string;
