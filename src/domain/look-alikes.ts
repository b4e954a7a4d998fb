import unhomoglyph from 'unhomoglyph';

/**
 * Removed before comparing: invisible characters, and the combining marks every script shares
 * (Script=Inherited: accents, dots, tildes, Arabic vowel points, kana voicing marks). They sit on a
 * letter and barely change its shape: `ali` + U+0307 is drawn as `ali`, and `José` passes for
 * `Jose`. Marks that belong to one script (Devanagari or Thai vowel signs) spell the word: kept.
 */
const INDISTINCT = /\p{Default_Ignorable_Code_Point}|(?=\p{M})\p{Script=Inherited}/gu;

/** Compatibility forms folded (`ＡＬＩＣＥ`, `ﬁ`), then decomposed, without indistinct characters. */
function reduce(text: string): string {
  return text.normalize('NFKC').normalize('NFD').replace(INDISTINCT, '');
}

/** UTS #39's skeleton: each confusable character replaced by its prototype (`0` → `O`, `I` → `l`). */
function skeleton(text: string): string {
  return reduce(unhomoglyph(text));
}

/**
 * Case mapped one character at a time: whole-string mapping is context-sensitive (a Greek Σ lowers
 * to ς at the end of a word, σ elsewhere), and a prefix must keep the key of the whole's prefix.
 */
function eachChar(text: string, map: (char: string) => string): string {
  let mapped = '';
  for (const char of text) mapped += map(char);
  return reduce(mapped);
}

/**
 * One round: upper case, skeleton, lower case, skeleton. Upper case first makes every case
 * variant the same string; the skeleton of that catches capitals that pass for other letters
 * (`I` for `l`, `0` for `O`, a Cyrillic `А`); lower case and a second skeleton catch small letters
 * that pass for others (a Latin `ɑ` for `a`, `m` for `rn`).
 */
function round(text: string): string {
  const upper = skeleton(eachChar(text, (char) => char.toUpperCase()));
  return skeleton(eachChar(upper, (char) => char.toLowerCase()));
}

/** Rounds until nothing changes: a prototype can itself have a look-alike in the other case. */
const MAX_ROUNDS = 8;

/**
 * The look-alike key of a text: texts a reader could take for one another get the same key, by
 * case (`alice`, `ALICE`), compatibility forms (`ＡＬＩＣＥ`), accents and invisible characters
 * (`ali` + U+0307), and UTS #39 confusables, case included (`AIice` with a capital I, `wiII`,
 * `lan` for `Ian`, `B0B`, a Cyrillic `аlice`). For comparing only, never for display.
 *
 * UTS #39's skeleton (NFD, map confusables, NFD) is not case-insensitive, and lowering case before
 * it hides look-alikes: `I` passes for `l` but its lower case `i` does not. Case and confusables
 * are not consistent with each other either (Greek `σ` passes for `o`, its capital `Σ` does not;
 * closing over both would merge unrelated letters through rare scripts). So the key takes the
 * upper-case view first, then the lower-case one, until a fixed point: every case variant gets one
 * key, and a letter whose two cases look like different things is judged by its capital.
 */
export function lookAlikeKey(text: string): string {
  let key = reduce(text);
  for (let rounds = 0; rounds < MAX_ROUNDS; rounds += 1) {
    const next = round(key);
    if (next === key) break;
    key = next;
  }
  return key;
}
