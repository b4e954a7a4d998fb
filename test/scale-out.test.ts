import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  CreateRoomDocument,
  JoinRoomDocument,
  PostMessageDocument,
  RegisterDocument,
  RoomMessagesDocument,
} from './generated/graphql.js';
import { dataOf, freshNickname, freshRoomName, PASSWORD } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { postUntilAcknowledged, ResumingSubscriber } from './support/resilient-clients.js';
import { committedSequence, liveCursorOf } from './support/rooms.js';
import { graphqlRequest } from './support/server.js';
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

  const wsUrl = (server: ServerProcess) => `${server.url.replace('http', 'ws')}/graphql`;

  async function setUp(people: number) {
    const register = async (server: ServerProcess) =>
      dataOf(
        await graphqlRequest(server.url, RegisterDocument, {
          nickname: freshNickname('s'),
          password: PASSWORD,
        }),
        'register',
      );
    const owner = await register(a);
    const room = dataOf(
      await graphqlRequest(b.url, CreateRoomDocument, { name: freshRoomName('scale') }, owner),
      'createRoom',
    );
    const members = [];
    for (let i = 0; i < people; i += 1) {
      const member = await register(i % 2 ? a : b);
      await graphqlRequest(a.url, JoinRoomDocument, { roomId: room.id }, member);
      members.push(member);
    }
    return { owner, room, members };
  }

  it('delivers on A, in order, what is posted on B, and resumes on B after a cursor from A', async () => {
    const { owner, room } = await setUp(0);
    const client = (server: ServerProcess) =>
      createClient({
        url: wsUrl(server),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${owner.token}` },
      });
    const onA = client(a);
    const seenOnA = record<{ roomMessages: { id: string; body: string; cursor: string } }>(
      onA,
      RoomMessagesDocument,
      { roomId: room.id },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const posted = [];
    for (let i = 0; i < 20; i += 1) {
      posted.push(
        dataOf(
          await graphqlRequest(
            b.url,
            PostMessageDocument,
            { roomId: room.id, body: `b${i}` },
            owner,
          ),
          'postMessage',
        ).id,
      );
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
    const start = await liveCursorOf(a.url, owner, room.id);
    const subscribers = readers.map(
      (reader, index) =>
        new ResumingSubscriber({
          wsUrl: () => wsUrl(index % 2 ? a : b),
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
    const committed = await committedSequence(a.url, owner, room.id);
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
