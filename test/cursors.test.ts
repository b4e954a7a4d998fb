import { describe, expect, it } from 'vitest';
import {
  ConversationPageDocument,
  DeleteMessageDocument,
  DirectMessageChangesDocument,
  DirectStreamCursorDocument,
  EditMessageDocument,
  MessageCursorDocument,
  RoomHistoryDocument,
  RoomMessagesDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { type Recording, record } from './support/graphql-ws.js';
import { post, roomWithMembers, sendDirect } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

/**
 * Every cursor a client can obtain is a safe resume point: history after it, and a subscription
 * after it, yield exactly what comes after it, each once, in order.
 *
 * Each case builds a stream m0…m5 with edits and deletes inside the window, obtains one kind of
 * cursor, changes the stream further (including messages before the cursor), then resumes. A
 * mirror of the stream, kept by the test from the changes it makes (positions are gapless and
 * nobody else writes to the stream), says what the client held when it got the cursor and so
 * what it must receive: every message it lacks or holds in an older state, that is after the
 * cursor or changed after the client read it, and nothing it already holds.
 */

type Shown = { id: string; body: string; cursor: string };

/** A message of the mirror: where it sits and its latest change (positions in the stream). */
type Mirrored = { id: string; place: number; change: number; body: string };

/** One change the test makes; new kinds of change (reactions) are one more entry. */
type Step = { op: 'post' | 'edit' | 'delete'; index: number };

/** The window: m0…m5, then edits and deletes of messages on both sides of later cursors. */
const BEFORE: Step[] = [
  ...[0, 1, 2, 3, 4, 5].map((index) => ({ op: 'post' as const, index })),
  { op: 'edit', index: 1 },
  { op: 'delete', index: 3 },
  { op: 'edit', index: 0 },
];

/** After the cursor was obtained: changes before and after it, and a new message. */
const AFTER: Step[] = [
  { op: 'edit', index: 2 },
  { op: 'edit', index: 0 },
  { op: 'delete', index: 4 },
  { op: 'post', index: 6 },
];

/** A stream the test writes to and reads from: a room's, or one user's direct messages. */
type Target = {
  /** Messages by index (m0, m1…), as the server holds them now. */
  messages: Map<number, Mirrored>;
  /** The stream's latest position. */
  head(): number;
  apply(steps: Step[]): Promise<Shown[]>;
  /** Messages after a cursor in history, oldest first. */
  historyAfter(after: string): Promise<Shown[]>;
  page(args: { first?: number; last?: number }): Promise<Page>;
  node(id: string): Promise<Shown>;
  /** The cursor a reader gets before anything was written. */
  emptyLiveCursor(): Promise<string>;
  subscribe(after: string): Recording<Shown>;
};

type Page = {
  edges: { cursor: string; node: Shown }[];
  pageInfo: { startCursor?: string | null; endCursor?: string | null };
  liveCursor?: string;
};

/** Writes through the API and mirrors each change. */
function mirrorOf(
  write: {
    post(body: string): Promise<Shown>;
    edit(id: string, body: string): Promise<Shown>;
    remove(id: string): Promise<Shown>;
  },
  shown: Shown[] = [],
) {
  const messages = new Map<number, Mirrored>();
  let head = 0;
  let edits = 0;
  const at = (index: number) => messages.get(index) as Mirrored;
  async function apply(steps: Step[]) {
    const answers: Shown[] = [];
    for (const { op, index } of steps) {
      head += 1;
      if (op === 'post') {
        const message = await write.post(`m${index}`);
        messages.set(index, { id: message.id, place: head, change: head, body: message.body });
        answers.push(message);
        continue;
      }
      edits += 1;
      const message =
        op === 'edit'
          ? await write.edit(at(index).id, `m${index} v${edits}`)
          : await write.remove(at(index).id);
      Object.assign(at(index), { change: head, body: message.body });
      answers.push(message);
    }
    shown.push(...answers);
    return answers;
  }
  return { messages, head: () => head, apply };
}

function socketFor(server: TestServer, account: Account) {
  return server.wsClient({ connectionParams: { authorization: `Bearer ${account.token}` } });
}

async function roomTarget(server: TestServer): Promise<Target> {
  const { room, owner, members } = await roomWithMembers(server, 1);
  const reader = members[0] as Account;
  const mirror = mirrorOf({
    post: (body) => post(server, owner, room.id, body),
    edit: async (id, body) =>
      dataOf(await server.request(EditMessageDocument, { id, body }, owner), 'editMessage'),
    remove: async (id) =>
      dataOf(await server.request(DeleteMessageDocument, { id }, owner), 'deleteMessage'),
  });
  const page = async (args: Record<string, unknown>) =>
    dataOf(await server.request(RoomHistoryDocument, { id: room.id, ...args }, reader), 'room')
      .messages as Page;
  return {
    ...mirror,
    page,
    historyAfter: async (after) => (await page({ first: 100, after })).edges.map((e) => e.node),
    node: async (id) =>
      dataOf(await server.request(MessageCursorDocument, { id }, reader), 'node') as Shown,
    emptyLiveCursor: async () => (await page({ last: 1 })).liveCursor as string,
    subscribe: (after) => {
      const recording = record<{ roomMessages: Shown }>(
        socketFor(server, reader),
        RoomMessagesDocument,
        { roomId: room.id, after },
      );
      return unwrap(recording, (result) => result.roomMessages);
    },
  };
}

/**
 * The reader's direct-message stream, written to by the reader (a mutation's answer is the
 * message in its author's stream, so the reader is the author here).
 */
async function directTarget(server: TestServer): Promise<Target> {
  const [peer, reader] = await Promise.all([signUp(server), signUp(server)]);
  const mirror = mirrorOf({
    post: (body) => sendDirect(server, reader, peer, body),
    edit: async (id, body) =>
      dataOf(await server.request(EditMessageDocument, { id, body }, reader), 'editMessage'),
    remove: async (id) =>
      dataOf(await server.request(DeleteMessageDocument, { id }, reader), 'deleteMessage'),
  });
  const page = async (args: Record<string, unknown>) =>
    dataOf(
      await server.request(ConversationPageDocument, { with: peer.user.id, ...args }, reader),
      'conversation',
    ).messages as Page;
  return {
    ...mirror,
    page,
    historyAfter: async (after) => (await page({ first: 100, after })).edges.map((e) => e.node),
    node: async (id) =>
      dataOf(await server.request(MessageCursorDocument, { id }, reader), 'node') as Shown,
    emptyLiveCursor: async () =>
      dataOf(await server.request(DirectStreamCursorDocument, {}, reader), 'conversations')
        .liveCursor,
    subscribe: (after) => {
      const recording = record<{ directMessages: Shown }>(
        socketFor(server, reader),
        DirectMessageChangesDocument,
        { after },
      );
      return unwrap(recording, (result) => result.directMessages);
    },
  };
}

/** A recording of a subscription's messages (its errors fail the test). */
function unwrap<T>(recording: Recording<T>, pick: (data: T) => Shown): Recording<Shown> {
  return {
    ...recording,
    get results() {
      return recording.results.map((result) => {
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        return { data: pick(result.data as T) };
      });
    },
    async waitFor(count, timeoutMs) {
      await recording.waitFor(count, timeoutMs);
      return this.results;
    },
  };
}

/**
 * What the client holds once it has a cursor, in the terms the test checks:
 * - `held`: body by message id, as the client last saw it;
 * - `complete`: the client holds every message at a place up to this one;
 * - `readAt`: the client saw the stream as of this position;
 * - `place`: where the cursor stands in history.
 */
type Obtained = {
  cursor: string;
  held: Map<string, string>;
  complete: number;
  readAt: number;
  place: number;
};

type CursorKind = {
  name: string;
  /** Writes the window (at the moment the kind needs) and returns the cursor it yields. */
  obtain(target: Target): Promise<Obtained>;
};

const heldAsOf = (shown: Shown[]) => new Map(shown.map((message) => [message.id, message.body]));

/** A cursor from a history page: the edge at `index` of the page `args` asks for. */
function fromPage(
  name: string,
  args: { first?: number; last?: number },
  pick: (page: Page) => { cursor: string; index: number },
): CursorKind {
  return {
    name,
    async obtain(target) {
      await target.apply(BEFORE);
      const page = await target.page(args);
      const { cursor, index } = pick(page);
      const edge = page.edges[index] as Page['edges'][number];
      const place = placeOf(target, edge.node.id);
      return {
        cursor,
        held: heldAsOf(page.edges.slice(0, index + 1).map((e) => e.node)),
        complete: place,
        readAt: target.head(),
        place,
      };
    },
  };
}

function placeOf(target: Target, id: string): number {
  return [...target.messages.values()].find((message) => message.id === id)?.place as number;
}

/** The client's view of the stream as of position `at`, from the changes the test made. */
function stateAt(shown: Shown[], upTo: number): Map<string, string> {
  return heldAsOf(shown.slice(0, upTo));
}

/** Every kind of cursor a client can obtain. */
const KINDS: CursorKind[] = [
  fromPage('an edge cursor', { first: 2 }, (page) => ({
    cursor: page.edges[1]?.cursor as string,
    index: 1,
  })),
  fromPage('a page’s endCursor', { first: 3 }, (page) => ({
    cursor: page.pageInfo.endCursor as string,
    index: 2,
  })),
  fromPage('a page’s startCursor', { last: 2 }, (page) => ({
    cursor: page.pageInfo.startCursor as string,
    index: 0,
  })),
  fromPage('Message.cursor of an edited message on a history page', { first: 2 }, (page) => ({
    cursor: page.edges[1]?.node.cursor as string,
    index: 1,
  })),
  {
    name: 'a page’s liveCursor',
    async obtain(target) {
      const shown = await target.apply(BEFORE);
      const page = await target.page({ last: 20 });
      return {
        cursor: page.liveCursor as string,
        held: heldAsOf(shown),
        complete: target.head(),
        readAt: target.head(),
        place: target.head(),
      };
    },
  },
  {
    name: 'Message.cursor from node(id:), of an edited message',
    async obtain(target) {
      await target.apply(BEFORE);
      const m1 = target.messages.get(1) as Mirrored;
      const node = await target.node(m1.id);
      // Read on its own, a message is known as of its own latest change, and nothing else.
      return {
        cursor: node.cursor,
        held: new Map([[node.id, node.body]]),
        complete: m1.place,
        readAt: m1.change,
        place: m1.place,
      };
    },
  },
  {
    name: 'Message.cursor answered by editMessage',
    async obtain(target) {
      await target.apply(BEFORE);
      const [edited] = (await target.apply([{ op: 'edit', index: 1 }])) as [Shown];
      const m1 = target.messages.get(1) as Mirrored;
      return {
        cursor: edited.cursor,
        held: new Map([[edited.id, edited.body]]),
        complete: m1.place,
        readAt: m1.change,
        place: m1.place,
      };
    },
  },
  ...(
    [
      ['Message.cursor of an edit delivered live', 7],
      ['Message.cursor of a post delivered live', 5],
    ] as const
  ).map(
    ([name, position]): CursorKind => ({
      name,
      async obtain(target) {
        const live = target.subscribe(await target.emptyLiveCursor());
        const shown = await target.apply(BEFORE);
        const delivered = await live.waitFor(BEFORE.length);
        live.stop();
        // The change at `position`: the edit of m1, or the post of m4.
        const event = delivered[position - 1]?.data as Shown;
        expect(event.id).toBe(shown[position - 1]?.id);
        return {
          cursor: event.cursor,
          held: stateAt(shown, position),
          complete: position,
          readAt: position,
          place: placeOf(target, event.id),
        };
      },
    }),
  ),
  {
    name: 'Message.cursor of a change replayed after a page’s cursor',
    async obtain(target) {
      await target.apply(BEFORE);
      const page = await target.page({ first: 2 });
      const readAt = target.head();
      const replay = target.subscribe(page.edges[1]?.cursor as string);
      const replayed = (await replay.waitFor(2)).slice(0, 2).map((result) => result.data as Shown);
      replay.stop();
      const last = replayed[1] as Shown;
      return {
        cursor: last.cursor,
        held: heldAsOf([...page.edges.map((e) => e.node), ...replayed]),
        complete: placeOf(target, page.edges[1]?.node.id as string),
        readAt,
        place: placeOf(target, last.id),
      };
    },
  },
  {
    name: 'a cursor of the first version (one position)',
    async obtain(target) {
      const shown = await target.apply(BEFORE);
      const [kind, streamId] = JSON.parse(
        Buffer.from(shown[0]?.cursor as string, 'base64url').toString(),
      ) as [string, number];
      // As first-version edge cursors were: m1's place, meaning "everything up to here".
      return {
        cursor: Buffer.from(JSON.stringify([kind, streamId, 2])).toString('base64url'),
        held: stateAt(shown, 2),
        complete: 2,
        readAt: 2,
        place: 2,
      };
    },
  },
];

/** What resuming after the cursor must deliver, in change order (see the file's comment). */
function owed(target: Target, { held, complete, readAt }: Obtained): [string, string][] {
  return [...target.messages.values()]
    .filter(
      (message) =>
        held.get(message.id) !== message.body &&
        (held.has(message.id) || message.place > complete || message.change > readAt),
    )
    .sort((a, b) => a.change - b.change)
    .map((message) => [message.id, message.body]);
}

function historyAfter(target: Target, place: number): [string, string][] {
  return [...target.messages.values()]
    .filter((message) => message.place > place)
    .sort((a, b) => a.place - b.place)
    .map((message) => [message.id, message.body]);
}

const pairs = (messages: Shown[]) => messages.map((m) => [m.id, m.body]);

describe.each([
  ['a room', roomTarget],
  ['direct messages', directTarget],
] as const)('resuming %s', (_name, targetOf) => {
  const server = useTestServer();

  it.each(KINDS.map((kind) => [kind.name, kind] as const))(
    'after %s: history and the subscription yield exactly what follows, once, in order',
    async (_kind, kind) => {
      const target = await targetOf(server);
      const obtained = await kind.obtain(target);
      await target.apply(AFTER);

      expect(pairs(await target.historyAfter(obtained.cursor)), 'history').toEqual(
        historyAfter(target, obtained.place),
      );

      const expected = owed(target, obtained);
      const resumed = target.subscribe(obtained.cursor);
      await resumed.waitFor(expected.length);
      // A message posted now arrives right after the replay: nothing else came in between.
      const [sentinel] = (await target.apply([{ op: 'post', index: 7 }])) as [Shown];
      const delivered = (await resumed.waitFor(expected.length + 1)).map((r) => r.data as Shown);
      resumed.stop();
      expect(pairs(delivered), 'subscription').toEqual([...expected, [sentinel.id, sentinel.body]]);
    },
  );
});

describe('forged resume points', () => {
  const server = useTestServer();
  const cursor = (...keys: unknown[]) => Buffer.from(JSON.stringify(keys)).toString('base64url');

  it('are refused: BAD_USER_INPUT in history, CURSOR_EXPIRED on a subscription', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const first = await post(server, owner, room.id, 'one');
    await post(server, owner, room.id, 'two');
    const [, streamId] = JSON.parse(Buffer.from(first.cursor, 'base64url').toString());
    const subscribed = async (after: string) => {
      const seen = record(socketFor(server, owner), RoomMessagesDocument, {
        roomId: room.id,
        after,
      });
      await seen.waitFor(1);
      return seen.results[0]?.errors?.[0]?.extensions?.code;
    };
    const malformed = [
      cursor('p', streamId, 1, 2, 1, 1), // holds places past what it read
      cursor('p', streamId, 2, 1, 1, 1), // stands past what it read
      cursor('p', streamId, 1, 1, 1), // neither form
      cursor('p', streamId, 1, 1, -1, 2),
      cursor('p', streamId, 1, 1, 1, 1.5),
      cursor('p', streamId, 1, 1, 1, '2'),
    ];
    for (const after of malformed) {
      const history = await server.request(
        RoomHistoryDocument,
        { id: room.id, first: 10, after },
        owner,
      );
      expect(history.errors?.[0]?.extensions?.code, after).toBe('BAD_USER_INPUT');
      expect(await subscribed(after), after).toBe('CURSOR_EXPIRED');
    }
    // Well formed, but read from a future this stream has not reached, or from another stream.
    expect(await subscribed(cursor('p', streamId, 1, 1, 1, 3))).toBe('CURSOR_EXPIRED');
    expect(await subscribed(cursor('p', streamId + 1, 1, 1, 1, 2))).toBe('CURSOR_EXPIRED');
  });
});
