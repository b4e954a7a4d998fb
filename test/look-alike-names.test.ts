import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import unhomoglyph from 'unhomoglyph';
import { describe, expect, it } from 'vitest';
import { nicknameKey } from '../src/domain/nicknames.js';
import {
  ChangeNicknameDocument,
  LoginDocument,
  RegisterDocument,
  RoomByNameDocument,
  SearchUsersDocument,
  UserByNicknameDocument,
} from './generated/graphql.js';
import { PASSWORD, signUp } from './support/accounts.js';
import { startTestServer, temporaryDatabaseFile, useTestServer } from './support/server.js';
import { createTestDatabase, onPostgres } from './support/services.js';

const require = createRequire(import.meta.url);
/** UTS #39's confusables table, the one the server uses: look-alike → prototype. */
const confusables: Record<string, string> = require('unhomoglyph/data.json');

const upper = (char: string) => {
  const mapped = char.toUpperCase();
  return [...mapped].length === 1 ? mapped : char;
};

/** What a letter's capital passes for (its prototype, in capitals), if anything. */
const capitalLooksLike = (letter: string) => {
  const prototype = confusables[upper(letter)];
  return prototype === undefined ? undefined : prototype.toUpperCase();
};

/**
 * Whether a look-alike's capital passes for something else than the prototype's capital (Greek
 * `σ` looks like `o`, but `Σ` looks like `Ʃ`, not `O`). Case and confusables disagree there, and
 * the key judges such a letter by its capital (see look-alikes.ts): those pairs are left out below.
 */
const capitalDisagrees = (source: string, prototype: string) => {
  const looksLike = capitalLooksLike(source);
  return looksLike !== undefined && looksLike !== (capitalLooksLike(prototype) ?? upper(prototype));
};

/** Every look-alike of each prototype character, from the table: letters and digits only. */
const lookAlikesOf = new Map<string, string[]>();
let letterPairs = 0;
let disagreeing = 0;
for (const [source, prototype] of Object.entries(confusables)) {
  // Compatibility forms (a mathematical σ) are the letter they stand for; what is no single
  // letter or digit then (ﬀ, a spacing iota) cannot be in a nickname.
  const letter = source.normalize('NFKC');
  if (!/^[\p{L}\p{Nd}]$/u.test(letter)) continue;
  letterPairs += 1;
  // NFKC comes first (nicknames are NFKC-normalized): a long ſ is an s, whatever it resembles.
  const nfkcDisagrees = (confusables[letter] ?? letter) !== prototype;
  if (nfkcDisagrees || capitalDisagrees(letter, prototype)) {
    disagreeing += 1;
    continue;
  }
  lookAlikesOf.set(prototype, [...(lookAlikesOf.get(prototype) ?? []), source]);
}

const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-';
const cyrillic = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ';
const greek = 'αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ';

/** Names of one script, as people choose them. */
const names = fc.oneof(
  ...[letters, cyrillic, greek].map((alphabet) =>
    fc
      .array(fc.constantFrom(...alphabet), { minLength: 3, maxLength: 16 })
      .map((chars) => chars.join('')),
  ),
);

const pick = <T>(items: readonly T[], at: number): T => items[at % items.length] as T;

