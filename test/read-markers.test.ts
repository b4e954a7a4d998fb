import { describe, expect, it } from 'vitest';
import {
  ConversationWithDocument,
  MarkReadDocument,
  RoomDetailsDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { post, roomWithMembers, sendDirect } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

async function roomUnread(server: TestServer, viewer: Account, id: string) {
  return dataOf(await server.request(RoomDetailsDocument, { id }, viewer), 'room').unreadCount;
}

describe('read markers and unread counts', () => {
  const server = useTestServer();

  it('counts others’ messages after the marker, and moves the marker forward only', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push(await post(server, owner, room.id, `news ${i}`));
    await post(server, reader, room.id, 'my own words'); // never unread for their author
    expect(await roomUnread(server, reader, room.id)).toBe(5);
    expect(await roomUnread(server, owner, room.id)).toBe(1);

    expect(
      dataOf(
        await server.request(MarkReadDocument, { messageId: sent[2]?.id ?? '' }, reader),
        'markRead',
      ),
    ).toBe(true);
    expect(await roomUnread(server, reader, room.id)).toBe(2);

    // Marking an older message read does not move the marker back.
    await server.request(MarkReadDocument, { messageId: sent[0]?.id ?? '' }, reader);
    expect(await roomUnread(server, reader, room.id)).toBe(2);

    await server.request(MarkReadDocument, { messageId: sent[4]?.id ?? '' }, reader);
    expect(await roomUnread(server, reader, room.id)).toBe(0);
  });

  it('keeps edits and deletes of read messages from counting again', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;
    const message = await post(server, owner, room.id, 'typo');
    await server.request(MarkReadDocument, { messageId: message.id }, reader);
    await server.request(
      `mutation ($id: ID!) { editMessage(id: $id, body: "fixed") { id } }`,
      { id: message.id },
      owner,
    );
    expect(await roomUnread(server, reader, room.id)).toBe(0);
  });

  it('counts per conversation for direct messages', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    await sendDirect(server, ada, bob, 'one');
    const second = await sendDirect(server, ada, bob, 'two');
    await sendDirect(server, bob, ada, 'reply');
    const conversation = async (viewer: Account, peer: Account) =>
      dataOf(
        await server.request(ConversationWithDocument, { with: peer.user.id }, viewer),
        'conversation',
      );
    expect((await conversation(bob, ada)).unreadCount).toBe(2);
    expect((await conversation(ada, bob)).unreadCount).toBe(1);
    await server.request(MarkReadDocument, { messageId: second.id }, bob);
    expect((await conversation(bob, ada)).unreadCount).toBe(0);
  });

  it('answers NOT_FOUND for a message the viewer cannot see', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const message = await post(server, owner, room.id, 'members only');
    const outsider = await signUp(server);
    const { errors } = await server.request(MarkReadDocument, { messageId: message.id }, outsider);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'messageId' });
  });
});
