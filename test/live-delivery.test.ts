import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import {
  DeleteMessageDocument,
  DirectMessagesDocument,
  EditMessageDocument,
  JoinRoomDocument,
  LeaveRoomDocument,
  LogoutDocument,
  RoomHistoryDocument,
  RoomMessagesDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { nextClose, record } from './support/graphql-ws.js';
import { activeSubscriptions, untilLive } from './support/live.js';
import { post, roomWithMembers, sendDirect } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

type Live = {
  id: string;
  body: string;
  author: { id: string };
  editedAt: string | null;
  deletedAt: string | null;
  cursor: string;
};

function socketFor(server: TestServer, account: Account) {
  return server.wsClient({ connectionParams: { authorization: `Bearer ${account.token}` } });
}

const messagesOf = (results: { data?: { roomMessages?: Live } | null }[]) =>
  results.map((r) => r.data?.roomMessages as Live);

describe('room streams', () => {
  const server = useTestServer();

  it('shows members each other’s posts, edits and deletes live, and nothing to others', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const friend = members[0] as Account;
    const outsider = await signUp(server);
    const baseline = await activeSubscriptions(server);

    const ownerSees = record<{ roomMessages: Live }>(
      socketFor(server, owner),
      RoomMessagesDocument,
      { roomId: room.id },
    );
    const friendSees = record<{ roomMessages: Live }>(
      socketFor(server, friend),
      RoomMessagesDocument,
      { roomId: room.id },
    );
    const outsiderSees = record<{ roomMessages: Live }>(
      socketFor(server, outsider),
      RoomMessagesDocument,
      { roomId: room.id },
    );
    await outsiderSees.waitFor(1);
    expect(outsiderSees.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await untilLive(server, baseline, 2); // both subscribed

    const hello = await post(server, owner, room.id, 'hello');
    const reply = await post(server, friend, room.id, 'hi!');
    await server.request(EditMessageDocument, { id: hello.id, body: 'hello, friend' }, owner);
    await server.request(DeleteMessageDocument, { id: reply.id }, friend);

    for (const seen of [ownerSees, friendSees]) {
      const results = await seen.waitFor(4);
      expect(
        messagesOf(results).map((m) => [m.id, m.body, Boolean(m.editedAt), Boolean(m.deletedAt)]),
      ).toEqual([
        [hello.id, 'hello', false, false],
        [reply.id, 'hi!', false, false],
        [hello.id, 'hello, friend', true, false],
        [reply.id, '', false, true],
      ]);
    }
    expect(outsiderSees.results).toHaveLength(1);
  });

  it('ends a member’s stream with FORBIDDEN the moment they leave', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const leaver = members[0] as Account;
    const baseline = await activeSubscriptions(server);
    const seen = record<{ roomMessages: Live }>(socketFor(server, leaver), RoomMessagesDocument, {
      roomId: room.id,
    });
    await untilLive(server, baseline, 1);
    await post(server, owner, room.id, 'before');
    await seen.waitFor(1);
    await server.request(LeaveRoomDocument, { roomId: room.id }, leaver);
    await seen.done;
    await post(server, owner, room.id, 'after');
    expect(
      seen.results.map((r) => r.data?.roomMessages?.body ?? r.errors?.[0]?.extensions?.code),
    ).toEqual(['before', 'FORBIDDEN']);
  });

  it('misses nothing between a history page and subscribing after its endCursor', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;
    for (let i = 0; i < 10; i += 1) await post(server, owner, room.id, `old ${i}`);

    let writing = true;
    let count = 0;
    const writer = (async () => {
      while (writing) await post(server, owner, room.id, `new ${count++}`);
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const history = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id, last: 100 }, reader),
      'room',
    );
    const seenInHistory = history.messages.edges.map((e) => e.node.id);
    await new Promise((resolve) => setTimeout(resolve, 30)); // more posts land in the window
    const live = record<{ roomMessages: Live }>(socketFor(server, reader), RoomMessagesDocument, {
      roomId: room.id,
      after: history.messages.pageInfo.endCursor,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    writing = false;
    await writer;

    const all = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id, last: 100 }, reader),
      'room',
    );
    const expected = all.messages.edges.map((e) => e.node.id);
    const delivered = (await live.waitFor(expected.length - seenInHistory.length)).map(
      (r) => r.data?.roomMessages?.id,
    );
    expect([...seenInHistory, ...delivered]).toEqual(expected);
  });

  it('resumes after any cursor it was given, exactly once each', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const sent = [];
    for (let i = 0; i < 6; i += 1) sent.push(await post(server, owner, room.id, `m${i}`));
    const resumed = record<{ roomMessages: Live }>(socketFor(server, owner), RoomMessagesDocument, {
      roomId: room.id,
      after: sent[2]?.cursor,
    });
    const results = await resumed.waitFor(3);
    expect(messagesOf(results).map((m) => m.body)).toEqual(['m3', 'm4', 'm5']);
    await post(server, owner, room.id, 'm6');
    expect(
      messagesOf(await resumed.waitFor(4))
        .map((m) => m.body)
        .at(-1),
    ).toBe('m6');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(resumed.results).toHaveLength(4);
  });

  it('works over SSE too', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const first = await post(server, owner, room.id, 'one');
    const sse = createSseClient({
      url: `${server.url}/graphql`,
      headers: { authorization: `Bearer ${owner.token}` },
      retryAttempts: 0,
    });
    try {
      const iterator = sse.iterate<{ roomMessages: Live }>({
        query: String(RoomMessagesDocument),
        variables: { roomId: room.id, after: first.cursor },
      });
      await post(server, owner, room.id, 'two');
      const next = await iterator.next();
      expect(next.value?.data?.roomMessages.body).toBe('two');
      await iterator.return?.();
    } finally {
      sse.dispose();
    }
  });
});

