import { describe, expect, it } from 'vitest';
import {
  ConversationWithDocument,
  DeleteMessageDocument,
  EditMessageDocument,
  PostMessageDocument,
  RoomHistoryDocument,
  SendDirectMessageDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { post, roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';
import { onPostgres } from './support/services.js';

describe('posting', () => {
  const server = useTestServer();

  it('stores a member’s message and answers with it', async () => {
    const { room, members } = await roomWithMembers(server);
    const author = members[0] as Account;
    const message = await post(server, author, room.id, 'Hello, room 👋');
    expect(message).toMatchObject({
      body: 'Hello, room 👋',
      author: { id: author.user.id },
      room: { id: room.id },
      recipient: null,
      editedAt: null,
      deletedAt: null,
    });
    const history = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id }, author),
      'room',
    );
    expect(history.messages.edges.map((e) => e.node.id)).toEqual([message.id]);
  });

  it('refuses non-members with FORBIDDEN and unknown rooms with NOT_FOUND', async () => {
    const { room } = await roomWithMembers(server, 0);
    const outsider = await signUp(server);
    const forbidden = await server.request(
      PostMessageDocument,
      { roomId: room.id, body: 'let me in' },
      outsider,
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await server.request(
      PostMessageDocument,
      { roomId: Buffer.from('Room:999999').toString('base64url'), body: 'hello?' },
      outsider,
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'roomId' });
    const anonymous = await server.request(PostMessageDocument, { roomId: room.id, body: 'hi' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['empty', ''],
    ['only whitespace', ' \n\t '],
    ['4001 characters', 'x'.repeat(4001)],
    ['a NUL', 'a\u0000b'],
    ['a lone surrogate', 'a\ud83db'],
    ['100 KB', 'x'.repeat(100_000)],
  ])('refuses a body that is %s with BAD_USER_INPUT', async (_label, body) => {
    const { room, owner } = await roomWithMembers(server, 0);
    const { errors } = await server.request(PostMessageDocument, { roomId: room.id, body }, owner);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
  });

  it('accepts exactly 4000 characters, counting an emoji as one', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const body = '😀'.repeat(4000);
    expect((await post(server, owner, room.id, body)).body).toBe(body);
  });
});

describe('sends that arrive together', () => {
  const transactions: string[] = [];
  const server = useTestServer({
    onStatement: (sql) => {
      if (sql.startsWith('BEGIN')) transactions.push(sql);
    },
  });

  /**
   * Opens a transaction that holds the database for 300 ms (as a room being created would hold
   * SQLite's one connection); sends made meanwhile wait for it, then reach the database together.
   * Resolves, once it is open, with its end.
   */
  async function holdTheConnection(): Promise<{ ended: Promise<void> }> {
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const ended = server.running.database.db.$transaction(async (tx) => {
      await tx.room.count();
      opened();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await open;
    return { ended };
  }

  /** The stream position a message cursor points at. */
  const positionOf = (cursor: string) =>
    (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, number, number])[2];

  it('stores every acknowledged one at gapless positions, whatever the others’ refusals', async () => {
    const { room, owner, members } = await roomWithMembers(server, 3);
    const outsider = await signUp(server);
    const missingRoom = Buffer.from('Room:999999').toString('base64url');
    const send = (who: Account, roomId: string, body: string, clientMessageId?: string) =>
      server.request(PostMessageDocument, { roomId, body, clientMessageId }, who);

    const { ended: busy } = await holdTheConnection();
    transactions.length = 0;
    const [accepted, refused, missing, duplicates] = await Promise.all([
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          send([owner, ...members][i % 4] as Account, room.id, `burst ${i}`, `burst-${i}`),
        ),
      ),
      Promise.all(Array.from({ length: 4 }, (_, i) => send(outsider, room.id, `let me in ${i}`))),
      Promise.all(Array.from({ length: 3 }, (_, i) => send(owner, missingRoom, `lost ${i}`))),
      // The same send three times: in one transaction, all but one fail on the key.
      Promise.all(Array.from({ length: 3 }, (_, i) => send(owner, room.id, `dup ${i}`, 'dup'))),
      busy,
    ]);
    const postTransactions = transactions.length;

    expect(refused.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(Array(4).fill('FORBIDDEN'));
    expect(missing.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(Array(3).fill('NOT_FOUND'));
    const duplicateIds = duplicates.map((r) => dataOf(r, 'postMessage').id);
    expect(new Set(duplicateIds).size).toBe(1);
    const acknowledged = [...accepted.map((r) => dataOf(r, 'postMessage').id), duplicateIds[0]];

    const history = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id, last: 100 }, owner),
      'room',
    ).messages.edges;
    expect(new Set(history.map((edge) => edge.node.id))).toEqual(new Set(acknowledged));
    expect(history.map((edge) => positionOf(edge.cursor))).toEqual(
      Array.from({ length: acknowledged.length }, (_, i) => i + 1),
    );
    // SQLite commits posts that are ready together in one transaction (one fsync for all).
    if (!onPostgres) expect(postTransactions).toBeLessThanOrEqual(3);
  });

  it('gives direct messages sent together one conversation, in order in both streams', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    const { ended: busy } = await holdTheConnection();
    transactions.length = 0;
    const [sent] = await Promise.all([
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0
            ? server.request(SendDirectMessageDocument, { to: bob.user.id, body: `a${i}` }, ada)
            : server.request(SendDirectMessageDocument, { to: ada.user.id, body: `b${i}` }, bob),
        ),
      ),
      busy,
    ]);
    const sendTransactions = transactions.length;
    const messages = sent.map((r) => dataOf(r, 'sendDirectMessage'));
    expect(new Set(messages.map((m) => m.conversation?.id)).size).toBe(1);

    for (const [viewer, peer] of [
      [ada, bob],
      [bob, ada],
    ] as const) {
      const edges = dataOf(
        await server.request(ConversationWithDocument, { with: peer.user.id, last: 20 }, viewer),
        'conversation',
      ).messages.edges;
      expect(new Set(edges.map((edge) => edge.node.id))).toEqual(
        new Set(messages.map((m) => m.id)),
      );
      expect(edges.map((edge) => positionOf(edge.cursor))).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
    }
    if (!onPostgres) expect(sendTransactions).toBeLessThanOrEqual(3);
  });
});

