import { describe, expect, it } from 'vitest';
import {
  CreateRoomDocument,
  JoinRoomDocument,
  LeaveRoomDocument,
  RoomDetailsDocument,
  RoomMembersDocument,
} from './generated/graphql.js';
import { dataOf, freshRoomName, signUp } from './support/accounts.js';
import { useTestServer } from './support/server.js';

describe('creating, joining and leaving rooms', () => {
  const server = useTestServer();

  it('makes the creator owner and first member', async () => {
    const owner = await signUp(server);
    const name = freshRoomName('Café');
    const room = dataOf(
      await server.request(CreateRoomDocument, { name, topic: 'Coffee talk' }, owner),
      'createRoom',
    );
    expect(room).toMatchObject({
      name,
      topic: 'Coffee talk',
      memberCount: 1,
      viewerIsMember: true,
      owner: { id: owner.user.id },
    });
    const other = await signUp(server);
    const seen = dataOf(await server.request(RoomDetailsDocument, { id: room.id }, other), 'room');
    expect(seen).toMatchObject({ viewerIsMember: false, memberCount: 1, unreadCount: 0 });
  });

  it('refuses a second room with the same name in another case, also when racing', async () => {
    const user = await signUp(server);
    const name = freshRoomName('Race');
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.request(
          CreateRoomDocument,
          { name: i % 2 ? name.toUpperCase() : name.toLowerCase() },
          user,
        ),
      ),
    );
    expect(attempts.filter((a) => a.data?.createRoom)).toHaveLength(1);
    const codes = attempts.flatMap((a) => a.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).toEqual(Array(19).fill('ROOM_NAME_TAKEN'));
  });

  it.each([
    ['a one-letter name', { name: 'a' }, 'name'],
    ['a 65-letter name', { name: 'a'.repeat(65) }, 'name'],
    ['a space', { name: 'two words' }, 'name'],
    ['a symbol', { name: 'room!' }, 'name'],
    ['a 251-character topic', { name: 'ok-name', topic: 't'.repeat(251) }, 'topic'],
    ['a NUL in the topic', { name: 'ok-name', topic: 'a\u0000b' }, 'topic'],
  ])('refuses %s with BAD_USER_INPUT', async (_label, variables, field) => {
    const user = await signUp(server);
    const { errors } = await server.request(CreateRoomDocument, variables, user);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('needs a signed-in viewer to create, join or leave', async () => {
    const owner = await signUp(server);
    const room = dataOf(
      await server.request(CreateRoomDocument, { name: freshRoomName() }, owner),
      'createRoom',
    );
    for (const [document, variables] of [
      [String(CreateRoomDocument), { name: freshRoomName() }],
      [String(JoinRoomDocument), { roomId: room.id }],
      [String(LeaveRoomDocument), { roomId: room.id }],
    ] as [string, Record<string, unknown>][]) {
      const { errors } = await server.request(document, variables);
      expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('joins once however often asked, and lists members', async () => {
    const owner = await signUp(server);
    const room = dataOf(
      await server.request(CreateRoomDocument, { name: freshRoomName() }, owner),
      'createRoom',
    );
    const guest = await signUp(server);
    for (let i = 0; i < 3; i += 1) {
      const joined = dataOf(
        await server.request(JoinRoomDocument, { roomId: room.id }, guest),
        'joinRoom',
      );
      expect(joined).toMatchObject({ memberCount: 2, viewerIsMember: true });
    }
    const page = dataOf(
      await server.request(RoomMembersDocument, { id: room.id, first: 1 }, guest),
      'room',
    ).members;
    expect(page.edges.map((e) => e.node.id)).toEqual([owner.user.id]);
    const rest = dataOf(
      await server.request(
        RoomMembersDocument,
        { id: room.id, first: 5, after: page.pageInfo.endCursor },
        guest,
      ),
      'room',
    ).members;
    expect(rest.edges.map((e) => e.node.id)).toEqual([guest.user.id]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('hands the room to the longest-standing member when the owner leaves', async () => {
    const [owner, first, second] = await Promise.all([
      signUp(server),
      signUp(server),
      signUp(server),
    ]);
    const room = dataOf(
      await server.request(CreateRoomDocument, { name: freshRoomName() }, owner),
      'createRoom',
    );
    await server.request(JoinRoomDocument, { roomId: room.id }, first);
    await server.request(JoinRoomDocument, { roomId: room.id }, second);

    const afterOwner = dataOf(
      await server.request(LeaveRoomDocument, { roomId: room.id }, owner),
      'leaveRoom',
    );
    expect(afterOwner).toMatchObject({ memberCount: 2, viewerIsMember: false });
    expect(afterOwner.owner?.id).toBe(first.user.id);

    await server.request(LeaveRoomDocument, { roomId: room.id }, first);
    const afterFirst = dataOf(
      await server.request(RoomDetailsDocument, { id: room.id }, second),
      'room',
    );
    expect(afterFirst.owner?.id).toBe(second.user.id);

    // The last member leaves: the room stays, with no owner, until someone joins it.
    const empty = dataOf(
      await server.request(LeaveRoomDocument, { roomId: room.id }, second),
      'leaveRoom',
    );
    expect(empty).toMatchObject({ memberCount: 0, owner: null });
    const adopted = dataOf(
      await server.request(JoinRoomDocument, { roomId: room.id }, owner),
      'joinRoom',
    );
    expect(adopted.owner?.id).toBe(owner.user.id);
  });

  it('answers NOT_FOUND for an unknown room and BAD_USER_INPUT for a malformed id', async () => {
    const user = await signUp(server);
    const unknown = Buffer.from('Room:424242').toString('base64url');
    const missing = await server.request(JoinRoomDocument, { roomId: unknown }, user);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await server.request(JoinRoomDocument, { roomId: 'nope' }, user);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'roomId',
    });
  });
});