describe('subscribing with bad input', () => {
  const server = useTestServer();

  it('answers an unknown room with NOT_FOUND and garbage cursors with CURSOR_EXPIRED', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const other = await roomWithMembers(server, 0);
    await server.request(JoinRoomDocument, { roomId: other.room.id }, owner);
    const elsewhere = await post(server, owner, other.room.id, 'elsewhere');
    const dm = await sendDirect(server, owner, other.owner, 'dm');
    const cases: [Record<string, unknown>, string][] = [
      [{ roomId: Buffer.from('Room:999999').toString('base64url') }, 'NOT_FOUND'],
      [{ roomId: room.id, after: 'garbage' }, 'CURSOR_EXPIRED'],
      [{ roomId: room.id, after: elsewhere.cursor }, 'CURSOR_EXPIRED'],
      [{ roomId: room.id, after: dm.cursor }, 'CURSOR_EXPIRED'],
      [
        {
          roomId: room.id,
          after: Buffer.from(JSON.stringify(['p', 1, 1e9])).toString('base64url'),
        },
        'CURSOR_EXPIRED',
      ],
      [{ roomId: 'not-an-id' }, 'BAD_USER_INPUT'],
    ];
    for (const [variables, code] of cases) {
      const seen = record(socketFor(server, owner), RoomMessagesDocument, variables);
      await seen.waitFor(1);
      expect(seen.results[0]?.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
    }
  });

  it('refuses someone else’s direct-message cursor with CURSOR_EXPIRED', async () => {
    const [ada, bob, eve] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const dm = await sendDirect(server, ada, bob, 'private');
    const seen = record(socketFor(server, eve), DirectMessagesDocument, { after: dm.cursor });
    await seen.waitFor(1);
    expect(seen.results[0]?.errors?.[0]?.extensions?.code).toBe('CURSOR_EXPIRED');
  });

  it('needs a signed-in viewer', async () => {
    const seen = record(server.wsClient(), DirectMessagesDocument, {});
    await seen.waitFor(1);
    expect(seen.results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('direct message streams', () => {
  const server = useTestServer();

  it('delivers to both participants, including a brand-new conversation, and to nobody else', async () => {
    const [ada, bob, eve] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    type Dm = { directMessages: { id: string; body: string } };
    const baseline = await activeSubscriptions(server);
    const adaSees = record<Dm>(socketFor(server, ada), DirectMessagesDocument, {});
    const bobSees = record<Dm>(socketFor(server, bob), DirectMessagesDocument, {});
    const eveSees = record<Dm>(socketFor(server, eve), DirectMessagesDocument, {});
    await untilLive(server, baseline, 3);
    const first = await sendDirect(server, ada, bob, 'first ever');
    const reply = await sendDirect(server, bob, ada, 'welcome');
    for (const seen of [adaSees, bobSees]) {
      const results = await seen.waitFor(2);
      expect(results.map((r) => r.data?.directMessages.id)).toEqual([first.id, reply.id]);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(eveSees.results).toEqual([]);
  });

  it('ends on logout with UNAUTHENTICATED, then the socket closes with 4403', async () => {
    const account = await signUp(server);
    const client = socketFor(server, account);
    const seen = record(client, DirectMessagesDocument, {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = nextClose(client);
    await server.request(LogoutDocument, {}, account);
    expect(await closed).toBe(4403);
    await seen.done.catch(() => {});
    expect(seen.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('ends an SSE subscription on logout with UNAUTHENTICATED', async () => {
    const account = await signUp(server);
    const sse = createSseClient({
      url: `${server.url}/graphql`,
      headers: { authorization: `Bearer ${account.token}` },
      retryAttempts: 0,
    });
    try {
      const iterator = sse.iterate({ query: String(DirectMessagesDocument) });
      const first = iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.request(LogoutDocument, {}, account);
      const ended = await first;
      expect(ended.value?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await iterator.next()).done).toBe(true);
    } finally {
      sse.dispose();
    }
  });
});

describe('going live on an empty room', () => {
  const server = useTestServer();

  it('misses nothing between reading the (empty) history and subscribing after its liveCursor', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const empty = dataOf(await server.request(RoomHistoryDocument, { id: room.id }, owner), 'room');
    expect(empty.messages.edges).toEqual([]);
    expect(empty.messages.pageInfo.endCursor).toBeNull();
    const meanwhile = await post(server, owner, room.id, 'posted before subscribing');
    const live = record<{ roomMessages: Live }>(socketFor(server, owner), RoomMessagesDocument, {
      roomId: room.id,
      after: empty.messages.liveCursor,
    });
    const [first] = await live.waitFor(1);
    expect(first?.data?.roomMessages.id).toBe(meanwhile.id);
  });
});
