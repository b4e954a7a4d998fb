import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  ChatDeleteMessageDocument,
  ChatEditMessageDocument,
  type ChatMessageFragment,
  ChatPostMessageDocument,
  ChatRoomHistoryDocument,
  type ChatRoomHistoryQuery,
  ChatRoomMessagesDocument,
} from '../client/generated/graphql.js';
import {
  type ConnectionState,
  createResumeSession,
  type HistoryPage,
  type ResumeSession,
  roomStream,
  type StreamSource,
} from '../client/resume.js';
import { type Account, dataOf } from './support/accounts.js';
import { graphqlRequest } from './support/endpoint.js';
import { freePort } from './support/free-port.js';
import { roomWithMembers } from './support/rooms.js';
import { startTestServer, type TestServer, temporaryDatabaseFile } from './support/server.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { until } from './support/until.js';

type Message = ChatMessageFragment;

const opened: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

function pageOf(data: Record<string, unknown>): HistoryPage<Message> | null {
  const node = (data as ChatRoomHistoryQuery).node;
  return node && 'messages' in node ? node.messages : null;
}

function sourceFor(roomId: string): StreamSource<Message> {
  return roomStream<Message>({
    roomId,
    history: ChatRoomHistoryDocument,
    page: pageOf,
    subscription: ChatRoomMessagesDocument,
  });
}

/** Follows a room through the resume module and keeps what a screen would show. */
function follow(session: ResumeSession, source: StreamSource<Message>) {
  const deliveries: string[] = [];
  const shown = new Map<string, Message>();
  const order: string[] = [];
  const apply = (message: Message) => {
    deliveries.push(`${message.id} ${message.cursor}`);
    if (!shown.has(message.id)) order.push(message.id);
    shown.set(message.id, message);
  };
  let starts = 0;
  let resets = 0;
  const errors: string[] = [];
  session.follow(source, {
    onStart: (start) => {
      starts += 1;
      // A new start replaces what was shown: it is the state the stream continues from.
      deliveries.length = 0;
      shown.clear();
      order.length = 0;
      for (const message of start.messages) apply(message);
    },
    onMessage: apply,
    onReset: () => {
      resets += 1;
    },
    onError: (error) => errors.push(error.code),
  });
  return {
    deliveries,
    shown,
    order,
    errors,
    starts: () => starts,
    resets: () => resets,
  };
}

/** Every message of the room as history has it now, oldest first. */
async function history(baseUrl: string, viewer: Account, roomId: string): Promise<Message[]> {
  const response = await graphqlRequest(
    baseUrl,
    ChatRoomHistoryDocument,
    { roomId, last: 100 },
    viewer,
  );
  const page = pageOf(response.data ?? {});
  if (!page) throw new Error(`no history: ${JSON.stringify(response.errors)}`);
  return page.edges.map((edge) => edge.node);
}

const visible = (message: Message | undefined) =>
  message && {
    id: message.id,
    body: message.body,
    editedAt: message.editedAt,
    deletedAt: message.deletedAt,
  };

