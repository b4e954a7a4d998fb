import { describe, expect, it } from 'vitest';
import {
  AddRoomMembersDocument,
  CreateGroupChatDocument,
  RoomEventsDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { activeSubscriptions, untilLive } from './support/live.js';
import { createRoom, joinRoom, post } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

/** The database key of a global User id. */
function keyOf(account: Account): number {
  return Number(Buffer.from(account.user.id, 'base64url').toString('utf8').split(':')[1]);
}

/**
 * Safety facts written as blockUser / setDirectMessagePolicy / banFromRoom (issues 16b, 17a) will
 * write them, straight into the server's own database: what this issue reads, not how it is set.
 */
const facts = (server: TestServer) => ({
  block: (blocker: Account, blocked: Account) =>
    server.running.database.db.block.create({
      data: { blockerId: keyOf(blocker), blockedId: keyOf(blocked) },
    }),
  policy: (user: Account, directMessagePolicy: 'EVERYONE' | 'SHARED_ROOMS' | 'NOBODY') =>
    server.running.database.db.user.update({
      where: { id: keyOf(user) },
      data: { directMessagePolicy },
    }),
  ban: (roomId: string, user: Account) =>
    server.running.database.db.roomBan.create({
      data: {
        roomId: Number(Buffer.from(roomId, 'base64url').toString('utf8').split(':')[1]),
        userId: keyOf(user),
      },
    }),
  moderator: (roomId: string, user: Account) =>
    server.running.database.db.membership.update({
      where: {
        roomId_userId: {
          roomId: Number(Buffer.from(roomId, 'base64url').toString('utf8').split(':')[1]),
          userId: keyOf(user),
        },
      },
      data: { role: 'MODERATOR' },
    }),
});

describe('group chats', () => {
  const server = useTestServer();

  async function group(owner: Account, members: Account[], name?: string) {
    return dataOf(
      await server.request(
        CreateGroupChatDocument,
        { memberIds: members.map((member) => member.user.id), name },
        owner,
      ),
      'createGroupChat',
    );
  }

  it('start in one mutation, and the owner adds a friend, announced to the members', async () => {
    const [ada, bob, cy] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const room = await group(ada, [bob], 'Climbing');
    expect(room).toMatchObject({ name: 'Climbing', visibility: 'PRIVATE', memberCount: 2 });

    const client = server.wsClient({ connectionParams: { authorization: `Bearer ${bob.token}` } });
    const baseline = await activeSubscriptions(server);
    const events = record<{ roomEvents: { __typename: string; user?: { id: string } } }>(
      client,
      RoomEventsDocument,
      { roomId: room.id },
    );
    await untilLive(server, baseline, 1);
    const added = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [cy.user.id, bob.user.id] },
      ada,
    );
    expect(added.errors).toBeUndefined();
    expect(added.data?.addRoomMembers.memberCount).toBe(3);
    const joined = async () =>
      events.results.filter((result) => result.data?.roomEvents.__typename === 'MemberJoinedEvent');
    for (let count = 1; (await joined()).length === 0; count += 1) await events.waitFor(count);
    expect((await joined()).map((result) => result.data?.roomEvents)).toEqual([
      {
        __typename: 'MemberJoinedEvent',
        user: { id: cy.user.id },
      },
    ]);
    // The new member reads the whole history and posts.
    await post(server, cy, room.id, 'thanks for adding me');
    events.stop();
  });

  it('are added to by the owner and moderators only; outsiders do not see the room', async () => {
    const [ada, bob, cy, eve] = await Promise.all([
      signUp(server),
      signUp(server),
      signUp(server),
      signUp(server),
    ]);
    const room = await group(ada, [bob]);
    const byMember = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [cy.user.id] },
      bob,
    );
    expect(byMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byOutsider = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [cy.user.id] },
      eve,
    );
    expect(byOutsider.errors?.[0]).toMatchObject({
      message: 'No such room',
      extensions: { code: 'NOT_FOUND', field: 'roomId' },
    });
    await facts(server).moderator(room.id, bob);
    const byModerator = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [cy.user.id] },
      bob,
    );
    expect(byModerator.data?.addRoomMembers.memberCount).toBe(3);
  });

  it('follow the same rule in public rooms: owner and moderators add members', async () => {
    const [ada, bob, cy] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const room = await createRoom(server, ada);
    await joinRoom(server, bob, room.id);
    const byMember = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [cy.user.id] },
      bob,
    );
    expect(byMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const byOwner = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [cy.user.id] },
      ada,
    );
    expect(byOwner.data?.addRoomMembers).toMatchObject({ memberCount: 3, visibility: 'PUBLIC' });
  });

  it('refuse, with BLOCKED and nothing stored, a user who would not accept a message', async () => {
    const [ada, bob, cy, dee] = await Promise.all([
      signUp(server),
      signUp(server),
      signUp(server),
      signUp(server),
    ]);
    await facts(server).block(bob, ada);
    await facts(server).policy(cy, 'NOBODY');
    for (const refuser of [bob, cy]) {
      const created = await server.request(
        CreateGroupChatDocument,
        { memberIds: [dee.user.id, refuser.user.id] },
        ada,
      );
      expect(created.errors?.[0]).toMatchObject({
        message: 'This user does not accept this from you',
        extensions: { code: 'BLOCKED' },
      });
      expect(created.data).toBeNull();
    }
    const room = await group(ada, [dee]);
    const added = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [bob.user.id] },
      ada,
    );
    expect(added.errors?.[0]?.extensions?.code).toBe('BLOCKED');
    // All or nothing: the room did not change.
    const again = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [] },
      ada,
    );
    expect(again.data?.addRoomMembers.memberCount).toBe(2);
    // The block is one-way: bob may still add ada.
    expect((await group(bob, [ada])).memberCount).toBe(2);
  });

  it('accept SHARED_ROOMS users only from people they share a room with', async () => {
    const [ada, bob, eve] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    await facts(server).policy(bob, 'SHARED_ROOMS');
    // Everyone starts in `general`, which does not count as a shared room.
    const byStranger = await server.request(
      CreateGroupChatDocument,
      { memberIds: [bob.user.id] },
      eve,
    );
    expect(byStranger.errors?.[0]?.extensions?.code).toBe('BLOCKED');
    // Ada shares a room with bob.
    const climbing = await createRoom(server, ada);
    await joinRoom(server, bob, climbing.id);
    expect((await group(ada, [bob])).memberCount).toBe(2);
  });

  it('keep banned users out until the ban ends', async () => {
    const [ada, bob, cy] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const room = await group(ada, [bob]);
    await facts(server).ban(room.id, cy);
    const added = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [cy.user.id] },
      ada,
    );
    expect(added.errors?.[0]).toMatchObject({
      message: 'This user is banned from this room',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('need another member, and refuse unknown users and too many at once', async () => {
    const ada = await signUp(server);
    const alone = await server.request(CreateGroupChatDocument, { memberIds: [ada.user.id] }, ada);
    expect(alone.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'memberIds',
    });
    const room = await group(ada, [await signUp(server)]);
    const ghost = Buffer.from('User:2000000000', 'utf8').toString('base64url');
    const unknown = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: [ghost] },
      ada,
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'userIds' });
    const many = Array.from({ length: 101 }, (_, index) =>
      Buffer.from(`User:${index + 5000}`, 'utf8').toString('base64url'),
    );
    const tooMany = await server.request(
      AddRoomMembersDocument,
      { roomId: room.id, userIds: many },
      ada,
    );
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'userIds',
    });
  });
});
