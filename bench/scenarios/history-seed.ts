import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

/**
 * Writes a large history straight into Charla's SQLite file (the server stopped), as Charla
 * itself would have stored it: a room message is a `Message` row plus a `StreamEntry` row at
 * the next position of the room's stream (position = changePosition, conversationId NULL), and
 * `Stream.lastPosition` ends at the room's count. One transaction, prepared statements, and
 * a fixed PRNG seed: the same database every time.
 */

export type SeedRoom = { roomId: number; streamId: number };

export type SeedRequest = {
  databasePath: string;
  /** The first room is the hot one. */
  rooms: SeedRoom[];
  authorIds: number[];
  messages: number;
  hotRoomMessages: number;
  seed: number;
};

export type SeedResult = { messages: number; perRoom: number[]; elapsedMs: number };

const WORDS = (
  'the a to and of in is it you that for on with this was are be at have not but we so ' +
  'what can just like do if get about will out up when all how they there one good time ' +
  'meeting lunch today tomorrow deploy build review coffee release bug fix test idea yes no'
).split(' ');

/** mulberry32 */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chat-like text of 3 to 20 words. */
function body(random: () => number): string {
  const words = 3 + Math.floor(random() * 18);
  let text = '';
  for (let index = 0; index < words; index++) {
    text += `${index ? ' ' : ''}${WORDS[Math.floor(random() * WORDS.length)]}`;
  }
  return text;
}

/** Charla's stored DateTime format (ISO-8601 with an explicit UTC offset). */
function storedDate(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace('Z', '+00:00');
}

/**
 * Interleaves the rooms as a busy server would: message k goes to the hot room on an even
 * spread of exactly `hotRoomMessages` slots, otherwise to the other rooms in turn.
 */
export function seedHistory(request: SeedRequest): SeedResult {
  const { rooms, authorIds, messages, hotRoomMessages } = request;
  if (rooms.length < 2 || authorIds.length === 0) throw new Error('need 2+ rooms and an author');
  const started = performance.now();
  const random = seededRandom(request.seed);
  const database = new Database(request.databasePath);
  // Safe only because nothing else has the file open and a failed seed is simply redone.
  database.pragma('synchronous = OFF');
  database.pragma('foreign_keys = OFF');
  database.pragma('cache_size = -524288');
  const insertMessage = database.prepare(
    'INSERT INTO "Message" ("authorId", "roomId", "body", "createdAt") VALUES (?, ?, ?, ?)',
  );
  const insertEntry = database.prepare(
    'INSERT INTO "StreamEntry" ("streamId", "position", "changePosition", "messageId", "authorId", "conversationId") VALUES (?, ?, ?, ?, ?, NULL)',
  );
  const setLastPosition = database.prepare('UPDATE "Stream" SET "lastPosition" = ? WHERE "id" = ?');
  const lastPositions = database.prepare('SELECT "lastPosition" FROM "Stream" WHERE "id" = ?');

  const positions = rooms.map(
    (room) => (lastPositions.get(room.streamId) as { lastPosition: number }).lastPosition,
  );
  const perRoom = rooms.map(() => 0);
  const createdFrom = Date.UTC(2026, 0, 1);
  const others = rooms.length - 1;

  database.transaction(() => {
    let nextOther = 0;
    for (let k = 0; k < messages; k++) {
      const hot =
        Math.floor(((k + 1) * hotRoomMessages) / messages) >
        Math.floor((k * hotRoomMessages) / messages);
      const index = hot ? 0 : 1 + (nextOther++ % others);
      const room = rooms[index] as SeedRoom;
      const authorId = authorIds[k % authorIds.length] as number;
      const { lastInsertRowid } = insertMessage.run(
        authorId,
        room.roomId,
        body(random),
        storedDate(createdFrom + k * 1000),
      );
      const position = (positions[index] as number) + 1;
      positions[index] = position;
      perRoom[index] = (perRoom[index] as number) + 1;
      insertEntry.run(room.streamId, position, position, lastInsertRowid, authorId);
    }
    rooms.forEach((room, index) => {
      setLastPosition.run(positions[index], room.streamId);
    });
  })();
  database.pragma('wal_checkpoint(TRUNCATE)');
  database.close();
  return { messages, perRoom, elapsedMs: performance.now() - started };
}
