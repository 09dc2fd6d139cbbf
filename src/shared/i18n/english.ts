import en from './catalogs/en.json';

/**
 * English, the source catalog, on its own: every other language is read only where it is shown
 * (the renderer loads the chosen one as its own chunk, issue 15). Its keys are the type every
 * phrase and `t()` call is checked against.
 */
export const english = en;
export type MessageKey = keyof typeof english;
export type Catalog = Readonly<Record<MessageKey, string>>;
