import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const unicodeProperties: Map<string, string[]> = require('regenerate-unicode-properties');

/**
 * One test per Unicode script, on Script_Extensions so that a character shared by several
 * scripts (a Japanese prolonged sound mark, say) counts for each. Scripts the running engine does
 * not know yet are skipped; Common and Inherited belong to every script and so to none here.
 */
const scriptTests: [string, RegExp][] = (unicodeProperties.get('Script_Extensions') ?? [])
  .filter((name) => name !== 'Common' && name !== 'Inherited')
  .flatMap((name): [string, RegExp][] => {
    try {
      return [[name, new RegExp(`^\\p{Script_Extensions=${name}}$`, 'u')]];
    } catch {
      return [];
    }
  });

/**
 * UTS #39's augmented script sets: Japanese, Korean and Chinese writing mix Han with a syllabary
 * or alphabet, and each such mix counts as a single script.
 */
const augmentations: Record<string, string[]> = {
  Han: ['Han_with_Bopomofo', 'Japanese', 'Korean'],
  Hiragana: ['Japanese'],
  Katakana: ['Japanese'],
  Hangul: ['Korean'],
  Bopomofo: ['Han_with_Bopomofo'],
};

const scriptsByCodePoint = new Map<number, Set<string> | null>();

/** The augmented scripts of one character; null for Common/Inherited (digits, `_`, marks…). */
function scriptsOf(char: string): Set<string> | null {
  const codePoint = char.codePointAt(0) as number;
  let scripts = scriptsByCodePoint.get(codePoint);
  if (scripts === undefined) {
    const names = scriptTests.filter(([, test]) => test.test(char)).map(([name]) => name);
    scripts =
      names.length === 0 ? null : new Set(names.flatMap((n) => [n, ...(augmentations[n] ?? [])]));
    scriptsByCodePoint.set(codePoint, scripts);
  }
  return scripts;
}

/**
 * True when the text is written in one script, in UTS #39's sense: the intersection of its
 * characters' augmented script sets is not empty (`Ана`, `李雷`, `山田たろう` are; `аlice`, with a
 * Cyrillic а among Latin letters, is not).
 */
export function isSingleScript(text: string): boolean {
  let common: Set<string> | undefined;
  for (const char of text) {
    const scripts = scriptsOf(char);
    if (scripts === null) continue;
    common = common === undefined ? scripts : intersection(common, scripts);
    if (common.size === 0) return false;
  }
  return true;
}

function intersection(a: Set<string>, b: Set<string>): Set<string> {
  const both = new Set<string>();
  for (const item of a) if (b.has(item)) both.add(item);
  return both;
}
