import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomMessagesDocument } from './generated/graphql.js';
import { type Account, freshNickname, freshRoomName, signUp } from './support/accounts.js';
import { connectWs, record } from './support/graphql-ws.js';
import { postUntilAcknowledged, ResumingSubscriber } from './support/resilient-clients.js';
import { committedSequence, createRoom, joinRoom, liveCursorOf, post } from './support/rooms.js';
import { type ServerProcess, spawnServerProcess } from './support/server-process.js';
import {
  createTestDatabase,
  freshRedisPrefix,
  REDIS_URL,
  redisClient,
} from './support/services.js';

describe('two instances behind one address: one PostgreSQL, one Redis', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let prefix: string;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = await freshRedisPrefix();
    const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix };
    a = await spawnServerProcess(env); // migrates the database
    b = await spawnServerProcess(env);
  }, 60_000);

  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    await database?.drop();
  });

  /** A room on both instances: registered on A, created on B, members alternating. */
  async function setUp(people: number) {
    const owner = await signUp(a, freshNickname('s'));
    const room = await createRoom(b, owner, freshRoomName('scale'));
    const members: Account[] = [];
    for (let i = 0; i < people; i += 1) {
      const member = await signUp(i % 2 ? a : b, freshNickname('s'));
      await joinRoom(a, member, room.id);
      members.push(member);
    }
    return { owner, room, members };
  }

  it('delivers on A, in order, what is posted on B, and resumes on B after a cursor from A', async () => {
    const { owner, room } = await setUp(0);
    const client = (server: ServerProcess) => connectWs(server, { token: owner.token });
    const onA = client(a);
    const seenOnA = record<{ roomMessages: { id: string; body: string; cursor: string } }>(
      onA,
      RoomMessagesDocument,
      { roomId: room.id },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const posted = [];
    for (let i = 0; i < 20; i += 1) {
      posted.push((await post(b, owner, room.id, `b${i}`)).id);
    }
    const results = await seenOnA.waitFor(20);
    expect(results.map((r) => r.data?.roomMessages.id)).toEqual(posted);

    const onB = client(b);
    const resumedOnB = record<{ roomMessages: { id: string } }>(onB, RoomMessagesDocument, {
      roomId: room.id,
      after: results[9]?.data?.roomMessages.cursor,
    });
    expect((await resumedOnB.waitFor(10)).map((r) => r.data?.roomMessages.id)).toEqual(
      posted.slice(10),
    );
    await onA.dispose();
    await onB.dispose();
  }, 60_000);

  it('gives subscribers on both instances the identical order of 2,000 messages posted on both, through killed Redis connections', async () => {
    const { owner, room, members } = await setUp(8);
    const posters = members.slice(0, 4);
    const readers = members.slice(4);
    const start = await liveCursorOf(a, owner, room.id);
    const subscribers = readers.map(
      (reader, index) =>
        new ResumingSubscriber({
          wsUrl: () => (index % 2 ? a : b).wsUrl,
          token: reader.token,
          roomId: room.id,
          chaos: index < 2,
          startAfter: start,
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const acknowledged: string[] = [];
    const posting = Promise.all(
      posters.map((poster, index) =>
        postUntilAcknowledged({
          url: () => (index % 2 ? a.url : b.url),
          token: poster.token,
          roomId: room.id,
          prefix: `p${index}`,
          count: 500,
          acknowledged,
        }),
      ),
    );

    // Halfway, cut every Redis connection of this deployment: published events are lost.
    while (acknowledged.length < 1_000) await new Promise((resolve) => setTimeout(resolve, 20));
    const admin = redisClient();
    const clients = String(await admin.client('LIST'))
      .split('\n')
      .filter((line) => line.includes(`name=${prefix}`));
    expect(clients.length).toBeGreaterThanOrEqual(4); // two connections per instance
    for (const line of clients) {
      const id = /id=(\d+)/.exec(line)?.[1];
      if (id) await admin.client('KILL', 'ID', id);
    }
    admin.disconnect();

    await posting;
    const committed = await committedSequence(a, owner, room.id);
    expect(committed).toHaveLength(2_000);
    for (const subscriber of subscribers) await subscriber.waitFor(committed.length, 60_000);
    for (const subscriber of subscribers) await subscriber.stop();
    for (const subscriber of subscribers) {
      expect(subscriber.duplicates).toEqual([]);
      expect(subscriber.received).toEqual(committed);
    }
    // Both instances recovered on their own.
    for (const server of [a, b]) expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  }, 180_000);
});
