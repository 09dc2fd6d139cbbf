import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { english, type MessageKey } from '../../../src/shared/i18n/english';
import { phrase } from '../../../src/shared/i18n/phrase';
import { pseudoLocale, supportedLocales } from '../../../src/shared/i18n/locales';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { englishWords, translatorFor, wordsOf, type Translator } from '../../../src/shared/i18n/words';

/** The plain arguments a message names, with a value each: numbers and strings in turn. */
function valuesFor(key: MessageKey): Record<string, string | number> {
  const names = parse(english[key])
    .filter((e) => e.type === TYPE.argument)
    .map((e) => (e.type === TYPE.argument ? e.value : ''));
  return Object.fromEntries(names.map((name, i) => [name, i % 2 ? `value ${i}` : i * 7 + 1]));
}

/** FormatJS itself, without the plain-message path `t` takes. */
function formatjsWords(translator: Translator): Pick<Translator, 't' | 'word'> {
  return wordsOf({ formatMessage: (descriptor, values) => translator.intl.formatMessage(descriptor, values) });
}

describe('Words without FormatJS', () => {
  // `t` words text-and-argument messages itself (FormatJS's formatter lookup was a third of the
  // Builds page's first render, and in plain Node it starts ICU); it must say exactly what FormatJS says.
  const plain = englishWords();
  const formatjs = formatjsWords(translatorFor('en', english));

  it('words every English message as FormatJS does', () => {
    const differ: string[] = [];
    for (const key of Object.keys(english) as MessageKey[]) {
      const values = valuesFor(key);
      if (plain.t(key, values) !== formatjs.t(key, values)) differ.push(`${key}: ${plain.t(key, values)} ≠ ${formatjs.t(key, values)}`);
    }
    assert.deepEqual(differ, []);
  });

  it('words plurals, nested phrases and missing values as FormatJS does', () => {
    const pluralKey = (Object.keys(english) as MessageKey[]).find((k) => parse(english[k]).some((e) => e.type === TYPE.plural));
    assert.ok(pluralKey, 'the catalog has a plural message');
    const counted = parse(english[pluralKey]).flatMap((e) => (e.type === TYPE.plural ? [e.value] : []));
    for (const count of [0, 1, 2, 12]) {
      const values: Record<string, string | number> = { ...valuesFor(pluralKey), ...Object.fromEntries(counted.map((name) => [name, count])) };
      assert.equal(plain.t(pluralKey, values), formatjs.t(pluralKey, values));
    }
    const withArgument = (Object.keys(english) as MessageKey[]).find((k) => Object.keys(valuesFor(k)).length === 1 && parse(english[k]).every((e) => e.type === TYPE.literal || e.type === TYPE.argument));
    assert.ok(withArgument);
    const [name] = Object.keys(valuesFor(withArgument));
    const nested = phrase(withArgument, { [name as string]: phrase('app.nav.builds') });
    assert.equal(plain.word(nested), formatjs.word(nested));
    assert.match(plain.word(nested), /Builds/);
    // A value left out: the same answer as FormatJS gives, not "undefined" in the text.
    assert.equal(plain.t(withArgument), formatjs.t(withArgument));
    assert.doesNotMatch(plain.t(withArgument), /undefined/);
  });

  it('words every message of every language as FormatJS does', () => {
    for (const locale of [...supportedLocales, pseudoLocale] as const) {
      const translator = createTranslator(locale);
      const reference = formatjsWords(translator);
      const differ: string[] = [];
      for (const key of Object.keys(english) as MessageKey[]) {
        const values = valuesFor(key);
        if (translator.t(key, values) !== reference.t(key, values)) differ.push(`${key}: ${translator.t(key, values)} ≠ ${reference.t(key, values)}`);
      }
      assert.deepEqual(differ, [], locale);
    }
  });

  it('leaves FormatJS out of plain messages, and hands it the rest', () => {
    const asked: string[] = [];
    const words = wordsOf({
      messages: { 'app.nav.builds': 'Builds of {name}', 'builds.number': '{count, plural, one {# build} other {# builds}}' },
      formatMessage: (descriptor) => {
        asked.push(descriptor.id);
        return 'from FormatJS';
      },
    });
    assert.equal(words.t('app.nav.builds', { name: 'web' }), 'Builds of web');
    assert.equal(words.t('builds.number', { count: 2 }), 'from FormatJS');
    // A value missing: FormatJS words (or reports) it.
    assert.equal(words.t('app.nav.builds'), 'from FormatJS');
    assert.deepEqual(asked, ['builds.number', 'app.nav.builds']);
  });
});