/** Changes a reader would not notice, or the contract says do not matter, one at a time. */
const edits = {
  /** Upper or lower case, one character at a time, as typed. */
  recase: (name: string, at: number) => {
    const chars = [...name];
    const char = pick(chars, at);
    const flipped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
    chars[at % chars.length] = [...flipped].length === 1 ? flipped : char;
    return chars.join('');
  },
  /** One character replaced by a look-alike from the confusables table. */
  lookAlike: (name: string, at: number, choice: number) => {
    const chars = [...name];
    const char = pick(chars, at);
    const candidates = lookAlikesOf.get(char);
    if (candidates) chars[at % chars.length] = pick(candidates, choice);
    return chars.join('');
  },
  /**
   * A combining mark every script shares (accents, dots: U+0300–U+036F) after a character; all but
   * U+0345, the Greek iota subscript, which upper-cases to a whole letter (`ᾳ` → `ΑΙ`).
   */
  combiningMark: (name: string, at: number, choice: number) => {
    const chars = [...name];
    const mark = 0x300 + (choice % 0x70);
    chars.splice((at % chars.length) + 1, 0, String.fromCodePoint(mark === 0x345 ? 0x301 : mark));
    return chars.join('');
  },
  /** Fullwidth or mathematical forms of ASCII letters and digits (NFKC folds them). */
  compatibilityForm: (name: string, at: number, choice: number) => {
    const chars = [...name];
    const char = pick(chars, at);
    if (/^[A-Za-z0-9]$/.test(char)) {
      const fullwidth = String.fromCodePoint((char.codePointAt(0) as number) + 0xfee0);
      const bold = /[A-Z]/.test(char)
        ? String.fromCodePoint(0x1d400 + char.charCodeAt(0) - 65)
        : /[a-z]/.test(char)
          ? String.fromCodePoint(0x1d41a + char.charCodeAt(0) - 97)
          : fullwidth;
      chars[at % chars.length] = choice % 2 === 0 ? fullwidth : bold;
    }
    return chars.join('');
  },
  /** An invisible character (zero-width space, joiner, soft hyphen, variation selector). */
  invisible: (name: string, at: number, choice: number) => {
    const chars = [...name];
    chars.splice(
      at % (chars.length + 1),
      0,
      pick(['\u200b', '\u200d', '\u00ad', '\ufe0f'], choice),
    );
    return chars.join('');
  },
  decomposed: (name: string) => name.normalize('NFD'),
  allUpper: (name: string) => name.toUpperCase(),
  allLower: (name: string) => name.toLowerCase(),
};

type Edit = [keyof typeof edits, number, number];
const editSequences = fc.array(
  fc.tuple(fc.constantFrom(...(Object.keys(edits) as (keyof typeof edits)[])), fc.nat(), fc.nat()),
  { minLength: 1, maxLength: 6 },
);
const applyEdits = (name: string, sequence: Edit[]) =>
  sequence.reduce((text, [edit, at, choice]) => edits[edit](text, at, choice), name);