describe('idempotent sends', () => {
  const server = useTestServer();

  it('answers a retry with the original message, whatever the new body', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const first = dataOf(
      await server.request(
        PostMessageDocument,
        { roomId: room.id, body: 'original', clientMessageId: 'k-1' },
        owner,
      ),
      'postMessage',
    );
    const retry = dataOf(
      await server.request(
        PostMessageDocument,
        { roomId: room.id, body: 'changed on retry', clientMessageId: 'k-1' },
        owner,
      ),
      'postMessage',
    );
    expect(retry).toEqual(first);
    expect(first.clientMessageId).toBe('k-1');
  });

  it('stores one row when 50 retries race', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        server.request(
          PostMessageDocument,
          { roomId: room.id, body: `attempt ${i}`, clientMessageId: 'racing-key' },
          owner,
        ),
      ),
    );
    const ids = new Set(responses.map((r) => dataOf(r, 'postMessage').id));
    expect(ids.size).toBe(1);
    const history = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id, last: 100 }, owner),
      'room',
    );
    expect(history.messages.edges).toHaveLength(1); // stored once
  });

  it('scopes keys to the sender, and shows a key to its sender only', async () => {
    const { room, owner, members } = await roomWithMembers(server);
    const other = members[0] as Account;
    const mine = dataOf(
      await server.request(
        PostMessageDocument,
        { roomId: room.id, body: 'mine', clientMessageId: 'same' },
        owner,
      ),
      'postMessage',
    );
    const theirs = dataOf(
      await server.request(
        PostMessageDocument,
        { roomId: room.id, body: 'theirs', clientMessageId: 'same' },
        other,
      ),
      'postMessage',
    );
    expect(theirs.id).not.toBe(mine.id);
    const seenByOther = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id }, other),
      'room',
    ).messages.edges.map((e) => e.node);
    expect(seenByOther.find((m) => m.id === mine.id)?.clientMessageId).toBeNull();
    expect(seenByOther.find((m) => m.id === theirs.id)?.clientMessageId).toBe('same');
  });

  it('refuses an empty or 65-character key', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    for (const clientMessageId of ['', 'k'.repeat(65)]) {
      const { errors } = await server.request(
        PostMessageDocument,
        { roomId: room.id, body: 'x', clientMessageId },
        owner,
      );
      expect(errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'clientMessageId',
      });
    }
  });
});

describe('editing and deleting', () => {
  const server = useTestServer();

  it('lets the author edit, and nobody else', async () => {
    const { room, members } = await roomWithMembers(server, 2);
    const [author, other] = members as [Account, Account];
    const message = await post(server, author, room.id, 'first draft');
    const edited = dataOf(
      await server.request(EditMessageDocument, { id: message.id, body: 'final' }, author),
      'editMessage',
    );
    expect(edited).toMatchObject({ id: message.id, body: 'final', createdAt: message.createdAt });
    expect(edited.editedAt).not.toBeNull();
    expect(edited.cursor).not.toBe(message.cursor);
    const refused = await server.request(
      EditMessageDocument,
      { id: message.id, body: 'hijack' },
      other,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('deletes in place: same position, empty body, deletedAt; by the author or the owner', async () => {
    const { room, owner, members } = await roomWithMembers(server, 2);
    const [author, other] = members as [Account, Account];
    const before = await post(server, author, room.id, 'before');
    const doomed = await post(server, author, room.id, 'doomed');
    const after = await post(server, author, room.id, 'after');

    const refused = await server.request(DeleteMessageDocument, { id: doomed.id }, other);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const deleted = dataOf(
      await server.request(DeleteMessageDocument, { id: doomed.id }, author),
      'deleteMessage',
    );
    expect(deleted).toMatchObject({ id: doomed.id, body: '' });
    expect(deleted.deletedAt).not.toBeNull();
    const again = dataOf(
      await server.request(DeleteMessageDocument, { id: doomed.id }, author),
      'deleteMessage',
    );
    expect(again.cursor).toBe(deleted.cursor);

    const editDeleted = await server.request(
      EditMessageDocument,
      { id: doomed.id, body: 'resurrect' },
      author,
    );
    expect(editDeleted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    const history = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id }, other),
      'room',
    );
    expect(history.messages.edges.map((e) => [e.node.id, e.node.body])).toEqual([
      [before.id, 'before'],
      [doomed.id, ''],
      [after.id, 'after'],
    ]);

    const byOwner = dataOf(
      await server.request(DeleteMessageDocument, { id: after.id }, owner),
      'deleteMessage',
    );
    expect(byOwner.deletedAt).not.toBeNull();
  });
});
