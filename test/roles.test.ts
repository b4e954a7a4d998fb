import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  DeleteMessageDocument,
  LeaveRoomDocument,
  RemoveRoomMemberDocument,
  RoomRolesDocument,
  SetRoomRoleDocument,
  UpdateRoomDocument,
} from './generated/graphql.js';
import { type Account, dataOf, freshRoomName, signUp } from './support/accounts.js';
import { post, roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';
import { onPostgres } from './support/services.js';

type Response = { errors?: readonly { extensions?: Record<string, unknown> }[] };
const codeOf = (response: Response) => response.errors?.[0]?.extensions?.code ?? 'OK';

describe('roles in a room', () => {
  const server = useTestServer();

  /** A room with its owner, a moderator and two plain members. */
  async function rankedRoom() {
    const { room, owner, members } = await roomWithMembers(server, 3);
    const [moderator, member, other] = members as [Account, Account, Account];
    dataOf(
      await server.request(
        SetRoomRoleDocument,
        { roomId: room.id, userId: moderator.user.id, role: 'MODERATOR' },
        owner,
      ),
      'setRoomRole',
    );
    return { room, owner, moderator, member, other };
  }

  const roleOf = async (roomId: string, who: Account) =>
    dataOf(await server.request(RoomRolesDocument, { id: roomId }, who), 'room')?.viewerRole;

  it('tells each viewer their own role, and none to outsiders', async () => {
    const { room, owner, moderator, member } = await rankedRoom();
    const outsider = await signUp(server);
    expect(await roleOf(room.id, owner)).toBe('OWNER');
    expect(await roleOf(room.id, moderator)).toBe('MODERATOR');
    expect(await roleOf(room.id, member)).toBe('MEMBER');
    expect(await roleOf(room.id, outsider)).toBeNull();
  });

  it('lists memberships with roles, page by page', async () => {
    const { room, owner, moderator, member, other } = await rankedRoom();
    const outsider = await signUp(server);
    const first = dataOf(
      await server.request(RoomRolesDocument, { id: room.id, first: 2 }, outsider),
      'room',
    )?.memberships;
    const rest = dataOf(
      await server.request(
        RoomRolesDocument,
        { id: room.id, first: 10, after: first?.pageInfo.endCursor },
        outsider,
      ),
      'room',
    )?.memberships;
    const rows = [...(first?.edges ?? []), ...(rest?.edges ?? [])].map((e) => [
      e.node.user.id,
      e.node.role,
      e.node.muted,
    ]);
    expect(rows).toEqual([
      [owner.user.id, 'OWNER', false],
      [moderator.user.id, 'MODERATOR', false],
      [member.user.id, 'MEMBER', false],
      [other.user.id, 'MEMBER', false],
    ]);
    expect(first?.pageInfo.hasNextPage).toBe(true);
    expect(rest?.pageInfo.hasNextPage).toBe(false);
    const forged = await server.request(
      RoomRolesDocument,
      { id: room.id, first: 1, after: 'bm90LWEtY3Vyc29y' },
      outsider,
    );
    expect(codeOf(forged)).toBe('BAD_USER_INPUT');
  });

  it('lets only the owner change roles', async () => {
    const { room, moderator, member, other } = await rankedRoom();
    for (const actor of [moderator, member]) {
      const refused = await server.request(
        SetRoomRoleDocument,
        { roomId: room.id, userId: other.user.id, role: 'MODERATOR' },
        actor,
      );
      expect(codeOf(refused)).toBe('FORBIDDEN');
    }
    expect(await roleOf(room.id, other)).toBe('MEMBER');
  });

  it('refuses roles for non-members, unknown users and forged ids', async () => {
    const { room, owner } = await rankedRoom();
    const outsider = await signUp(server);
    const cases: [Record<string, unknown>, string][] = [
      [{ roomId: room.id, userId: outsider.user.id, role: 'MODERATOR' }, 'NOT_FOUND'],
      [{ roomId: room.id, userId: owner.user.id, role: 'MEMBER' }, 'FORBIDDEN'],
      [{ roomId: room.id, userId: 'VXNlcjo5OTk5OTk5', role: 'MODERATOR' }, 'NOT_FOUND'],
      [{ roomId: room.id, userId: 'garbage', role: 'MODERATOR' }, 'BAD_USER_INPUT'],
      [{ roomId: owner.user.id, userId: outsider.user.id, role: 'MODERATOR' }, 'BAD_USER_INPUT'],
    ];
    for (const [variables, code] of cases) {
      expect(codeOf(await server.request(String(SetRoomRoleDocument), variables, owner))).toBe(
        code,
      );
    }
  });

  it('hands ownership over: the old owner becomes a moderator', async () => {
    const { room, owner, member } = await rankedRoom();
    const handed = dataOf(
      await server.request(
        SetRoomRoleDocument,
        { roomId: room.id, userId: member.user.id, role: 'OWNER' },
        owner,
      ),
      'setRoomRole',
    );
    expect(handed).toMatchObject({ owner: { id: member.user.id }, viewerRole: 'MODERATOR' });
    expect(await roleOf(room.id, member)).toBe('OWNER');
    // The old owner now ranks below: the new owner may remove them, not the other way round.
    const refused = await server.request(
      RemoveRoomMemberDocument,
      { roomId: room.id, userId: member.user.id },
      owner,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const removed = await server.request(
      RemoveRoomMemberDocument,
      { roomId: room.id, userId: owner.user.id },
      member,
    );
    expect(codeOf(removed)).toBe('OK');
  });

  it('passes a leaving owner’s room to a moderator before longer-standing members', async () => {
    const { room, owner, members } = await roomWithMembers(server, 2);
    const [senior, junior] = members as [Account, Account];
    await server.request(
      SetRoomRoleDocument,
      { roomId: room.id, userId: junior.user.id, role: 'MODERATOR' },
      owner,
    );
    const left = dataOf(
      await server.request(LeaveRoomDocument, { roomId: room.id }, owner),
      'leaveRoom',
    );
    expect(left.owner?.id).toBe(junior.user.id);
    expect(await roleOf(room.id, senior)).toBe('MEMBER');
  });

  it('lets moderators and the owner rename the room and set its topic, nobody else', async () => {
    const { room, owner, moderator, member } = await rankedRoom();
    const name = freshRoomName('renamed');
    const updated = dataOf(
      await server.request(UpdateRoomDocument, { roomId: room.id, name, topic: 'new' }, moderator),
      'updateRoom',
    );
    expect(updated).toMatchObject({ name, topic: 'new' });
    const topicOnly = dataOf(
      await server.request(UpdateRoomDocument, { roomId: room.id, topic: '' }, owner),
      'updateRoom',
    );
    expect(topicOnly).toMatchObject({ name, topic: null });
    const refused = await server.request(
      UpdateRoomDocument,
      { roomId: room.id, topic: 'mine' },
      member,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const taken = await server.request(
      UpdateRoomDocument,
      { roomId: room.id, name: 'GENERAL' },
      owner,
    );
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'ROOM_NAME_TAKEN', field: 'name' });
    for (const variables of [
      { roomId: room.id, name: 'bad name!' },
      { roomId: room.id, name: '' },
      { roomId: room.id, topic: 't'.repeat(251) },
    ]) {
      expect(codeOf(await server.request(UpdateRoomDocument, variables, owner))).toBe(
        'BAD_USER_INPUT',
      );
    }
  });

  it('lets moderators delete any message of the room, members only their own', async () => {
    const { room, owner, moderator, member, other } = await rankedRoom();
    const byOwner = await post(server, owner, room.id, 'from the owner');
    const byMember = await post(server, member, room.id, 'from a member');
    expect(codeOf(await server.request(DeleteMessageDocument, { id: byMember.id }, other))).toBe(
      'FORBIDDEN',
    );
    const deleted = await server.request(DeleteMessageDocument, { id: byMember.id }, moderator);
    expect(codeOf(deleted)).toBe('OK');
    expect(codeOf(await server.request(DeleteMessageDocument, { id: byOwner.id }, moderator))).toBe(
      'OK',
    );
    // A moderator demoted to member loses the right at once.
    await server.request(
      SetRoomRoleDocument,
      { roomId: room.id, userId: moderator.user.id, role: 'MEMBER' },
      owner,
    );
    const later = await post(server, other, room.id, 'later');
    expect(codeOf(await server.request(DeleteMessageDocument, { id: later.id }, moderator))).toBe(
      'FORBIDDEN',
    );
  });
});

// A private room made behind the API's back (creating one is issue 16a's `createRoom`): SQLite only.
describe.skipIf(onPostgres)('roles in a private room', () => {
  const server = useTestServer();
  const idOf = (globalId: string) =>
    Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

  it('shows its memberships to members only; to everyone else it is a room that never existed', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const [member] = members as [Account];
    const file = new Database(server.databaseFile);
    try {
      file
        .prepare(`UPDATE "Room" SET "visibility" = 'PRIVATE', "nameKey" = NULL WHERE "id" = ?`)
        .run(idOf(room.id));
    } finally {
      file.close();
    }
    const outsider = await signUp(server);
    const listed = dataOf(
      await server.request(RoomRolesDocument, { id: room.id, first: 5 }, member),
      'room',
    );
    expect(listed?.memberships.edges.map((e) => e.node.role)).toEqual(['OWNER', 'MEMBER']);
    // To an outsider the room is what an id that never existed is: `room(id:)` is null.
    const hidden = await server.request(RoomRolesDocument, { id: room.id, first: 5 }, outsider);
    const neverExisted = Buffer.from('Room:2000000000', 'utf8').toString('base64url');
    const missing = await server.request(
      RoomRolesDocument,
      { id: neverExisted, first: 5 },
      outsider,
    );
    expect(hidden.data?.room).toBeNull();
    expect(hidden).toEqual(missing);
    for (const [document, variables] of [
      [SetRoomRoleDocument, { roomId: room.id, userId: member.user.id, role: 'MEMBER' }],
      [RemoveRoomMemberDocument, { roomId: room.id, userId: member.user.id }],
      [UpdateRoomDocument, { roomId: room.id, topic: 'mine now' }],
    ] as const) {
      expect(codeOf(await server.request(String(document), variables, outsider))).toBe('NOT_FOUND');
    }
    // A private room may drop its name; its owner still moderates it.
    const renamed = dataOf(
      await server.request(UpdateRoomDocument, { roomId: room.id, name: '' }, owner),
      'updateRoom',
    );
    expect(renamed.topic).toBeNull();
    expect(
      codeOf(
        await server.request(
          RemoveRoomMemberDocument,
          { roomId: room.id, userId: member.user.id },
          owner,
        ),
      ),
    ).toBe('OK');
  });
});
