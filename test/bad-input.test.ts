import { describe, expect, it } from 'vitest';
import { type Account, PASSWORD } from './support/accounts.js';
import { COMPANY, companyToken } from './support/company.js';
import { post, roomWithMembers, sendDirect } from './support/rooms.js';
import { useTestServer } from './support/server.js';

/** One past the largest key an INT column holds (PostgreSQL's `integer`, 32 bits signed). */
const BEYOND_INT = 2 ** 31;

const globalId = (type: string, key: string | number) =>
  Buffer.from(`${type}:${key}`).toString('base64url');
const cursor = (...parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

type Case = {
  name: string;
  query: string;
  variables: (fixture: Fixture) => Record<string, unknown>;
  /** The argument `extensions.field` must name. */
  field: string;
};
type Fixture = { owner: Account; peer: Account; roomId: string; streamId: number };

const cases: Case[] = [
  // Strings with NUL, which PostgreSQL's text columns cannot hold.
  {
    name: 'a clientMessageId with NUL',
    query: `mutation($roomId: ID!, $c: String) { postMessage(roomId: $roomId, body: "hi", clientMessageId: $c) { id } }`,
    variables: ({ roomId }) => ({ roomId, c: 'retry\u0000-1' }),
    field: 'clientMessageId',
  },
  {
    name: 'a users(search:) prefix with NUL',
    query: `query($s: String!) { users(search: $s) { id } }`,
    variables: () => ({ s: 'us\u0000' }),
    field: 'search',
  },
  {
    name: 'a user(nickname:) with NUL',
    query: `query($n: String!) { user(nickname: $n) { id } }`,
    variables: () => ({ n: 'ali\u0000ce' }),
    field: 'nickname',
  },
  {
    name: 'a room(name:) with NUL',
    query: `query($n: String) { room(name: $n) { id } }`,
    variables: () => ({ n: 'gen\u0000eral' }),
    field: 'name',
  },
  {
    name: 'a login nickname with NUL',
    query: `mutation($n: String!, $p: String!) { login(nickname: $n, password: $p) { token } }`,
    variables: () => ({ n: 'ali\u0000ce', p: PASSWORD }),
    field: 'nickname',
  },
  {
    name: 'a rooms cursor whose key holds NUL',
    query: `query($after: String) { rooms(first: 5, after: $after) { edges { cursor } } }`,
    variables: () => ({ after: cursor('rooms', 'gen\u0000') }),
    field: 'after',
  },
  // Keys beyond what a 32-bit INT column holds, inside ids and cursors.
  {
    name: 'node(id:) of a Room key ≥ 2³¹',
    query: `query($id: ID!) { node(id: $id) { id } }`,
    variables: () => ({ id: globalId('Room', BEYOND_INT) }),
    field: 'id',
  },
  {
    name: 'node(id:) of a Message key ≥ 2³¹',
    query: `query($id: ID!) { node(id: $id) { id } }`,
    variables: () => ({ id: globalId('Message', 2 ** 40) }),
    field: 'id',
  },
  {
    name: 'room(id:) with a key ≥ 2³¹',
    query: `query($id: ID) { room(id: $id) { id } }`,
    variables: () => ({ id: globalId('Room', BEYOND_INT) }),
    field: 'id',
  },
  {
    name: 'joinRoom with a key ≥ 2³¹',
    query: `mutation($id: ID!) { joinRoom(roomId: $id) { id } }`,
    variables: () => ({ id: globalId('Room', BEYOND_INT) }),
    field: 'roomId',
  },
  {
    name: 'postMessage with a room key ≥ 2³¹',
    query: `mutation($id: ID!) { postMessage(roomId: $id, body: "hi") { id } }`,
    variables: () => ({ id: globalId('Room', BEYOND_INT) }),
    field: 'roomId',
  },
  {
    name: 'sendDirectMessage to a user key ≥ 2³¹',
    query: `mutation($to: ID!) { sendDirectMessage(to: $to, body: "hi") { id } }`,
    variables: () => ({ to: globalId('User', BEYOND_INT) }),
    field: 'to',
  },
  {
    name: 'markRead of a message key ≥ 2³¹',
    query: `mutation($id: ID!) { markRead(messageId: $id) }`,
    variables: () => ({ id: globalId('Message', BEYOND_INT) }),
    field: 'messageId',
  },
  {
    name: 'conversation(with:) a user key ≥ 2³¹',
    query: `query($with: ID!) { conversation(with: $with) { id } }`,
    variables: () => ({ with: globalId('User', BEYOND_INT) }),
    field: 'with',
  },
  {
    name: 'setTyping in a room key ≥ 2³¹',
    query: `mutation($id: ID) { setTyping(roomId: $id, typing: true) }`,
    variables: () => ({ id: globalId('Room', BEYOND_INT) }),
    field: 'roomId',
  },
  {
    name: 'setTyping with a user key ≥ 2³¹',
    query: `mutation($id: ID) { setTyping(conversationWith: $id, typing: true) }`,
    variables: () => ({ id: globalId('User', BEYOND_INT) }),
    field: 'conversationWith',
  },
  {
    name: 'a room history cursor whose stream is ≥ 2³¹',
    query: `query($id: ID, $after: String) { room(id: $id) { messages(first: 5, after: $after) { edges { cursor } } } }`,
    variables: ({ roomId }) => ({ id: roomId, after: cursor('p', BEYOND_INT, 1) }),
    field: 'after',
  },
  {
    name: 'a room history cursor whose position is ≥ 2³¹',
    query: `query($id: ID, $before: String) { room(id: $id) { messages(last: 5, before: $before) { edges { cursor } } } }`,
    variables: ({ roomId, streamId }) => ({
      id: roomId,
      before: cursor('p', streamId, BEYOND_INT),
    }),
    field: 'before',
  },
  {
    name: 'a conversation history cursor ≥ 2³¹',
    query: `query($with: ID!, $after: String) { conversation(with: $with) { messages(first: 5, after: $after) { edges { cursor } } } }`,
    variables: ({ peer }) => ({ with: peer.user.id, after: cursor('p', BEYOND_INT, BEYOND_INT) }),
    field: 'after',
  },
  {
    name: 'a room members cursor ≥ 2³¹',
    query: `query($id: ID, $after: String) { room(id: $id) { members(first: 5, after: $after) { edges { cursor } } } }`,
    variables: ({ roomId }) => ({ id: roomId, after: cursor('members', BEYOND_INT) }),
    field: 'after',
  },
  {
    name: 'a conversations cursor ≥ 2³¹',
    query: `query($after: String) { conversations(first: 5, after: $after) { edges { cursor } } }`,
    variables: () => ({ after: cursor('conversations', BEYOND_INT) }),
    field: 'after',
  },
  {
    name: 'editMessage of a message key ≥ 2³¹',
    query: `mutation($id: ID!) { editMessage(id: $id, body: "x") { id } }`,
    variables: () => ({ id: globalId('Message', BEYOND_INT) }),
    field: 'id',
  },
];

describe('bad input answers the same on every database: BAD_USER_INPUT naming the argument', () => {
  const server = useTestServer();
  let fixture: Fixture;

  async function setUp(): Promise<Fixture> {
    if (fixture) return fixture;
    const { room, owner, members } = await roomWithMembers(server, 1);
    const peer = members[0] as Account;
    const message = await post(server, owner, room.id, 'hello');
    await sendDirect(server, owner, peer, 'hi');
    const [, streamId] = JSON.parse(Buffer.from(message.cursor, 'base64url').toString('utf8'));
    fixture = { owner, peer, roomId: room.id, streamId };
    return fixture;
  }

  it.each(cases)('$name', async ({ query, variables, field }) => {
    const current = await setUp();
    const response = await server.request(query, variables(current), current.owner);
    expect(response.errors?.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
    ]);
  });

  it('over graphql-ws too: ids beyond 32 bits and NULs end a subscription with BAD_USER_INPUT, a cursor beyond them with CURSOR_EXPIRED', async () => {
    const { owner, roomId, streamId } = await setUp();
    const client = server.wsClient({
      connectionParams: { authorization: `Bearer ${owner.token}` },
    });
    for (const [variables, code] of [
      [{ roomId: globalId('Room', BEYOND_INT), after: null }, 'BAD_USER_INPUT'],
      [{ roomId, after: `${cursor('p', streamId, 0)}\u0000` }, 'BAD_USER_INPUT'],
      // A subscription's cursor that cannot be resumed always ends it with CURSOR_EXPIRED.
      [{ roomId, after: cursor('p', streamId, BEYOND_INT) }, 'CURSOR_EXPIRED'],
    ] as const) {
      const errors = await new Promise<unknown[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000);
        client.subscribe(
          {
            query: `subscription($roomId: ID!, $after: String) { roomMessages(roomId: $roomId, after: $after) { id } }`,
            variables,
          },
          {
            next: (result) => {
              clearTimeout(timer);
              resolve([...(result.errors ?? [])]);
            },
            error: (error) => {
              clearTimeout(timer);
              resolve(Array.isArray(error) ? error : [error]);
            },
            complete: () => {
              clearTimeout(timer);
              resolve([]);
            },
          },
        );
      });
      expect(
        errors.map((error) => (error as { extensions?: unknown }).extensions),
        JSON.stringify(variables),
      ).toEqual([expect.objectContaining({ code })]);
    }
  });
});

describe('text from outside the GraphQL arguments', () => {
  const server = useTestServer({ env: COMPANY });

  it('answers a company token whose subject holds NUL with 401 UNAUTHENTICATED, on every database', async () => {
    const token = await companyToken('emp\u0000loyee');
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
