import { describe, expect, it } from 'vitest';
import {
  BlockUserDocument,
  ConversationsDocument,
  ConversationWithDocument,
  MyPolicyDocument,
  SendDirectMessageDocument,
  SetDirectMessagePolicyDocument,
  SetTypingDocument,
  UnblockUserDocument,
  UserPolicyDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { createRoom, joinRoom, sendDirect } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

function write(server: TestServer, from: Account, to: Account, body: string) {
  return server.request(SendDirectMessageDocument, { to: to.user.id, body }, from);
}

async function conversationCount(server: TestServer, viewer: Account) {
  return dataOf(await server.request(ConversationsDocument, {}, viewer), 'conversations').edges
    .length;
}

async function setPolicy(
  server: TestServer,
  viewer: Account,
  policy: 'EVERYONE' | 'SHARED_ROOMS' | 'NOBODY',
) {
  return dataOf(
    await server.request(SetDirectMessagePolicyDocument, { policy }, viewer),
    'setDirectMessagePolicy',
  );
}

describe('who may write to you', () => {
  const server = useTestServer();

  it('refuses a blocked user’s new direct message with BLOCKED and stores nothing', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    await server.request(BlockUserDocument, { userId: bob.user.id }, ada);
    const refused = await write(server, bob, ada, 'hello?');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BLOCKED');
    expect(refused.errors?.[0]?.message).not.toMatch(/block/i);
    expect(await conversationCount(server, ada)).toBe(0);
    expect(await conversationCount(server, bob)).toBe(0);
    // The blocker may still write (a block is one-way).
    await sendDirect(server, ada, bob, 'leave me alone');
    expect(await conversationCount(server, bob)).toBe(1);
  });

  it('refuses a blocked user continuing a conversation, and typing in it; unblocking restores', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    await sendDirect(server, bob, ada, 'hi');
    await server.request(BlockUserDocument, { userId: bob.user.id }, ada);
    const refused = await write(server, bob, ada, 'are you there?');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BLOCKED');
    const typing = await server.request(
      SetTypingDocument,
      { conversationWith: ada.user.id, typing: true },
      bob,
    );
    expect(typing.errors?.[0]?.extensions?.code).toBe('BLOCKED');
    const history = dataOf(
      await server.request(ConversationWithDocument, { with: bob.user.id }, ada),
      'conversation',
    );
    // The conversation stays as it was: nothing new was stored.
    expect(history.messages.edges.map((e) => e.node.body)).toEqual(['hi']);

    await server.request(UnblockUserDocument, { userId: bob.user.id }, ada);
    await sendDirect(server, bob, ada, 'back again');
  });

  it('NOBODY refuses new conversations but lets existing ones go on', async () => {
    const [ada, friend, stranger] = await Promise.all([
      signUp(server),
      signUp(server),
      signUp(server),
    ]);
    await sendDirect(server, friend, ada, 'hello');
    expect(await setPolicy(server, ada, 'NOBODY')).toEqual({
      id: ada.user.id,
      directMessagePolicy: 'NOBODY',
    });
    const refused = await write(server, stranger, ada, 'hi');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BLOCKED');
    const typing = await server.request(
      SetTypingDocument,
      { conversationWith: ada.user.id, typing: true },
      stranger,
    );
    expect(typing.errors?.[0]?.extensions?.code).toBe('BLOCKED');
    expect(await conversationCount(server, stranger)).toBe(0);
    await sendDirect(server, friend, ada, 'still here');
    // Ada may start conversations herself; then they exist and go on both ways.
    await sendDirect(server, ada, stranger, 'I write first');
    await sendDirect(server, stranger, ada, 'thanks');
  });

  it('SHARED_ROOMS lets only people who share a room write first', async () => {
    const [ada, roommate, stranger] = await Promise.all([
      signUp(server),
      signUp(server),
      signUp(server),
    ]);
    // Everyone joins `general` on sign-up, which does not count: the stranger shares only it.
    const room = await createRoom(server, ada);
    await joinRoom(server, roommate, room.id);
    await setPolicy(server, ada, 'SHARED_ROOMS');
    await sendDirect(server, roommate, ada, 'hi from the room');
    const refused = await write(server, stranger, ada, 'hi');
    expect(refused.errors?.[0]?.extensions?.code).toBe('BLOCKED');
    await setPolicy(server, ada, 'EVERYONE');
    await sendDirect(server, stranger, ada, 'now?');
  });

  it('shows the policy to its owner only', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    const mine = dataOf(await server.request(MyPolicyDocument, {}, ada), 'me');
    expect(mine.directMessagePolicy).toBe('EVERYONE');
    await setPolicy(server, ada, 'SHARED_ROOMS');
    expect(dataOf(await server.request(MyPolicyDocument, {}, ada), 'me').directMessagePolicy).toBe(
      'SHARED_ROOMS',
    );
    const seenByBob = dataOf(
      await server.request(UserPolicyDocument, { nickname: ada.user.nickname }, bob),
      'user',
    );
    expect(seenByBob.directMessagePolicy).toBeNull();
    const bad = await server.request(
      SetDirectMessagePolicyDocument,
      { policy: 'FRIENDS' as 'NOBODY' },
      ada,
    );
    expect(bad.errors?.[0]).toBeDefined();
    const signedOut = await server.request(SetDirectMessagePolicyDocument, { policy: 'NOBODY' });
    expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
