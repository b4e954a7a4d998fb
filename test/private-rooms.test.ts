import { describe, expect, it } from 'vitest';
import {
  CreateGroupChatDocument,
  CreatePrivateRoomDocument,
  CreateRoomWithMembersDocument,
  GroupRoomByIdDocument,
  GroupRoomByNameDocument,
  JoinRoomDocument,
  LeaveRoomDocument,
  MarkReadDocument,
  PostMessageDocument,
  RoomEventsDocument,
  RoomHistoryDocument,
  RoomMessagesDocument,
  RoomNodeDocument,
  SetTypingDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import type { GraphQLResponse } from './support/endpoint.js';
import { record } from './support/graphql-ws.js';
import { post } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

/** A Room id that no room will ever have. */
const NEVER_A_ROOM = Buffer.from('Room:2000000000', 'utf8').toString('base64url');

/** What a client can tell from a response: its data and its errors' codes, messages, fields. */
function observable(response: GraphQLResponse<unknown>) {
  return {
    data: response.data ?? null,
    errors: (response.errors ?? []).map((error) => ({
      message: error.message,
      code: error.extensions?.code,
      field: error.extensions?.field,
      path: error.path,
    })),
  };
}

async function privateRoom(server: TestServer, owner: Account, members: Account[], name?: string) {
  return dataOf(
    await server.request(
      CreatePrivateRoomDocument,
      { name, memberIds: members.map((member) => member.user.id) },
      owner,
    ),
    'createRoom',
  );
}

describe('private rooms', () => {
  const server = useTestServer();

  it('are created with their members at once, owned by their creator', async () => {
    const [ada, bob, cy] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const room = await privateRoom(server, ada, [bob, cy, bob, ada], 'Family');
    expect(room).toMatchObject({
      name: 'Family',
      visibility: 'PRIVATE',
      memberCount: 3,
      viewerIsMember: true,
      owner: { id: ada.user.id },
    });
    // A member reads, posts and follows it like any room.
    const message = await post(server, bob, room.id, 'hello family');
    const history = await server.request(RoomHistoryDocument, { id: room.id }, cy);
    expect(history.data?.room?.messages.edges.map((edge) => edge.node.id)).toEqual([message.id]);
  });

  it('answer outsiders on every path exactly as an id that never existed', async () => {
    const [ada, bob, eve] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const room = await privateRoom(server, ada, [bob], 'secret-plans');
    const message = await post(server, ada, room.id, 'the plan');
    const bobsCursor = message.cursor;

    const asked = async (roomId: string) => ({
      byId: observable(await server.request(GroupRoomByIdDocument, { id: roomId }, eve)),
      node: observable(await server.request(RoomNodeDocument, { id: roomId }, eve)),
      history: observable(await server.request(RoomHistoryDocument, { id: roomId }, eve)),
      join: observable(await server.request(JoinRoomDocument, { roomId }, eve)),
      leave: observable(await server.request(LeaveRoomDocument, { roomId }, eve)),
      post: observable(await server.request(PostMessageDocument, { roomId, body: 'hi' }, eve)),
      typing: observable(await server.request(SetTypingDocument, { roomId, typing: true }, eve)),
    });
    expect(await asked(room.id)).toEqual(await asked(NEVER_A_ROOM));
    const answers = await asked(room.id);
    expect(answers.byId.data).toEqual({ room: null });
    expect(answers.join.errors[0]?.code).toBe('NOT_FOUND');
    expect(answers.post.errors[0]?.code).toBe('NOT_FOUND');
    expect(answers.leave.errors[0]?.code).toBe('NOT_FOUND');

    // markRead of one of its messages: as for a message that never existed.
    const markRead = await server.request(MarkReadDocument, { messageId: message.id }, eve);
    expect(markRead.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // Signed out, nothing either.
    expect((await server.request(GroupRoomByIdDocument, { id: room.id })).data).toEqual({
      room: null,
    });
    // Not by name, not in the directory.
    expect(
      (await server.request(GroupRoomByNameDocument, { name: 'secret-plans' }, eve)).data,
    ).toEqual({ room: null });
    const directory = await server.request<
      { rooms: { edges: { node: { id: string } }[] } },
      object
    >('query { rooms(first: 100) { edges { node { id } } } }', {}, ada);
    expect(JSON.stringify(directory.data)).not.toContain(room.id);

    // Live: subscriptions refuse as for a ghost, even with a member's cursor.
    const client = server.wsClient({ connectionParams: { authorization: `Bearer ${eve.token}` } });
    const streams = [
      record(client, RoomMessagesDocument, { roomId: room.id, after: bobsCursor }),
      record(client, RoomMessagesDocument, { roomId: NEVER_A_ROOM, after: bobsCursor }),
      record(client, RoomEventsDocument, { roomId: room.id }),
      record(client, RoomEventsDocument, { roomId: NEVER_A_ROOM }),
    ];
    const [privateMessages, ghostMessages, privateEvents, ghostEvents] = await Promise.all(
      streams.map(async (stream) => {
        await stream.waitFor(1);
        return stream.results.map((result) =>
          (result.errors ?? []).map((error) => [error.message, error.extensions?.code]),
        );
      }),
    );
    expect(privateMessages).toEqual(ghostMessages);
    expect(privateEvents).toEqual(ghostEvents);
    expect(privateMessages?.[0]?.[0]?.[1]).toBe('NOT_FOUND');
    expect(JSON.stringify(privateMessages)).not.toContain('the plan');
  });

  it('never make a name taken: two “Family” rooms, and a public one too', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    const name = `Family${Date.now()}`;
    const first = await privateRoom(server, ada, [], name);
    const second = await privateRoom(server, bob, [], name);
    expect(first.id).not.toBe(second.id);
    const publicRoom = await server.request(CreateRoomWithMembersDocument, { name }, ada);
    expect(publicRoom.errors).toBeUndefined();
    expect(publicRoom.data?.createRoom).toMatchObject({ name, visibility: 'PUBLIC' });
    // And a private room may take a public room's name.
    expect((await privateRoom(server, bob, [], name)).name).toBe(name);
    // The name finds the public room only.
    expect(
      (await server.request(GroupRoomByNameDocument, { name: name.toLowerCase() }, bob)).data?.room
        ?.id,
    ).toBe(publicRoom.data?.createRoom.id);
  });

  it('show their members’ nicknames when unnamed', async () => {
    const [ada, bob, cy, dee, eli] = await Promise.all(
      ['ada', 'bob', 'cyd', 'dee', 'eli'].map((prefix) =>
        signUp(server, `${prefix}_${Date.now()}`),
      ),
    );
    const nick = (account: Account | undefined) => account?.user.nickname;
    const two = await privateRoom(server, ada as Account, [bob as Account]);
    expect(two.name).toBe(nick(bob));
    const bobsView = await server.request(GroupRoomByIdDocument, { id: two.id }, bob);
    expect(bobsView.data?.room?.name).toBe(nick(ada));
    const five = dataOf(
      await server.request(
        CreateGroupChatDocument,
        { memberIds: [bob, cy, dee, eli].map((account) => account?.user.id as string) },
        ada,
      ),
      'createGroupChat',
    );
    expect(five.name).toBe(`${nick(bob)}, ${nick(cy)}, ${nick(dee)} and 1 other`);
    expect(five.visibility).toBe('PRIVATE');
    const three = await privateRoom(server, ada as Account, [cy as Account, bob as Account]);
    expect(three.name).toBe(`${nick(bob)} and ${nick(cy)}`);
    // Alone in it: the viewer's own nickname.
    expect((await privateRoom(server, ada as Account, [])).name).toBe(nick(ada));
  });

  it('refuse bad input with the argument named', async () => {
    const [ada] = await Promise.all([signUp(server)]);
    const codeOf = async (variables: Record<string, unknown>) => {
      const { errors } = await server.request(CreateRoomWithMembersDocument, variables, ada);
      return [errors?.[0]?.extensions?.code, errors?.[0]?.extensions?.field];
    };
    expect(await codeOf({ visibility: 'PUBLIC' })).toEqual(['BAD_USER_INPUT', 'name']);
    expect(await codeOf({ visibility: 'PRIVATE', name: 'x'.repeat(65) })).toEqual([
      'BAD_USER_INPUT',
      'name',
    ]);
    expect(await codeOf({ visibility: 'PRIVATE', name: 'a\u202eb' })).toEqual([
      'BAD_USER_INPUT',
      'name',
    ]);
    expect(await codeOf({ visibility: 'PRIVATE', memberIds: [NEVER_A_ROOM] })).toEqual([
      'BAD_USER_INPUT',
      'memberIds',
    ]);
    const ghostUser = Buffer.from('User:2000000000', 'utf8').toString('base64url');
    expect(await codeOf({ visibility: 'PRIVATE', memberIds: [ghostUser] })).toEqual([
      'NOT_FOUND',
      'memberIds',
    ]);
    const many = Array.from({ length: 101 }, (_, index) =>
      Buffer.from(`User:${index + 1000}`, 'utf8').toString('base64url'),
    );
    expect(await codeOf({ visibility: 'PRIVATE', memberIds: many })).toEqual([
      'BAD_USER_INPUT',
      'memberIds',
    ]);
    // Emoji with joiners are fine in a private room's name; blank is unnamed.
    const emoji = await server.request(
      CreateRoomWithMembersDocument,
      { visibility: 'PRIVATE', name: ' 👨‍👩‍👧 home ' },
      ada,
    );
    expect(emoji.data?.createRoom.name).toBe('👨‍👩‍👧 home');
  });
});

describe('private rooms through federation', () => {
  const server = useTestServer({ env: { FEDERATION: 'true' } });

  it('resolve as _entities for members only, null for anyone else', async () => {
    const [ada, bob, eve] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const room = await privateRoom(server, ada, [bob], 'federated-secret');
    const entities = (viewer: Account) =>
      server.request<{ _entities: unknown[] }, object>(
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Room { id name } } }',
        {
          r: [
            { __typename: 'Room', id: room.id },
            { __typename: 'Room', id: NEVER_A_ROOM },
          ],
        },
        viewer,
      );
    expect((await entities(bob)).data?._entities).toEqual([
      { id: room.id, name: 'federated-secret' },
      null,
    ]);
    const asEve = await entities(eve);
    expect(asEve.data?._entities).toEqual([null, null]);
    expect(JSON.stringify(asEve)).not.toContain('federated-secret');
  });
});
