import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockUserDocument,
  RoomMessagesDocument,
  UnblockUserDocument,
} from './generated/graphql.js';
import { freshNickname, freshRoomName, signUp } from './support/accounts.js';
import { graphqlRequest } from './support/endpoint.js';
import { connectWs, record } from './support/graphql-ws.js';
import { activeSubscriptions, untilLive } from './support/live.js';
import { createRoom, joinRoom, post } from './support/rooms.js';
import { type ServerProcess, spawnServerProcess } from './support/server-process.js';
import { createTestDatabase, freshRedisPrefix, REDIS_URL } from './support/services.js';

describe('blocks across two instances: one PostgreSQL, one Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prefix = await freshRedisPrefix();
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix };
    a = await spawnServerProcess(env); // migrates the database
    b = await spawnServerProcess(env);
  }, 60_000);

  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    await database?.drop();
  });

  it('a block made on A hides the blocked user at once from the blocker’s live stream on B', async () => {
    const ada = await signUp(a, freshNickname('blk'));
    const bob = await signUp(b, freshNickname('blk'));
    const room = await createRoom(a, ada, freshRoomName('blk'));
    await joinRoom(b, bob, room.id);

    const baseline = await activeSubscriptions(b);
    const onB = connectWs(b, { token: ada.token });
    const adaSees = record<{ roomMessages: { body: string } }>(onB, RoomMessagesDocument, {
      roomId: room.id,
    });
    await untilLive(b, baseline, 1);
    await post(b, bob, room.id, 'before the block');
    await adaSees.waitFor(1);

    const blocked = await graphqlRequest(a.url, BlockUserDocument, { userId: bob.user.id }, ada);
    expect(blocked.errors).toBeUndefined();
    // Posted on B right after the block was acknowledged on A: hidden, on B's stream.
    await post(b, bob, room.id, 'hidden on B');
    await post(a, bob, room.id, 'hidden from A');
    await post(a, ada, room.id, 'mine');
    await adaSees.waitFor(2);

    await graphqlRequest(b.url, UnblockUserDocument, { userId: bob.user.id }, ada);
    await post(a, bob, room.id, 'after the unblock');
    await adaSees.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(adaSees.results.map((r) => r.data?.roomMessages.body)).toEqual([
      'before the block',
      'mine',
      'after the unblock',
    ]);
    await onB.dispose();
  }, 60_000);
});
