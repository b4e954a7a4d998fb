import { describe, expect, it } from 'vitest';
import {
  NodeByIdDocument,
  RoomByIdDocument,
  RoomByNameDocument,
  RoomDirectoryDocument,
  RoomListDocument,
} from './generated/graphql.js';
import { type Account, signUp } from './support/accounts.js';
import { execute } from './support/graphql-ws.js';
import { createRoom, joinRoom, post, roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';
import { onPostgres } from './support/services.js';

describe('the general room', () => {
  const server = useTestServer();

  it('exists after the first start and is found by name in any letter case', async () => {
    const { data, errors } = await server.request(RoomByNameDocument, { name: 'General' });
    expect(errors).toBeUndefined();
    expect(data?.room).toMatchObject({ name: 'general', topic: null });
    expect(new Date(data?.room?.createdAt ?? '').getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('is listed by rooms', async () => {
    const { data } = await server.request(RoomListDocument, { first: 10 });
    expect(data?.rooms.edges.map((edge) => edge.node.name)).toEqual(['general']);
    expect(data?.rooms.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('resolves through node(id:) and room(id:) with the id it was given', async () => {
    const byName = await server.request(RoomByNameDocument, { name: 'general' });
    const id = byName.data?.room?.id as string;
    const node = await server.request(NodeByIdDocument, { id });
    expect(node.data?.node).toEqual({ __typename: 'Room', id, name: 'general' });
    const room = await server.request(RoomByIdDocument, { id });
    expect(room.data?.room).toEqual({ id, name: 'general' });
  });

  it('pages from either end with cursors', async () => {
    const last = await server.request(RoomListDocument, { last: 1 });
    expect(last.data?.rooms.edges.map((edge) => edge.node.name)).toEqual(['general']);
    const cursor = last.data?.rooms.pageInfo.endCursor as string;
    const after = await server.request(RoomListDocument, { first: 5, after: cursor });
    expect(after.data?.rooms.edges).toEqual([]);
    expect(after.data?.rooms.pageInfo.hasPreviousPage).toBe(true);
  });
});

describe('looking rooms up with bad input', () => {
  const server = useTestServer();

  it('answers null for an unknown name or a well-formed id of nothing', async () => {
    const byName = await server.request(RoomByNameDocument, { name: 'nowhere' });
    expect(byName).toEqual({ data: { room: null } });
    const unknownRoom = Buffer.from('Room:999999').toString('base64url');
    expect(await server.request(NodeByIdDocument, { id: unknownRoom })).toEqual({
      data: { node: null },
    });
    const notANodeType = Buffer.from('PageInfo:1').toString('base64url');
    expect(await server.request(NodeByIdDocument, { id: notANodeType })).toEqual({
      data: { node: null },
    });
  });

  it.each([
    ['garbage', 'not base64 at all!'],
    ['empty', ''],
    ['no key', Buffer.from('Room:').toString('base64url')],
    ['a huge key', Buffer.from('Room:99999999999999999999').toString('base64url')],
    ['a negative key', Buffer.from('Room:-1').toString('base64url')],
  ])('refuses a malformed node id (%s) with BAD_USER_INPUT on field id', async (_label, id) => {
    const { errors } = await server.request(NodeByIdDocument, { id });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('refuses another type’s id where a room id is expected', async () => {
    const { errors } = await server.request(RoomByIdDocument, {
      id: Buffer.from('User:1').toString('base64url'),
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('refuses both or neither of id and name', async () => {
    const { errors } = await server.request('{ room { id } }');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ last: 500 }, 'last'],
    [{ first: 1, last: 1 }, 'last'],
    [{ after: 'bm9wZQ' }, 'after'],
    [{ before: '%%%' }, 'before'],
  ])('refuses connection arguments %j naming %s', async (variables, field) => {
    const { errors } = await server.request(RoomListDocument, variables);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('names the variable when a value cannot be coerced', async () => {
    const { errors } = await server.request(RoomListDocument, { first: 'ten' } as never);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('a room seen from outside', () => {
  const server = useTestServer();
  /** Everything a "join to read" screen shows, in one query. */
  const joinScreen = `query JoinScreen($id: ID!) {
    room(id: $id) {
      name
      topic
      memberCount
      viewerIsMember
      messages(last: 20) { edges { node { body } } pageInfo { hasPreviousPage } liveCursor }
    }
  }`;

  it('shows a non-member the room, with its messages alone refused (FORBIDDEN)', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    await post(server, owner, room.id, 'members only');
    const outsider = await signUp(server);
    const { data, errors } = await server.request(joinScreen, { id: room.id }, outsider);
    expect(data).toEqual({
      room: {
        name: room.name,
        topic: null,
        memberCount: 1,
        viewerIsMember: false,
        messages: { edges: [], pageInfo: { hasPreviousPage: false }, liveCursor: '' },
      },
    });
    expect(errors).toEqual([
      expect.objectContaining({
        path: ['room', 'messages'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    // The same over graphql-ws.
    const socket = server.wsClient({
      connectionParams: { authorization: `Bearer ${outsider.token}` },
    });
    const overSocket = await execute(socket, joinScreen, { id: room.id });
    expect(overSocket.data).toEqual(data);
    expect(overSocket.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);

    const member = await server.request(joinScreen, { id: room.id }, owner);
    expect(member.errors).toBeUndefined();
    expect(member.data).toMatchObject({
      room: { viewerIsMember: true, messages: { edges: [{ node: { body: 'members only' } }] } },
    });
  });

  it('lists rooms and shows them to anyone signed out, but not their messages (UNAUTHENTICATED)', async () => {
    const { room } = await roomWithMembers(server, 0);
    const list = await server.request(RoomListDocument, { first: 100 });
    expect(list.data?.rooms.edges.map((edge) => edge.node.name)).toContain(room.name);
    const { data, errors } = await server.request<{ room: unknown }, { id: string }>(joinScreen, {
      id: room.id,
    });
    expect(data?.room).toMatchObject({ name: room.name, viewerIsMember: false });
    expect(errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['room', 'messages'], 'UNAUTHENTICATED'],
    ]);
  });
});

// Statements are observed on SQLite only (the PostgreSQL adapter reports none).
describe.skipIf(onPostgres)(
  'the cost of a page of rooms with counts, memberships and owners',
  () => {
    let statements: string[] | undefined;
    const server = useTestServer({ onStatement: (sql) => statements?.push(sql) });

    /** The SQL statements one request for the first 100 rooms runs, and its rooms. */
    async function directory(viewer: { token: string }) {
      statements = [];
      const { data, errors } = await server.request(RoomDirectoryDocument, { first: 100 }, viewer);
      const issued = statements;
      statements = undefined;
      expect(errors).toBeUndefined();
      return { rooms: data?.rooms.edges.map((edge) => edge.node) ?? [], issued };
    }

    it('costs the same statements for 30 rooms as for 3: one batch per field, not one per room', async () => {
      const { room, owner, members } = await roomWithMembers(server, 1);
      const [reader] = members as [Account];
      await post(server, owner, room.id, 'one unread for the reader');
      const few = await directory(reader);
      expect(few.rooms.find((r) => r.id === room.id)).toMatchObject({
        memberCount: 2,
        viewerIsMember: true,
        unreadCount: 1,
        owner: { id: owner.user.id },
      });

      for (let i = 0; i < 27; i += 1) {
        const other = await createRoom(server, owner);
        await joinRoom(server, reader, other.id);
      }
      const many = await directory(reader);
      expect(many.rooms).toHaveLength(few.rooms.length + 27);
      expect(few.issued.length).toBeGreaterThan(0);
      expect(many.issued).toHaveLength(few.issued.length);
    });
  },
);
