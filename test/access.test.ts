import { describe, expect, it } from 'vitest';
import {
  DeleteMessageDocument,
  EditMessageDocument,
  JoinRoomDocument,
  LeaveRoomDocument,
  MessageNodeDocument,
  RoomHistoryDocument,
} from './generated/graphql.js';
import { type Account, signUp } from './support/accounts.js';
import { post, roomWithMembers, sendDirect } from './support/rooms.js';
import { useTestServer } from './support/server.js';

describe('nobody reads what is not theirs, by any path', () => {
  const server = useTestServer();

  it('keeps a room’s messages from non-members: history, node, edit, delete', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const message = await post(server, owner, room.id, 'members only');
    const outsider = await signUp(server);

    const history = await server.request(RoomHistoryDocument, { id: room.id }, outsider);
    expect(history.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The room stays readable (a "join to read" screen); its messages are an empty page.
    expect(history.data?.room?.messages.edges).toEqual([]);
    expect(JSON.stringify(history.data)).not.toContain('members only');

    expect(await server.request(MessageNodeDocument, { id: message.id }, outsider)).toEqual({
      data: { node: null },
    });
    for (const [document, variables] of [
      [String(EditMessageDocument), { id: message.id, body: 'x' }],
      [String(DeleteMessageDocument), { id: message.id }],
    ] as [string, Record<string, unknown>][]) {
      const { errors, data } = await server.request(document, variables, outsider);
      expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(data ?? null)).not.toContain('members only');
    }
    // Signed out, nothing at all.
    expect(await server.request(MessageNodeDocument, { id: message.id })).toEqual({
      data: { node: null },
    });
  });

  it('removes access to history when a member leaves, and restores all of it on rejoin', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const leaver = members[0] as Account;
    const before = await post(server, owner, room.id, 'before leaving');
    await server.request(LeaveRoomDocument, { roomId: room.id }, leaver);
    const whileAway = await post(server, owner, room.id, 'while away');

    expect(
      (await server.request(RoomHistoryDocument, { id: room.id }, leaver)).errors?.[0]?.extensions
        ?.code,
    ).toBe('FORBIDDEN');
    expect(await server.request(MessageNodeDocument, { id: before.id }, leaver)).toEqual({
      data: { node: null },
    });

    await server.request(JoinRoomDocument, { roomId: room.id }, leaver);
    const history = await server.request(RoomHistoryDocument, { id: room.id }, leaver);
    expect(history.data?.room?.messages.edges.map((e) => e.node.id)).toEqual([
      before.id,
      whileAway.id,
    ]);
  });

  it('does not leak a room through a direct message, nor a DM through a room hop', async () => {
    const [ada, bob, eve] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const dm = await sendDirect(server, ada, bob, 'private');
    const asEve = await server.request(
      `query ($id: ID!) { node(id: $id) { ... on Message { body recipient { id } author { id } } } }`,
      { id: dm.id },
      eve,
    );
    expect(asEve).toEqual({ data: { node: null } });
    const editByEve = await server.request(EditMessageDocument, { id: dm.id, body: 'x' }, eve);
    expect(editByEve.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const editByRecipient = await server.request(
      EditMessageDocument,
      { id: dm.id, body: 'x' },
      bob,
    );
    expect(editByRecipient.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
