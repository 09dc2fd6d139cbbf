import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

const accented: Record<string, string> = {
  a: 'ȧ', b: 'ƀ', c: 'ƈ', d: 'ḓ', e: 'ḗ', f: 'ƒ', g: 'ɠ', h: 'ħ', i: 'ī', j: 'ĵ', k: 'ķ', l: 'ŀ', m: 'ḿ',
  n: 'ƞ', o: 'ǿ', p: 'ƥ', q: 'ɋ', r: 'ř', s: 'ş', t: 'ŧ', u: 'ŭ', v: 'ṽ', w: 'ẇ', x: 'ẋ', y: 'ẏ', z: 'ẑ',
  A: 'Ȧ', B: 'Ɓ', C: 'Ƈ', D: 'Ḓ', E: 'Ḗ', F: 'Ƒ', G: 'Ɠ', H: 'Ħ', I: 'Ī', J: 'Ĵ', K: 'Ķ', L: 'Ŀ', M: 'Ḿ',
  N: 'Ƞ', O: 'Ǿ', P: 'Ƥ', Q: 'Ɋ', R: 'Ř', S: 'Ş', T: 'Ŧ', U: 'Ŭ', V: 'Ṽ', W: 'Ẇ', X: 'Ẋ', Y: 'Ẏ', Z: 'Ẑ',
};

/** Literal text accented and stretched by about 40 % (German runs 30–40 % longer than English). */
function stretch(text: string): string {
  const letters = text.replace(/[A-Za-z]/g, (c) => accented[c] ?? c);
  const vowels = text.replace(/[^aeiouAEIOU]/g, '').length;
  const padding = Math.ceil(text.replace(/\s/g, '').length * 0.4) - vowels;
  // Doubling vowels keeps words breakable where they were; the rest is appended to the last word.
  const doubled = letters.replace(/[ȧḗīǿŭȦḖĪǾŬ]/g, (c) => c + c);
  return padding > 0 ? doubled + '~'.repeat(padding) : doubled;
}

function transform(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    switch (element.type) {
      case TYPE.literal:
        return { ...element, value: stretch(element.value) };
      case TYPE.plural:
      case TYPE.select:
        return {
          ...element,
          options: Object.fromEntries(Object.entries(element.options).map(([name, option]) => [name, { ...option, value: transform(option.value) }])),
        };
      case TYPE.tag:
        return { ...element, children: transform(element.children) };
      default:
        return element;
    }
  });
}

/** The pseudo-locale's messages, as parsed ASTs (FormatJS takes those directly), made from English. */
export function pseudoMessages(source: Readonly<Record<string, string>>): Record<string, MessageFormatElement[]> {
  const out: Record<string, MessageFormatElement[]> = {};
  for (const [key, message] of Object.entries(source)) {
    const ast = transform(parse(message));
    out[key] = [{ type: TYPE.literal, value: '⟦' }, ...ast, { type: TYPE.literal, value: '⟧' }];
  }
  return out;
}