/** Waits until what was followed equals history: same messages, same order, latest versions. */
async function expectToMatchHistory(
  followed: ReturnType<typeof follow>,
  read: () => Promise<Message[]>,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const expected = await read();
    const matches =
      followed.order.join() === expected.map((message) => message.id).join() &&
      expected.every(
        (message) =>
          JSON.stringify(visible(followed.shown.get(message.id))) ===
          JSON.stringify(visible(message)),
      );
    if (matches || Date.now() > deadline) {
      expect(followed.order).toEqual(expected.map((message) => message.id));
      expect(expected.map((message) => visible(followed.shown.get(message.id)))).toEqual(
        expected.map(visible),
      );
      expect(new Set(followed.deliveries).size).toBe(followed.deliveries.length);
      return expected;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Posts, edits and deletes through HTTP straight to the server, like other people would. */
async function talk(
  server: { url: string },
  who: Account,
  roomId: string,
  label: string,
  n: number,
) {
  for (let i = 0; i < n; i += 1) {
    const message = dataOf(
      await graphqlRequest(
        server.url,
        ChatPostMessageDocument,
        { roomId, body: `${label} ${i}`, clientMessageId: `${label}-${i}` },
        who,
      ),
      'postMessage',
    );
    if (i % 4 === 1) {
      await graphqlRequest(
        server.url,
        ChatEditMessageDocument,
        { id: message.id, body: `${label} ${i} (edited)` },
        who,
      );
    }
    if (i % 7 === 3) {
      await graphqlRequest(server.url, ChatDeleteMessageDocument, { id: message.id }, who);
    }
  }
}

function sessionFor(url: string, who: Account, states: ConnectionState[] = []) {
  const session = createResumeSession({
    url,
    token: () => who.token,
    webSocketImpl: WebSocket,
    initialBackoffMs: 50,
    maxBackoffMs: 500,
    onConnectionChange: (state) => states.push(state),
  });
  opened.push({ close: () => session.dispose() });
  return session;
}

describe('the resume module (client/resume.ts)', () => {
  it('shows every change once, in order, through connections cut mid-conversation', async () => {
    const server = await startTestServer();
    opened.push({ close: () => server.stop() });
    const proxy: TcpProxy = await startTcpProxy(() => server.running.port);
    opened.push(proxy);
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;
    await talk(server, owner, room.id, 'before', 5);

    const states: ConnectionState[] = [];
    const session = sessionFor(`http://127.0.0.1:${proxy.port}/graphql`, reader, states);
    const followed = follow(session, sourceFor(room.id));
    await expectToMatchHistory(followed, () => history(server.url, owner, room.id));

    for (let round = 0; round < 3; round += 1) {
      await talk(server, owner, room.id, `round${round}`, 8);
      // Cut a live connection: on a fast machine the posts can end before the reconnect.
      await until(() => states.at(-1) === 'connected', 'the session to be connected again');
      expect(proxy.dropAll()).toBeGreaterThan(0);
      await talk(server, owner, room.id, `gap${round}`, 4);
    }
    const expected = await expectToMatchHistory(followed, () =>
      history(server.url, owner, room.id),
    );
    expect(expected.length).toBe(5 + 3 * 12);
    expect(followed.starts()).toBe(1);
    expect(states).toContain('reconnecting');
  });

  it('resumes after a server restart, and a send made while it was down is stored once', async () => {
    const database = temporaryDatabaseFile();
    opened.push({ close: () => database.cleanup() });
    const port = String(await freePort());
    const start = () => startTestServer({ databaseFile: database.file, env: { PORT: port } });
    let server: TestServer = await start();
    opened.push({ close: () => server.stop() });
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;

    const states: ConnectionState[] = [];
    const session = sessionFor(`${server.url}/graphql`, reader, states);
    const followed = follow(session, sourceFor(room.id));
    await talk(server, owner, room.id, 'first', 6);
    await expectToMatchHistory(followed, () => history(server.url, owner, room.id));

    await server.stop();
    const sent = session.send<{ postMessage: Message }>(ChatPostMessageDocument, {
      roomId: room.id,
      body: 'sent while the server was down',
    });
    const deadline = Date.now() + 5_000;
    while (session.connection !== 'reconnecting' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(session.connection).toBe('reconnecting');
    expect(session.pendingSends().map((send) => send.variables.body)).toEqual([
      'sent while the server was down',
    ]);

    server = await start();
    const acknowledged = await sent;
    expect(session.pendingSends()).toEqual([]);
    await talk(server, owner, room.id, 'second', 6);
    const expected = await expectToMatchHistory(followed, () =>
      history(server.url, owner, room.id),
    );
    expect(expected.filter((message) => message.id === acknowledged.postMessage.id)).toHaveLength(
      1,
    );
    expect(
      expected.filter((message) => message.body === 'sent while the server was down'),
    ).toHaveLength(1);
    expect(followed.starts()).toBe(1);
  });

  it('receives edits, deletes and posts made between reading history and subscribing', async () => {
    const server = await startTestServer();
    opened.push({ close: () => server.stop() });
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;
    await talk(server, owner, room.id, 'old', 6);

    const source = sourceFor(room.id);
    const begin = source.begin;
    // The window: history is read, then others change it before the subscription starts.
    source.begin = async (request) => {
      const start = await begin(request);
      const [first, second] = start.messages as [Message, Message];
      await graphqlRequest(
        server.url,
        ChatEditMessageDocument,
        { id: first.id, body: 'edited in the window' },
        owner,
      );
      await graphqlRequest(server.url, ChatDeleteMessageDocument, { id: second.id }, owner);
      await talk(server, owner, room.id, 'window', 2);
      return start;
    };
    const followed = follow(sourceSession(server, reader), source);
    const expected = await expectToMatchHistory(followed, () =>
      history(server.url, owner, room.id),
    );
    expect(expected[0]?.body).toBe('edited in the window');
    expect(expected[1]?.deletedAt).not.toBeNull();
  });

  it('starts over when the server cannot honour the cursor (CURSOR_EXPIRED)', async () => {
    const server = await startTestServer();
    opened.push({ close: () => server.stop() });
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;
    await talk(server, owner, room.id, 'old', 3);
    const source = sourceFor(room.id);
    const begin = source.begin;
    let calls = 0;
    source.begin = async (request) => {
      calls += 1;
      const start = await begin(request);
      return calls === 1 ? { ...start, liveCursor: 'not-a-cursor' } : start;
    };
    const followed = follow(sourceSession(server, reader), source);
    const deadline = Date.now() + 5_000;
    while (followed.starts() < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await talk(server, owner, room.id, 'later', 2);
    await expectToMatchHistory(followed, () => history(server.url, owner, room.id));
    expect({ resets: followed.resets(), errors: followed.errors }).toEqual({
      resets: 1,
      errors: [],
    });
    expect(followed.starts()).toBe(2);
  });

  it('waits out RATE_LIMITED, showing the wait, and stores every send once', async () => {
    const server = await startTestServer({ env: { MESSAGES_PER_SECOND: '2', MESSAGE_BURST: '1' } });
    opened.push({ close: () => server.stop() });
    const { room, owner } = await roomWithMembers(server, 0);
    const waits: number[] = [];
    const session = createResumeSession({
      url: `${server.url}/graphql`,
      token: () => owner.token,
      webSocketImpl: WebSocket,
      onPendingChange: (pending) => {
        for (const send of pending) if (send.rateLimitedUntil) waits.push(send.rateLimitedUntil);
      },
    });
    opened.push({ close: () => session.dispose() });
    const bodies = ['one', 'two', 'three'];
    await Promise.all(
      bodies.map((body) => session.send(ChatPostMessageDocument, { roomId: room.id, body })),
    );
    expect(waits.length).toBeGreaterThan(0);
    expect(session.pendingSends()).toEqual([]);
    const stored = (await history(server.url, owner, room.id)).map((message) => message.body);
    expect([...stored].sort()).toEqual([...bodies].sort());
  });

  it('ends a stream the viewer may not read with its error, without retrying', async () => {
    const server = await startTestServer();
    opened.push({ close: () => server.stop() });
    const { room, members } = await roomWithMembers(server, 0);
    const outsider = (await roomWithMembers(server, 0)).owner;
    void members;
    const followed = follow(sourceSession(server, outsider), sourceFor(room.id));
    const deadline = Date.now() + 5_000;
    while (followed.errors.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(followed.errors).toEqual(['FORBIDDEN']);
  });
});

function sourceSession(server: TestServer, who: Account) {
  return sessionFor(`${server.url}/graphql`, who);
}
