import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  ClaimNicknameDocument,
  ConversationWithDocument,
  DeleteAccountDocument,
  LoginDocument,
  MeDocument,
  MessageAuthorDocument,
  RegisterDocument,
  RoomDetailsDocument,
  RoomMessagesDocument,
  SendDirectMessageDocument,
  UserSafetyDocument,
} from './generated/graphql.js';
import { type Account, dataOf, freshNickname, PASSWORD, signUp } from './support/accounts.js';
import { COMPANY, companyToken } from './support/company.js';
import { nextClose, record } from './support/graphql-ws.js';
import { post, roomWithMembers, sendDirect } from './support/rooms.js';
import { startTestServer, temporaryDatabaseFile, useTestServer } from './support/server.js';
import { until } from './support/until.js';

const codeOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;

describe('deleteAccount', () => {
  const server = useTestServer({ env: COMPANY });

  it('asks for the password of a local account: missing is BAD_USER_INPUT, wrong is INVALID_CREDENTIALS, and nothing changes', async () => {
    const alice = await signUp(server);
    const missing = await server.request(DeleteAccountDocument, {}, alice);
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'password',
    });
    const wrong = await server.request(DeleteAccountDocument, { password: 'wrong wrong' }, alice);
    expect(codeOf(wrong)).toBe('INVALID_CREDENTIALS');
    expect(dataOf(await server.request(MeDocument, {}, alice), 'me').id).toBe(alice.user.id);
    const signedOut = await server.request(DeleteAccountDocument, { password: PASSWORD });
    expect(codeOf(signedOut)).toBe('UNAUTHENTICATED');
  });

  it('deletes a company account without a password; its subject comes back as a new user', async () => {
    const subject = `leaver-${process.pid}`;
    const first = { token: await companyToken(subject) };
    const nickname = freshNickname('co');
    const claimed = dataOf(
      await server.request(ClaimNicknameDocument, { nickname }, first),
      'claimNickname',
    );
    expect(dataOf(await server.request(DeleteAccountDocument, {}, first), 'deleteAccount')).toBe(
      true,
    );
    expect(codeOf(await server.request(MeDocument, {}, first))).toBe('UNAUTHENTICATED');
    const again = { token: await companyToken(subject, { expiresIn: '11m' }) };
    const me = dataOf(await server.request(MeDocument, {}, again), 'me');
    expect(me.id).not.toBe(claimed.id);
  });

  it('revokes every token, frees the nickname at once, empties every message live, passes owned rooms on and closes direct conversations', async () => {
    const { room, owner: alice, members } = await roomWithMembers(server, 1, 'del');
    const bob = members[0] as Account;
    const inRoom = await post(server, alice, room.id, 'my room message');
    const direct = await sendDirect(server, alice, bob, 'my direct message');
    const reply = await sendDirect(server, bob, alice, 'bob’s reply');

    const bobLive = record<{
      roomMessages: { id: string; body: string; deletedAt: string | null };
    }>(
      server.wsClient({ connectionParams: { authorization: `Bearer ${bob.token}` } }),
      RoomMessagesDocument,
      { roomId: room.id, after: inRoom.cursor },
    );
    bobLive.done.catch(() => {});
    const aliceSocket = server.wsClient({
      connectionParams: { authorization: `Bearer ${alice.token}` },
    });
    const aliceClosed = nextClose(aliceSocket);
    const aliceLive = record(aliceSocket, RoomMessagesDocument, {
      roomId: room.id,
      after: inRoom.cursor,
    });
    aliceLive.done.catch(() => {});
    // Alice's socket is up (its subscription answers) before she deletes her account.
    await post(server, bob, room.id, 'ping');
    await aliceLive.waitFor(1);

    const deleted = await server.request(DeleteAccountDocument, { password: PASSWORD }, alice);
    expect(deleted.data?.deleteAccount).toBe(true);
    expect(await aliceClosed).toBe(4403);
    expect(codeOf(await server.request(MeDocument, {}, alice))).toBe('UNAUTHENTICATED');
    const login = await server.request(LoginDocument, {
      nickname: alice.user.nickname,
      password: PASSWORD,
    });
    expect(codeOf(login)).toBe('INVALID_CREDENTIALS');

    // Bob, live: the room message arrives again, empty.
    const changes = await bobLive.waitFor(2);
    const emptied = changes.find((change) => change.data?.roomMessages.id === inRoom.id);
    expect(emptied?.data?.roomMessages).toMatchObject({ body: '' });
    expect(emptied?.data?.roomMessages.deletedAt).toBeTruthy();

    // History: in place, empty, by a deleted user.
    const seen = dataOf(
      await server.request(MessageAuthorDocument, { id: inRoom.id }, bob),
      'node',
    );
    expect(seen).toMatchObject({
      body: '',
      author: { id: alice.user.id, nickname: '[deleted]', deleted: true },
    });

    // The nickname is free for someone else at once; the new account is not the deleted one.
    const carol = dataOf(
      await server.request(RegisterDocument, {
        nickname: alice.user.nickname,
        password: 'another good password',
      }),
      'register',
    );
    expect(carol.user.id).not.toBe(alice.user.id);
    const found = dataOf(
      await server.request(UserSafetyDocument, { nickname: alice.user.nickname }, bob),
      'user',
    );
    expect(found).toMatchObject({ id: carol.user.id, deleted: false });

    // The room passed to Bob.
    const details = dataOf(await server.request(RoomDetailsDocument, { id: room.id }, bob), 'room');
    expect(details.owner?.id).toBe(bob.user.id);
    expect(details.memberCount).toBe(1);

    // Bob's conversation stays readable, Alice's side empty; writing to her is NOT_FOUND.
    const conversation = dataOf(
      await server.request(ConversationWithDocument, { with: alice.user.id, last: 10 }, bob),
      'conversation',
    );
    const bodies = new Map(
      conversation.messages.edges.map((edge) => [edge.node.id, edge.node.body] as const),
    );
    expect(bodies.get(direct.id)).toBe('');
    expect(bodies.get(reply.id)).toBe('bob’s reply');
    const refused = await server.request(
      SendDirectMessageDocument,
      { to: alice.user.id, body: 'hello?' },
      bob,
    );
    expect(codeOf(refused)).toBe('NOT_FOUND');
  });
});

describe('a deletion cut short', () => {
  it('is finished when the server starts again: the account’s messages are emptied', async () => {
    const storage = temporaryDatabaseFile();
    try {
      const first = await startTestServer({ databaseFile: storage.file });
      const { room, owner: alice, members } = await roomWithMembers(first, 1, 'cut');
      const bob = members[0] as Account;
      const message = await post(first, alice, room.id, 'left behind');
      await first.stop();
      // What the first step of a deletion stores, as if the process died right after it.
      const db = new Database(storage.file);
      db.prepare(
        `UPDATE "User" SET "deletedAt" = ?, "nickname" = '[deleted]', "nicknameKey" = NULL WHERE "nickname" = ?`,
      ).run(Date.now(), alice.user.nickname);
      db.close();
      const second = await startTestServer({ databaseFile: storage.file });
      try {
        await until(async () => {
          const seen = await second.request(MessageAuthorDocument, { id: message.id }, bob);
          return seen.data?.node && 'body' in seen.data.node ? seen.data.node.body === '' : false;
        });
      } finally {
        await second.stop();
      }
    } finally {
      storage.cleanup();
    }
  });
});
