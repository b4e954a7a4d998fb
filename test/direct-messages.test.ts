import { describe, expect, it } from 'vitest';
import {
  ConversationsDocument,
  ConversationWithDocument,
  MessageNodeDocument,
  SendDirectMessageDocument,
} from './generated/graphql.js';
import { dataOf, signUp } from './support/accounts.js';
import { sendDirect } from './support/rooms.js';
import { useTestServer } from './support/server.js';

describe('direct messages', () => {
  const server = useTestServer();

  it('reaches the recipient in the one conversation between the two', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    const first = await sendDirect(server, ada, bob, 'Hi Bob');
    expect(first).toMatchObject({
      body: 'Hi Bob',
      author: { id: ada.user.id },
      recipient: { id: bob.user.id },
      room: null,
    });
    const reply = await sendDirect(server, bob, ada, 'Hi Ada');
    expect(reply.conversation?.id).toBe(first.conversation?.id);

    const seenByBob = dataOf(
      await server.request(ConversationWithDocument, { with: ada.user.id }, bob),
      'conversation',
    );
    expect(seenByBob).toMatchObject({
      id: first.conversation?.id,
      peer: { id: ada.user.id },
      lastMessage: { id: reply.id, body: 'Hi Ada' },
    });
    expect(seenByBob.messages.edges.map((e) => e.node.body)).toEqual(['Hi Bob', 'Hi Ada']);
  });

  it('creates exactly one conversation when both write first at the same moment', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
      const [a, b] = await Promise.all([
        sendDirect(server, ada, bob, 'ping'),
        sendDirect(server, bob, ada, 'pong'),
      ]);
      expect(a.conversation?.id).toBe(b.conversation?.id);
      const list = dataOf(await server.request(ConversationsDocument, {}, ada), 'conversations');
      expect(list.edges).toHaveLength(1);
    }
  });

  it('lists conversations with the most recent activity first, page by page', async () => {
    const me = await signUp(server);
    const peers = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    for (const peer of peers)
      await sendDirect(server, peer, me, `hello from ${peer.user.nickname}`);
    await sendDirect(server, me, peers[0] as (typeof peers)[0], 'back to you');

    const firstPage = dataOf(
      await server.request(ConversationsDocument, { first: 2 }, me),
      'conversations',
    );
    expect(firstPage.edges.map((e) => e.node.peer.id)).toEqual([
      peers[0]?.user.id,
      peers[2]?.user.id,
    ]);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const secondPage = dataOf(
      await server.request(
        ConversationsDocument,
        { first: 2, after: firstPage.pageInfo.endCursor },
        me,
      ),
      'conversations',
    );
    expect(secondPage.edges.map((e) => e.node.peer.id)).toEqual([peers[1]?.user.id]);
  });

  it('refuses messages to oneself, to nobody, and malformed recipients', async () => {
    const me = await signUp(server);
    const self = await server.request(
      SendDirectMessageDocument,
      { to: me.user.id, body: 'note to self' },
      me,
    );
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const nobody = await server.request(
      SendDirectMessageDocument,
      { to: Buffer.from('User:999999').toString('base64url'), body: 'hello?' },
      me,
    );
    expect(nobody.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'to' });
    const roomId = await server.request(
      SendDirectMessageDocument,
      { to: Buffer.from('Room:1').toString('base64url'), body: 'hello?' },
      me,
    );
    expect(roomId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('answers null for a conversation that has no message yet', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    expect(await server.request(ConversationWithDocument, { with: bob.user.id }, ada)).toEqual({
      data: { conversation: null },
    });
  });

  it('shows a direct message to its two participants and nobody else', async () => {
    const [ada, bob, eve] = await Promise.all([signUp(server), signUp(server), signUp(server)]);
    const secret = await sendDirect(server, ada, bob, 'just between us');
    for (const participant of [ada, bob]) {
      const node = await server.request(MessageNodeDocument, { id: secret.id }, participant);
      expect(node.data?.node).toMatchObject({ __typename: 'Message', body: 'just between us' });
    }
    expect(await server.request(MessageNodeDocument, { id: secret.id }, eve)).toEqual({
      data: { node: null },
    });
    const conversationId = secret.conversation?.id as string;
    expect(await server.request(MessageNodeDocument, { id: conversationId }, eve)).toEqual({
      data: { node: null },
    });
    expect(
      (await server.request(MessageNodeDocument, { id: conversationId }, bob)).data?.node,
    ).toMatchObject({ __typename: 'Conversation', peer: { id: ada.user.id } });
    expect(await server.request(ConversationWithDocument, { with: ada.user.id }, eve)).toEqual({
      data: { conversation: null },
    });
  });
});
