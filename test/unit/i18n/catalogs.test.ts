import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogs, english } from '../../../src/shared/i18n/catalogs';
import { supportedLocales } from '../../../src/shared/i18n/locales';

const dir = join(import.meta.dirname, '../../../src/shared/i18n');

/** Every argument a message uses, with its kind (plain, number, plural, select, tag…). */
function argumentsOf(elements: MessageFormatElement[], into = new Map<string, string>()): Map<string, string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    if (e.type === TYPE.tag) {
      into.set(`<${e.value}>`, 'tag');
      argumentsOf(e.children, into);
      continue;
    }
    into.set(e.value, TYPE[e.type]);
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const option of Object.values(e.options)) argumentsOf(option.value, into);
  }
  return into;
}

describe('message catalogs', () => {
  it('every language has exactly the English keys', () => {
    for (const locale of supportedLocales) {
      const keys = new Set(Object.keys(catalogs[locale]));
      const missing = Object.keys(english).filter((k) => !keys.has(k) || catalogs[locale][k as keyof typeof english] === '');
      const extra = [...keys].filter((k) => !Object.hasOwn(english, k));
      assert.deepEqual({ locale, missing, extra }, { locale, missing: [], extra: [] });
    }
  });

  it('every message parses and uses the same ICU arguments as English', () => {
    for (const locale of supportedLocales) {
      for (const [key, source] of Object.entries(english)) {
        const expected = argumentsOf(parse(source));
        const message = catalogs[locale][key as keyof typeof english];
        const actual = argumentsOf(parse(message));
        assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(expected), `${locale} ${key}`);
      }
    }
  });

  it('an English plural or select always has an "other" case', () => {
    const check = (elements: MessageFormatElement[], key: string): void => {
      for (const e of elements) {
        if (e.type === TYPE.plural || e.type === TYPE.select) {
          assert.ok('other' in e.options, `${key}: ${e.value} needs an "other" case`);
          for (const option of Object.values(e.options)) check(option.value, key);
        }
        if (e.type === TYPE.tag) check(e.children, key);
      }
    };
    for (const [key, source] of Object.entries(english)) check(parse(source), key);
  });

  it('every catalog file on disk is part of a language (a file is all adding a language takes)', () => {
    const files = readdirSync(join(dir, 'catalogs'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(dir, 'catalogs', f));
    assert.ok(files.length >= 2);
    for (const file of files) {
      const locale = supportedLocales.find((l) => file.endsWith(`/${l}.json`));
      assert.ok(locale, `${file} names no supported locale: add it to supportedLocales and catalogs.ts`);
      const content = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      for (const [key, value] of Object.entries(content)) assert.equal(catalogs[locale][key as keyof typeof english], value, `${file} ${key} is not registered in catalogs.ts`);
    }
  });

  it('keeps the glossary: the product words use the registry console’s Chinese terms', () => {
    const glossary = readFileSync(join(dir, 'glossary.md'), 'utf8');
    const pairs = [...glossary.matchAll(/^\| ([^|]+?) \| ([^|]+?) \|/gm)].slice(2).map((m) => [m[1]!.trim(), m[2]!.trim()] as const);
    assert.ok(pairs.length >= 8, 'glossary lists the product words');
    const chinese = Object.values(catalogs['zh-CN']).join('\n');
    const englishText = Object.values(english).join('\n');
    for (const [en, zh] of pairs) {
      // A term the English catalog uses must appear, in its glossary form, in the Chinese one.
      if (new RegExp(`\\b${en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(englishText)) assert.ok(chinese.includes(zh), `glossary term ${en} → ${zh} is not used in zh-CN`);
    }
  });
});
