import type { SqliteConnection } from '../db/sqlite-adapter.js';
import { type RoomStanding, roomRefusal } from '../domain/access.js';
import type { EntryWithMessage, MessageView, StoredMessage } from '../domain/message-views.js';
import type {
  DirectPost,
  DirectPostOutcome,
  Room,
  RoomPost,
  RoomPostOutcome,
  Store,
  StoredPage,
} from '../domain/ports.js';
import type { User } from '../domain/users.js';
import { createGroupCommit } from './group-commit.js';
import { standingFrom } from './room-standings.js';

/**
 * The hot paths of `Store` as statements prepared once on Prisma's SQLite connection: through
 * Prisma each statement paid query compilation, a fresh `prepare` and result mapping, which
 * dominated posts and history pages (figures: BENCHMARKS.md, "SQLite without Prisma on the hot
 * paths").
 *
 * Posts and direct messages are committed in groups (group-commit.ts): the sends submitted in
 * one turn of the event loop, or while the connection was busy, share one transaction and its
 * fsync, and each is answered only after the shared COMMIT returned.
 *
 * Every method runs its statements synchronously inside `exclusive`, so none may be called from
 * inside a Prisma transaction on the same connection: it would wait for that transaction's end.
 */

/** Most sends one transaction takes; the rest go in the next group. */
const MAX_GROUP = 100;

const MESSAGE_COLUMNS = `m."id", m."authorId", m."roomId", m."recipientId", m."conversationId",
  m."body", m."clientMessageId", m."createdAt", m."editedAt", m."deletedAt"`;

type MessageRow = Omit<StoredMessage, 'createdAt' | 'editedAt' | 'deletedAt'> & {
  createdAt: string | number;
  editedAt: string | number | null;
  deletedAt: string | number | null;
};
type EntryRow = MessageRow & { streamId: number; position: number; changePosition: number };
/** A history row in `raw` form (an array: no object per row), in the SELECT's column order. */
type PageRow = [
  streamId: number,
  position: number,
  changePosition: number,
  id: number,
  authorId: number,
  roomId: number | null,
  recipientId: number | null,
  conversationId: number | null,
  body: string,
  clientMessageId: string | null,
  createdAt: string | number,
  editedAt: string | number | null,
  deletedAt: string | number | null,
  authorNickname: string | null,
  authorCreatedAt: string | number,
];

/** How Prisma's adapter writes a DateTime (ISO 8601 with an explicit UTC offset). */
function toStoredDate(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** Reads a DateTime column: Prisma's ISO strings, SQLite's CURRENT_TIMESTAMP (UTC), epoch ms. */
function fromStoredDate(value: string | number): Date {
  if (typeof value === 'number') return new Date(value);
  return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}

/** The columns of a room (`r`) and a membership (`mb`) that `standingOf` reads. */
const STANDING_COLUMNS = `r."visibility", r."ownerId", mb."userId" IS NOT NULL AS "member",
      mb."role", mb."mutedAt", mb."mutedUntil"`;

type StandingRow = {
  visibility: string;
  ownerId: number | null;
  member: number;
  role: string | null;
  mutedAt: string | number | null;
  mutedUntil: string | number | null;
  banUntil: string | number | null;
  banned: number;
};

/** A user's standing in a room, from a row of `STANDING_COLUMNS` and the ban columns. */
function standingOf(row: StandingRow, userId: number): RoomStanding {
  return standingFrom(
    row,
    userId,
    row.member
      ? {
          role: row.role ?? 'MEMBER',
          mutedAt: fromOptionalDate(row.mutedAt),
          mutedUntil: fromOptionalDate(row.mutedUntil),
        }
      : null,
    row.banned ? { until: fromOptionalDate(row.banUntil) } : null,
  );
}

function fromOptionalDate(value: string | number | null): Date | null {
  return value === null ? null : fromStoredDate(value);
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    authorId: row.authorId,
    roomId: row.roomId,
    recipientId: row.recipientId,
    conversationId: row.conversationId,
    body: row.body,
    clientMessageId: row.clientMessageId,
    createdAt: fromStoredDate(row.createdAt),
    editedAt: fromOptionalDate(row.editedAt),
    deletedAt: fromOptionalDate(row.deletedAt),
  };
}

