import { eastAsianWidth } from 'get-east-asian-width';
import { badInput } from './errors.js';
import { lookAlikeKey } from './look-alikes.js';
import { isSingleScript } from './unicode-scripts.js';

export const NICKNAME_MIN_LENGTH = 3;
export const NICKNAME_MAX_LENGTH = 32;

/** A nickname as shown (`display`) and the key that makes two nicknames "the same" (`key`). */
export type Nickname = { display: string; key: string };

/** Letters of any script (with their combining marks), decimal digits, `_`, `-` and `.`. */
const ALLOWED = /^[\p{L}\p{M}\p{Nd}_.-]+$/u;
/**
 * Invisible characters that are letters or marks by category: Hangul fillers, variation
 * selectors, the combining grapheme joiner. Spaces, controls and format characters (zero-width,
 * bidi overrides) are already outside ALLOWED.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const STARTS_WITH_MARK = /^\p{M}/u;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

/**
 * Validates a nickname against the contract (API-CONTRACT.md, "Rules on input") and derives its
 * uniqueness key. Throws BAD_USER_INPUT naming `field`.
 */
export function parseNickname(input: string, field = 'nickname'): Nickname {
  // Long inputs are refused before any normalization work.
  if (input.length > NICKNAME_MAX_LENGTH * 4) {
    throw badInput(field, `A nickname has at most ${NICKNAME_MAX_LENGTH} characters`);
  }
  if (!input.isWellFormed()) throw badInput(field, 'A nickname must be well-formed Unicode');
  const display = input.normalize('NFKC');
  const length = displayLength(display);
  if (length < NICKNAME_MIN_LENGTH || length > NICKNAME_MAX_LENGTH) {
    throw badInput(
      field,
      `A nickname has ${NICKNAME_MIN_LENGTH} to ${NICKNAME_MAX_LENGTH} characters, wide (CJK) ones counting twice (got ${length})`,
    );
  }
  if (!ALLOWED.test(display) || INVISIBLE.test(display) || STARTS_WITH_MARK.test(display)) {
    throw badInput(
      field,
      'A nickname may contain letters, digits, "_", "-" and "." only: no spaces, symbols or invisible characters',
    );
  }
  if (!HAS_LETTER_OR_DIGIT.test(display)) {
    throw badInput(field, 'A nickname needs at least one letter or digit');
  }
  if (!isSingleScript(display)) {
    throw badInput(field, 'A nickname must be written in one script (digits and "_-." aside)');
  }
  return { display, key: nicknameKey(display) };
}

/**
 * Length in display cells: wide and fullwidth characters (Han, Kana, Hangul) count as two, so a
 * two-character Chinese name such as `李雷` meets the three-character minimum, as it should: it
 * carries as much as a six-letter Latin one.
 */
export function displayLength(text: string): number {
  let cells = 0;
  for (const char of text)
    cells += eastAsianWidth(char.codePointAt(0) as number, { ambiguousAsWide: false });
  return cells;
}

/**
 * The uniqueness key, also the key of every lookup by nickname (`user(nickname:)`, `users(search:)`,
 * `login`): case, compatibility forms, accents and UTS #39 confusables folded together
 * (look-alikes.ts), so that `alice`, `Alice`, `ＡＬＩＣＥ`, `аlice` (Cyrillic а) and `AIice`
 * (capital I) share one key. Stored in `User.nicknameKey`: when this function changes, existing
 * keys are recomputed at start (nickname-rekeying.ts).
 */
export function nicknameKey(display: string): string {
  return lookAlikeKey(display);
}
