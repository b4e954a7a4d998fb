import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ModerationEventsDocument,
  MuteInRoomDocument,
  PostMessageDocument,
  RemoveRoomMemberDocument,
  RoomEventsDocument,
  RoomMessagesDocument,
} from './generated/graphql.js';
import { type Account, dataOf, freshNickname, signUp } from './support/accounts.js';
import { graphqlRequest } from './support/endpoint.js';
import { connectWs, record } from './support/graphql-ws.js';
import { createRoom, joinRoom, post } from './support/rooms.js';
import { type ServerProcess, spawnServerProcess } from './support/server-process.js';
import { createTestDatabase, freshRedisPrefix, REDIS_URL } from './support/services.js';
import { until } from './support/until.js';

describe('moderation across two instances: one PostgreSQL, one Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Re-validation every hour: only the bus can end a stream within this test's limits.
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: await freshRedisPrefix(),
      ACCESS_REVALIDATION_SECONDS: '3600',
    };
    a = await spawnServerProcess(env); // migrates the database
    b = await spawnServerProcess(env);
  }, 60_000);

  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    await database?.drop();
  });

  it('ends on instance B, at once, the streams of a member kicked on instance A; the others go on in order', async () => {
    const owner = await signUp(a, freshNickname('mod'));
    const room = await createRoom(a, owner);
    const [kicked, stays] = [
      await signUp(b, freshNickname('mod')),
      await signUp(b, freshNickname('mod')),
    ] as [Account, Account];
    await joinRoom(a, kicked, room.id);
    await joinRoom(b, stays, room.id);
    const kickedSocket = connectWs(b, { token: kicked.token });
    const staysSocket = connectWs(b, { token: stays.token });
    try {
      const kickedMessages = record<{ roomMessages: { body: string } }>(
        kickedSocket,
        RoomMessagesDocument,
        { roomId: room.id },
      );
      const kickedEvents = record(kickedSocket, RoomEventsDocument, { roomId: room.id });
      const staysMessages = record<{ roomMessages: { body: string } }>(
        staysSocket,
        RoomMessagesDocument,
        { roomId: room.id },
      );
      const staysEvents = record<{ roomEvents: { __typename: string } }>(
        staysSocket,
        ModerationEventsDocument,
        { roomId: room.id },
      );
      // Both listen once a post made on A reaches both on B.
      await until(async () => {
        await post(a, owner, room.id, 'ping');
        return kickedMessages.results.length > 0 && staysMessages.results.length > 0;
      }, 'both subscribers on B to listen');
      const before = kickedMessages.results.length;
      const kickedAt = Date.now();
      dataOf(
        await graphqlRequest(
          a.url,
          RemoveRoomMemberDocument,
          { roomId: room.id, userId: kicked.user.id },
          owner,
        ),
        'removeRoomMember',
      );
      await Promise.race([
        Promise.all([kickedMessages.done, kickedEvents.done]),
        new Promise((_, reject) => setTimeout(reject, 5_000, new Error('streams on B still open'))),
      ]);
      expect(Date.now() - kickedAt).toBeLessThan(5_000);
      expect(kickedMessages.results.at(-1)?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(kickedEvents.results.at(-1)?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // Nothing but the pings sent before the kick (some may land after `before` was read).
      expect(
        kickedMessages.results.slice(0, -1).every((r) => r.data?.roomMessages.body === 'ping'),
      ).toBe(true);
      expect(kickedMessages.results.length).toBeGreaterThan(before);

      const pings = staysMessages.results.length;
      for (let i = 0; i < 5; i += 1) await post(a, owner, room.id, `after ${i}`);
      await staysMessages.waitFor(pings + 5);
      expect(staysMessages.results.slice(pings).map((r) => r.data?.roomMessages.body)).toEqual([
        'after 0',
        'after 1',
        'after 2',
        'after 3',
        'after 4',
      ]);
      await until(
        () =>
          staysEvents.results.some((r) => r.data?.roomEvents.__typename === 'MemberRemovedEvent'),
        'the removal announced on B',
      );
      expect(
        staysEvents.results.filter((r) => r.data?.roomEvents.__typename === 'MemberRemovedEvent'),
      ).toHaveLength(1);

      // A mute set on A holds on B.
      await graphqlRequest(
        a.url,
        MuteInRoomDocument,
        { roomId: room.id, userId: stays.user.id },
        owner,
      );
      const refused = await graphqlRequest(
        b.url,
        PostMessageDocument,
        { roomId: room.id, body: 'muted?' },
        stays,
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await kickedSocket.dispose();
      await staysSocket.dispose();
    }
  }, 60_000);
});