function toView(row: EntryRow, author?: User): MessageView {
  return {
    ...toMessage(row),
    streamId: row.streamId,
    position: row.position,
    changePosition: row.changePosition,
    author,
  };
}

/** A page's rows as views, each author built once per page. */
function toPageViews(rows: PageRow[]): MessageView[] {
  const authors = new Map<number, User>();
  return rows.map((row) => {
    const [streamId, position, changePosition, id, authorId, roomId, recipientId] = row;
    const [, , , , , , , conversationId, body, clientMessageId, createdAt, editedAt, deletedAt] =
      row;
    let author = authors.get(authorId);
    if (!author) {
      author = { id: authorId, nickname: row[13], createdAt: fromStoredDate(row[14]) };
      authors.set(authorId, author);
    }
    return {
      id,
      authorId,
      roomId,
      recipientId,
      conversationId,
      body,
      clientMessageId,
      createdAt: fromStoredDate(createdAt),
      editedAt: fromOptionalDate(editedAt),
      deletedAt: fromOptionalDate(deletedAt),
      streamId,
      position,
      changePosition,
      author,
    };
  });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The methods of `Store` this module speeds up; the rest stay Prisma's (`createPrismaStore`),
 * over which these are spread.
 */
export type SqliteHotPaths = Pick<
  Store,
  | 'findSession'
  | 'ownMessage'
  | 'postToRoom'
  | 'sendDirect'
  | 'roomStanding'
  | 'streamHead'
  | 'findUser'
  | 'findRooms'
  | 'readPage'
>;

export function createSqliteStore(connection: SqliteConnection): SqliteHotPaths {
  const { database, exclusive, observe } = connection;

  /** A prepared statement returning plain numbers, reported to the statement observer. */
  function statement<Row = unknown>(sql: string, { raw = false } = {}) {
    const prepared = database.prepare(sql).safeIntegers(false);
    if (raw) prepared.raw(true);
    return {
      get(...parameters: unknown[]): Row | undefined {
        observe(sql);
        return prepared.get(...parameters) as Row | undefined;
      },
      all(...parameters: unknown[]): Row[] {
        observe(sql);
        return prepared.all(...parameters) as Row[];
      },
      run(...parameters: unknown[]): void {
        observe(sql);
        prepared.run(...parameters);
      },
    };
  }

  const findSession = statement<{
    id: number;
    userId: number;
    expiresAt: string | number;
    revokedAt: string | number | null;
    hasNickname: number;
  }>(`SELECT s."id", s."userId", s."expiresAt", s."revokedAt", u."nickname" IS NOT NULL AS "hasNickname"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."tokenHash" = ?`);
  // The author's own stream entry first (a direct message has one in each participant's stream).
  const ownMessage = statement<EntryRow>(`SELECT ${MESSAGE_COLUMNS},
      e."streamId", e."position", e."changePosition"
    FROM "Message" m JOIN "StreamEntry" e ON e."messageId" = m."id"
    JOIN "Stream" s ON s."id" = e."streamId"
    WHERE m."authorId" = ? AND m."clientMessageId" = ?
    ORDER BY s."userId" IS m."authorId" DESC LIMIT 1`);
  // The facts of the access rules (room-standings.ts) in the same row as the stream: no extra
  // statement on the post path.
  const roomStream = statement<{ streamId: number } & StandingRow>(`SELECT s."id" AS "streamId",
      ${STANDING_COLUMNS}, NULL AS "banUntil", 0 AS "banned"
    FROM "Stream" s JOIN "Room" r ON r."id" = s."roomId"
    LEFT JOIN "Membership" mb ON mb."roomId" = r."id" AND mb."userId" = ?
    WHERE s."roomId" = ?`);
  const roomStandingRow = statement<StandingRow>(`SELECT ${STANDING_COLUMNS},
      b."until" AS "banUntil", b."userId" IS NOT NULL AS "banned"
    FROM "Room" r
    LEFT JOIN "Membership" mb ON mb."roomId" = r."id" AND mb."userId" = ?
    LEFT JOIN "RoomBan" b ON b."roomId" = r."id" AND b."userId" = ?
    WHERE r."id" = ?`);
  // The row lock of PostgreSQL's version is not needed: one connection, one writer at a time.
  const advanceStream = statement<{ lastPosition: number }>(
    'UPDATE "Stream" SET "lastPosition" = "lastPosition" + 1 WHERE "id" = ? RETURNING "lastPosition"',
  );
  const insertMessage = statement<{ id: number }>(`INSERT INTO "Message"
    ("authorId", "roomId", "body", "clientMessageId", "createdAt") VALUES (?, ?, ?, ?, ?) RETURNING "id"`);
  const insertDirectMessage = statement<{ id: number }>(`INSERT INTO "Message"
    ("authorId", "recipientId", "conversationId", "body", "clientMessageId", "createdAt")
    VALUES (?, ?, ?, ?, ?, ?) RETURNING "id"`);
  const insertEntry = statement(`INSERT INTO "StreamEntry"
    ("streamId", "position", "changePosition", "messageId", "authorId", "conversationId")
    VALUES (?, ?, ?, ?, ?, ?)`);
  const findConversation = statement<{ id: number }>(
    'SELECT "id" FROM "Conversation" WHERE "userLowId" = ? AND "userHighId" = ?',
  );
  const insertConversation = statement<{ id: number }>(
    'INSERT INTO "Conversation" ("userLowId", "userHighId", "createdAt") VALUES (?, ?, ?) RETURNING "id"',
  );
  const insertParticipant = statement(
    'INSERT INTO "ConversationParticipant" ("conversationId", "userId", "peerId") VALUES (?, ?, ?)',
  );
  const setParticipantPosition = statement(
    'UPDATE "ConversationParticipant" SET "lastPosition" = ? WHERE "conversationId" = ? AND "userId" = ?',
  );
  const findUser = statement<{ id: number; nickname: string | null; createdAt: string | number }>(
    'SELECT "id", "nickname", "createdAt" FROM "User" WHERE "id" = ?',
  );
  const findRooms = statement<Omit<Room, 'createdAt'> & { createdAt: string | number }>(
    `SELECT "id", "name", "nameKey", "visibility", "topic", "ownerId", "createdAt" FROM "Room"
    WHERE "id" IN (SELECT "value" FROM json_each(?))`,
  );
  const streamOfRoom = statement<{ id: number; lastPosition: number }>(
    'SELECT "id", "lastPosition" FROM "Stream" WHERE "roomId" = ?',
  );
  const streamOfUser = statement<{ id: number; lastPosition: number }>(
    'SELECT "id", "lastPosition" FROM "Stream" WHERE "userId" = ?',
  );
  // History with its authors in one statement, ordered and bounded by the (streamId, position)
  // keys; positions start at 1, so 0 and MAX_SAFE_INTEGER stand for "no bound".
  const pageStatement = (order: 'ASC' | 'DESC', inConversation: boolean) =>
    statement<PageRow>(
      `SELECT "StreamEntry"."streamId", "StreamEntry"."position",
        "StreamEntry"."changePosition", ${MESSAGE_COLUMNS},
        u."nickname" AS "authorNickname", u."createdAt" AS "authorCreatedAt"
      FROM "StreamEntry" JOIN "Message" m ON m."id" = "StreamEntry"."messageId"
      JOIN "User" u ON u."id" = m."authorId"
      WHERE "StreamEntry"."streamId" = ?${inConversation ? ' AND "StreamEntry"."conversationId" = ?' : ''}
        AND "StreamEntry"."position" > ? AND "StreamEntry"."position" < ?
        AND NOT EXISTS (SELECT 1 FROM "Block" b
          WHERE b."blockerId" = ? AND b."blockedId" = "StreamEntry"."authorId")
      ORDER BY "StreamEntry"."position" ${order} LIMIT ?`,
      { raw: true },
    );
  const pages = {
    ascending: pageStatement('ASC', false),
    descending: pageStatement('DESC', false),
    conversationAscending: pageStatement('ASC', true),
    conversationDescending: pageStatement('DESC', true),
  };

  const begin = statement('BEGIN IMMEDIATE');
  const beginRead = statement('BEGIN DEFERRED');
  const commit = statement('COMMIT');
  const rollback = statement('ROLLBACK');
  const savepoint = statement('SAVEPOINT post');
  const release = statement('RELEASE post');
  const rollbackToSavepoint = statement('ROLLBACK TO post');
  const groupCommit = createGroupCommit({
    exclusive,
    maxGroup: MAX_GROUP,
    transaction: {
      begin: () => begin.run(),
      commit: () => commit.run(),
      rollback: () => {
        if (database.inTransaction) rollback.run();
      },
      savepoint: () => savepoint.run(),
      release: () => release.run(),
      rollbackToSavepoint: () => rollbackToSavepoint.run(),
    },
  });

  function readUser(id: number): User | undefined {
    const row = findUser.get(id);
    return row && { ...row, createdAt: fromStoredDate(row.createdAt) };
  }

  function readOwnMessage(authorId: number, clientMessageId: string): MessageView | null {
    const row = ownMessage.get(authorId, clientMessageId);
    return row ? toView(row) : null;
  }

  /** One post, inside the group's transaction. */
  function writeRoomPost(post: RoomPost): RoomPostOutcome {
    const room = roomStream.get(post.authorId, post.roomId);
    if (!room) return { kind: 'refused', refusal: roomRefusal('post', null) };
    const refusal = roomRefusal('post', standingOf(room, post.authorId));
    if (refusal) return { kind: 'refused', refusal };
    const position = (advanceStream.get(room.streamId) as { lastPosition: number }).lastPosition;
    const createdAt = new Date();
    const { id } = insertMessage.get(
      post.authorId,
      post.roomId,
      post.body,
      post.clientMessageId,
      toStoredDate(createdAt),
    ) as { id: number };
    insertEntry.run(room.streamId, position, position, id, post.authorId, null);
    const entry: EntryWithMessage = {
      streamId: room.streamId,
      position,
      changePosition: position,
      message: {
        id,
        authorId: post.authorId,
        roomId: post.roomId,
        recipientId: null,
        conversationId: null,
        body: post.body,
        clientMessageId: post.clientMessageId,
        createdAt,
        editedAt: null,
        deletedAt: null,
      },
    };
    return { kind: 'posted', entry, author: readUser(post.authorId) };
  }

  /** One direct message, inside the group's transaction. */
  function writeDirectPost(post: DirectPost): DirectPostOutcome {
    const recipientStream = streamOfUser.get(post.recipientId);
    if (!recipientStream) return { kind: 'no-recipient' };
    const senderStream = streamOfUser.get(post.authorId);
    if (!senderStream) throw new Error(`user ${post.authorId} has no stream`);
    const createdAt = new Date();
    const conversationId = conversationBetween(post.authorId, post.recipientId, createdAt);
    // Ascending stream ids, like every writer (see advanceStreams).
    const streamIds = [senderStream.id, recipientStream.id];
    const positions = new Map(
      [...streamIds]
        .sort((a, b) => a - b)
        .map((id) => [id, (advanceStream.get(id) as { lastPosition: number }).lastPosition]),
    );
    const { id } = insertDirectMessage.get(
      post.authorId,
      post.recipientId,
      conversationId,
      post.body,
      post.clientMessageId,
      toStoredDate(createdAt),
    ) as { id: number };
    const message: StoredMessage = {
      id,
      authorId: post.authorId,
      roomId: null,
      recipientId: post.recipientId,
      conversationId,
      body: post.body,
      clientMessageId: post.clientMessageId,
      createdAt,
      editedAt: null,
      deletedAt: null,
    };
    const [sender, recipient] = [post.authorId, post.recipientId].map((userId, index) => {
      const streamId = streamIds[index] as number;
      const position = positions.get(streamId) as number;
      insertEntry.run(streamId, position, position, id, post.authorId, conversationId);
      setParticipantPosition.run(position, conversationId, userId);
      return { streamId, position, changePosition: position, message };
    }) as [EntryWithMessage, EntryWithMessage];
    return { kind: 'sent', entries: [sender, recipient], author: readUser(post.authorId) };
  }

  /** The one conversation between two users, created with both participants on first use. */
  function conversationBetween(a: number, b: number, now: Date): number {
    const [low, high] = a < b ? [a, b] : [b, a];
    const existing = findConversation.get(low, high);
    if (existing) return existing.id;
    const { id } = insertConversation.get(low, high, toStoredDate(now)) as { id: number };
    insertParticipant.run(id, a, b);
    insertParticipant.run(id, b, a);
    return id;
  }

  /**
   * Commits `write` with the group, and answers after the COMMIT. A send that lost to a
   * concurrent one with the same idempotency key (in this group or an earlier one) answers with
   * the winner's message.
   */
  async function send<Outcome>(
    post: { authorId: number; clientMessageId: string | null },
    write: () => Outcome,
  ): Promise<Outcome | { kind: 'retried'; view: MessageView }> {
    try {
      return await groupCommit(write);
    } catch (error) {
      const original =
        isUniqueViolation(error) && post.clientMessageId !== null
          ? await store.ownMessage(post.authorId, post.clientMessageId)
          : null;
      if (!original) throw error;
      return { kind: 'retried', view: original };
    }
  }

  const store: SqliteHotPaths = {
    findSession: (tokenHash) =>
      exclusive(() => {
        const row = findSession.get(tokenHash);
        return row
          ? {
              id: row.id,
              userId: row.userId,
              expiresAt: fromStoredDate(row.expiresAt),
              revokedAt: fromOptionalDate(row.revokedAt),
              hasNickname: row.hasNickname === 1,
            }
          : null;
      }),

    ownMessage: (authorId, clientMessageId) =>
      exclusive(() => readOwnMessage(authorId, clientMessageId)),

    postToRoom: (post) => send(post, () => writeRoomPost(post)),

    sendDirect: (post) => send(post, () => writeDirectPost(post)),

    roomStanding: (roomId, userId) =>
      exclusive(() => {
        const row = roomStandingRow.get(userId, userId, roomId);
        return row ? standingOf(row, userId) : null;
      }),

    streamHead: (stream) =>
      exclusive(
        () =>
          ('roomId' in stream
            ? streamOfRoom.get(stream.roomId)
            : streamOfUser.get(stream.userId)) ?? null,
      ),

    findUser: (id) => exclusive(() => readUser(id) ?? null),

    findRooms: (ids) =>
      exclusive(() => {
        const rooms = new Map(
          findRooms
            .all(JSON.stringify(ids))
            .map((row) => [row.id, { ...row, createdAt: fromStoredDate(row.createdAt) }]),
        );
        return ids.map((id) => rooms.get(id) ?? null);
      }),

    readPage: (stream, conversationId, keys, hiddenFor) =>
      exclusive((): StoredPage => {
        // One read transaction: the head and the rows from the same snapshot.
        beginRead.run();
        try {
          const head =
            'roomId' in stream ? streamOfRoom.get(stream.roomId) : streamOfUser.get(stream.userId);
          if (!head) throw new Error(`no stream for ${JSON.stringify(stream)}`);
          // Nobody has id 0: without `hiddenFor`, the block filter finds no row.
          const bounds = [
            keys.after ?? 0,
            keys.before ?? Number.MAX_SAFE_INTEGER,
            hiddenFor ?? 0,
            keys.limit + 1,
          ];
          const rows =
            conversationId === undefined
              ? (keys.fromEnd ? pages.descending : pages.ascending).all(head.id, ...bounds)
              : (keys.fromEnd ? pages.conversationDescending : pages.conversationAscending).all(
                  head.id,
                  conversationId,
                  ...bounds,
                );
          commit.run();
          return {
            streamId: head.id,
            lastPosition: head.lastPosition,
            rows: toPageViews(rows),
          };
        } catch (error) {
          if (database.inTransaction) rollback.run();
          throw error;
        }
      }),
  };
  return store;
}