describe('the nickname key folds every look-alike of a name into one', () => {
  it('gives the same key to any mix of case changes, confusables, marks, compatibility forms and invisibles', () => {
    fc.assert(
      fc.property(names, editSequences, (name, sequence) => {
        const variant = applyEdits(name, sequence);
        expect(nicknameKey(variant), JSON.stringify({ name, variant })).toBe(nicknameKey(name));
      }),
      { numRuns: 5_000 },
    );
  });

  it('leaves out only the few look-alikes whose capital passes for another letter', () => {
    expect(letterPairs).toBeGreaterThan(4_000);
    expect(disagreeing / letterPairs).toBeLessThan(0.08);
  });

  it('is a fixed point, and the key of a prefix is a prefix of the key (users(search:) relies on it)', () => {
    fc.assert(
      fc.property(names, fc.nat(), (name, cut) => {
        const key = nicknameKey(name);
        expect(nicknameKey(key)).toBe(key);
        const prefix = [...name].slice(0, cut % (name.length + 1)).join('');
        expect(key.startsWith(nicknameKey(prefix)), JSON.stringify({ name, prefix })).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    ['Alice', 'AIice'],
    ['will', 'wiII'],
    ['Ian', 'lan'],
    ['BOB', 'B0B'],
    ['ali', 'ali\u0307'],
    ['alice', 'ＡＬＩＣＥ'],
    ['aceace', 'асеасе'],
    ['rnoon', 'moon'],
  ])('folds %s and %s together', (name, lookAlike) => {
    expect(nicknameKey(lookAlike)).toBe(nicknameKey(name));
  });

  it('keeps names apart that only share letters', () => {
    for (const [a, b] of [
      ['alice', 'alina'],
      ['李雷', '李雪'],
      ['सुमन', 'समन'], // Devanagari vowel signs spell the word: kept
      ['bob', 'bop'],
    ] as const) {
      expect(nicknameKey(a), `${a} / ${b}`).not.toBe(nicknameKey(b));
    }
  });
});

describe('look-alike nicknames through the API', () => {
  const server = useTestServer();

  it.each([
    ['Alice', 'AIice'],
    ['will', 'wiII'],
    ['Ian', 'lan'],
    ['BOB', 'B0B'],
    ['ali', 'ali\u0307'],
  ])('refuses %s’s look-alike %s, which finds and signs in the holder', async (name, lookAlike) => {
    const holder = await signUp(server, name);
    const taken = await server.request(RegisterDocument, {
      nickname: lookAlike,
      password: PASSWORD,
    });
    expect(taken.errors?.[0]?.extensions).toMatchObject({
      code: 'NICKNAME_TAKEN',
      field: 'nickname',
    });
    const found = await server.request(UserByNicknameDocument, { nickname: lookAlike }, holder);
    expect(found.data?.user).toMatchObject({ id: holder.user.id, nickname: name });
    const signedIn = await server.request(LoginDocument, {
      nickname: lookAlike,
      password: PASSWORD,
    });
    expect(signedIn.data?.login.user.id).toBe(holder.user.id);
  });

  it('refuses renaming to a look-alike of someone else’s name', async () => {
    await signUp(server, 'Isolde');
    const other = await signUp(server);
    const renamed = await server.request(ChangeNicknameDocument, { nickname: 'lSOLDE' }, other);
    expect(renamed.errors?.[0]?.extensions).toMatchObject({ code: 'NICKNAME_TAKEN' });
  });

  it('finds a registered user by any generated look-alike of their name, and by its prefix', async () => {
    const viewer = await signUp(server);
    const people = await Promise.all(['Olivia10', 'Иван', 'Ελενη'].map((n) => signUp(server, n)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...people),
        editSequences,
        fc.integer({ min: 3, max: 8 }),
        async (person, sequence, cut) => {
          const variant = applyEdits(person.user.nickname, sequence);
          const found = await server.request(UserByNicknameDocument, { nickname: variant }, viewer);
          expect(found.data?.user?.id, JSON.stringify(variant)).toBe(person.user.id);
          // `cut` letters or digits: invisibles and marks alone would make a prefix that many
          // other users share, and a search answers only its first page.
          const prefix = prefixOfLetters(variant.normalize('NFC'), cut);
          const search = await server.request(SearchUsersDocument, { search: prefix }, viewer);
          expect(
            search.data?.users.map((user) => user.id),
            JSON.stringify(prefix),
          ).toContain(person.user.id);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** The start of `text` up to and including its `count`-th letter or digit. */
function prefixOfLetters(text: string, count: number): string {
  let seen = 0;
  let prefix = '';
  for (const char of text) {
    prefix += char;
    if (/[\p{L}\p{N}]/u.test(char)) seen += 1;
    if (seen === count) break;
  }
  return prefix;
}

describe('room names that look alike are one name', () => {
  const server = useTestServer();

  it.each(['generaI', 'genera1', 'GENERAL', 'g\u0435neral', 'génér\u0430l'])(
    'refuses %s beside general with ROOM_NAME_TAKEN, and room(name:) finds general by it',
    async (lookAlike) => {
      const someone = await signUp(server);
      const created = await server.request(
        'mutation($name: String!) { createRoom(name: $name) { id } }',
        { name: lookAlike },
        someone,
      );
      expect(created.errors?.[0]?.extensions).toMatchObject({ code: 'ROOM_NAME_TAKEN' });
      const found = await server.request(RoomByNameDocument, { name: lookAlike }, someone);
      expect(found.data?.room?.name).toBe('general');
    },
  );
});

/**
 * The test's own connection to a server's storage, to write what an older release stored: the
 * SQLite file, or a PostgreSQL database of its own in `npm run test:postgres`.
 */
async function legacyStorage() {
  const file = temporaryDatabaseFile();
  const postgres = onPostgres ? await createTestDatabase() : undefined;
  const server = () =>
    startTestServer({
      databaseFile: file.file,
      ...(postgres && { env: { DATABASE_URL: postgres.url } }),
    });
  async function query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    if (postgres) {
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        let n = 0;
        return (
          await client.query(
            sql.replace(/\?/g, () => `$${++n}`),
            params,
          )
        ).rows;
      } finally {
        await client.end();
      }
    }
    const sqlite = new Database(file.file);
    try {
      const statement = sqlite.prepare(sql);
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    } finally {
      sqlite.close();
    }
  }
  return {
    server,
    query,
    async cleanup() {
      file.cleanup();
      await postgres?.drop();
    },
  };
}

describe('names stored under an older key', () => {
  /** The key an earlier release stored: lower case first, then the skeleton. */
  const oldKey = (nickname: string) =>
    unhomoglyph(
      nickname.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').normalize('NFD'),
    ).normalize('NFD');

  it('are recomputed at start; a name that now collides with an earlier one gains #id, and its owner still signs in', async () => {
    const storage = await legacyStorage();
    try {
      const first = await storage.server();
      const alice = await signUp(first, 'Alice');
      const ivan = await signUp(first, 'Ivan');
      const impostor = await signUp(first, 'placeholder');
      const general = await first.request(RoomByNameDocument, { name: 'general' }, alice);
      const lookAlikeRoom = await first.request(
        'mutation { createRoom(name: "placeholder") { id } }',
        {},
        alice,
      );
      await first.stop();
      // What the earlier release let in: `AIice` beside `Alice`, every key its own way.
      for (const row of await storage.query('SELECT id, nickname FROM "User"')) {
        const nickname = row.nickname === 'placeholder' ? 'AIice' : String(row.nickname);
        await storage.query('UPDATE "User" SET nickname = ?, "nicknameKey" = ? WHERE id = ?', [
          nickname,
          oldKey(nickname),
          row.id,
        ]);
      }
      // Rooms were keyed by lower case alone: `generaI` (capital I) beside `general`.
      for (const room of await storage.query('SELECT id, name FROM "Room"')) {
        const name = room.name === 'placeholder' ? 'generaI' : String(room.name);
        await storage.query('UPDATE "Room" SET name = ?, "nameKey" = ? WHERE id = ?', [
          name,
          name.normalize('NFKC').toLowerCase(),
          room.id,
        ]);
      }

      const restarted = await storage.server();
      try {
        const impostorId = Number(
          Buffer.from(impostor.user.id, 'base64url').toString('utf8').split(':')[1],
        );
        const byLookAlike = await restarted.request(
          UserByNicknameDocument,
          { nickname: 'AIice' },
          alice,
        );
        expect(byLookAlike.data?.user).toMatchObject({ id: alice.user.id, nickname: 'Alice' });
        // Ivan's key changed (I is now read as l), without a collision: found and signed in as before.
        const ivanAgain = await restarted.request(LoginDocument, {
          nickname: 'IVAN',
          password: PASSWORD,
        });
        expect(ivanAgain.data?.login.user.id).toBe(ivan.user.id);
        // The later look-alike keeps its account under `AIice#<id>`, and signs in with it.
        const renamed = `AIice#${impostorId}`;
        const impostorAgain = await restarted.request(LoginDocument, {
          nickname: renamed,
          password: PASSWORD,
        });
        expect(impostorAgain.data?.login.user).toEqual(
          expect.objectContaining({ id: impostor.user.id, nickname: renamed }),
        );
        const asAlice = await restarted.request(LoginDocument, {
          nickname: 'AIice',
          password: PASSWORD,
        });
        expect(asAlice.data?.login.user.id).toBe(alice.user.id);
        // `general` is still the one room of that name; the look-alike room gained its #id.
        const generalAgain = await restarted.request(
          RoomByNameDocument,
          { name: 'generaI' },
          alice,
        );
        expect(generalAgain.data?.room).toMatchObject({
          id: general.data?.room?.id,
          name: 'general',
        });
        const roomId = (lookAlikeRoom.data as { createRoom: { id: string } }).createRoom.id;
        const roomKey = Buffer.from(roomId, 'base64url').toString('utf8').split(':')[1];
        const renamedRoom = await restarted.request(
          RoomByNameDocument,
          { name: `generaI#${roomKey}` },
          alice,
        );
        expect(renamedRoom.data?.room).toMatchObject({ id: roomId, name: `generaI#${roomKey}` });
        // A rename to a free name works as for anyone.
        const fresh = await restarted.request(
          ChangeNicknameDocument,
          { nickname: 'Alicia_two' },
          impostorAgain.data?.login ?? { token: '' },
        );
        expect(fresh.data?.changeNickname.nickname).toBe('Alicia_two');
      } finally {
        await restarted.stop();
      }
      // A second start finds nothing to change.
      const keys = 'SELECT "nicknameKey" FROM "User" ORDER BY id';
      const before = await storage.query(keys);
      const third = await storage.server();
      await third.stop();
      expect(await storage.query(keys)).toEqual(before);
    } finally {
      await storage.cleanup();
    }
  });
});
