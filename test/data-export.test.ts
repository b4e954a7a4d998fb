import { describe, expect, it } from 'vitest';
import { ExportMyDataDocument, ReportUserDocument } from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { createRoom, joinRoom, post, roomWithMembers, sendDirect } from './support/rooms.js';
import { useTestServer } from './support/server.js';

type Exported = {
  profile: { id: number; nickname: string; directMessagePolicy: string };
  memberships: { roomId: number; roomName: string | null; role: string }[];
  blocks: unknown[];
  reportsFiled: { reason: string }[];
  messages: { id: number; body: string; own: boolean; roomName?: string | null }[];
  messagesTruncated: boolean;
};

const messageKey = (globalId: string) =>
  Number(Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]);

describe('exportMyData', () => {
  const server = useTestServer();

  it('holds the viewer’s profile, memberships, reports, own messages and both sides of their conversations, and nobody else’s private data', async () => {
    const { room, owner: alice, members } = await roomWithMembers(server, 1, 'exp');
    const bob = members[0] as Account;
    const carol = await signUp(server);
    const dave = await signUp(server);
    const own = await post(server, alice, room.id, 'alice in the room');
    const bobsRoomMessage = await post(server, bob, room.id, 'bob in the room');
    const toBob = await sendDirect(server, alice, bob, 'alice to bob');
    const fromBob = await sendDirect(server, bob, alice, 'bob to alice');
    await sendDirect(server, carol, dave, 'carol to dave, private');
    await sendDirect(server, bob, carol, 'bob to carol, private');
    // Another room Alice joined: her messages there are hers too.
    const other = await createRoom(server, carol);
    await joinRoom(server, alice, other.id);
    await post(server, alice, other.id, 'alice elsewhere');
    await server.request(ReportUserDocument, { userId: carol.user.id, reason: 'mean' }, alice);
    await server.request(
      ReportUserDocument,
      { userId: alice.user.id, reason: 'bob’s own report' },
      bob,
    );

    const json = dataOf(await server.request(ExportMyDataDocument, {}, alice), 'exportMyData');
    const exported = JSON.parse(json) as Exported;
    expect(exported.profile).toMatchObject({
      nickname: alice.user.nickname,
      directMessagePolicy: 'EVERYONE',
    });
    expect(exported.memberships.map((m) => m.roomName).sort()).toEqual(
      ['general', room.name, other.name].sort(),
    );
    expect(exported.memberships.find((m) => m.roomName === room.name)?.role).toBe('OWNER');
    expect(exported.reportsFiled.map((r) => r.reason)).toEqual(['mean']);
    const ids = exported.messages.map((m) => m.id);
    for (const mine of [own, toBob, fromBob]) expect(ids).toContain(messageKey(mine.id));
    expect(ids).not.toContain(messageKey(bobsRoomMessage.id));
    expect(exported.messages.find((m) => m.id === messageKey(own.id))).toMatchObject({
      own: true,
      body: 'alice in the room',
      roomName: room.name,
    });
    expect(exported.messagesTruncated).toBe(false);
    for (const secret of ['private', 'bob’s own report', 'passwordHash', 'bob in the room']) {
      expect(json).not.toContain(secret);
    }
  });

  it('answers UNAUTHENTICATED signed out', async () => {
    const response = await server.request(ExportMyDataDocument, {});
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
