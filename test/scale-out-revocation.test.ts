import { randomUUID } from 'node:crypto';
import { createClient as createSseClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DirectMessagesDocument,
  LeaveRoomDocument,
  LogoutDocument,
  RoomMessagesDocument,
} from './generated/graphql.js';
import { dataOf } from './support/accounts.js';
import { graphqlRequest } from './support/endpoint.js';
import { connectWs, nextClose, record } from './support/graphql-ws.js';
import { post as postToRoom, roomWithMembers, sendDirect } from './support/rooms.js';
import { type ServerProcess, spawnServerProcess } from './support/server-process.js';
import {
  createTestDatabase,
  freshRedisPrefix,
  REDIS_URL,
  redisClient,
} from './support/services.js';

type Live = { body: string };
type Result = {
  data?: Record<string, Live> | null;
  errors?: readonly { extensions?: Record<string, unknown> }[];
};

/** An SSE subscription that records what it receives, like `record` does over graphql-ws. */
function recordSse(url: string, token: string, query: string, variables: object) {
  const client = createSseClient({
    url: `${url}/graphql`,
    headers: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const results: Result[] = [];
  let ended = false;
  client.subscribe(
    { query, variables: variables as Record<string, unknown> },
    {
      next: (result) => void results.push(result as Result),
      error: () => {
        ended = true;
      },
      complete: () => {
        ended = true;
      },
    },
  );
  return { results, ended: () => ended, dispose: () => client.dispose() };
}

async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const bodies = (results: Result[]) =>
  results.flatMap((result) => Object.values(result.data ?? {}).map((live) => live.body));
const codes = (results: Result[]) =>
  results.flatMap((result) => (result.errors ?? []).map((error) => error.extensions?.code));

describe('revocations made while an instance’s Redis subscriber is down', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  // B reaches Redis as a user of its own, so that the test can keep B (and only B) away from
  // Redis for as long as it needs: events published meanwhile never reach B.
  const redisUser = `charla-test-${randomUUID().slice(0, 8)}`;
  const redisPassword = randomUUID();
  const admin = redisClient();

  beforeAll(async () => {
    database = await createTestDatabase();
    const prefix = await freshRedisPrefix();
    await admin.call('ACL', 'SETUSER', redisUser, 'on', `>${redisPassword}`, '~*', '&*', '+@all');
    const forB = new URL(REDIS_URL);
    forB.username = redisUser;
    forB.password = redisPassword;
    // The periodic re-check is pushed out of the way: this is about the resync after an outage.
    const env = {
      DATABASE_URL: database.url,
      REDIS_PREFIX: prefix,
      ACCESS_REVALIDATION_SECONDS: '3600',
    };
    a = await spawnServerProcess({ ...env, REDIS_URL }); // migrates the database
    b = await spawnServerProcess({ ...env, REDIS_URL: forB.toString() });
  }, 60_000);

  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    await admin.call('ACL', 'DELUSER', redisUser).catch(() => {});
    admin.disconnect();
    await database?.drop();
  });

  const ready = async (server: ServerProcess) =>
    (await fetch(`${server.url}/ready`)).status === 200;

  it('closes the logged-out socket with 4403, ends left rooms with FORBIDDEN, and delivers nothing posted after, over WebSocket and SSE', async () => {
    const {
      owner,
      room,
      members: [alice, bob],
    } = await roomWithMembers(a, 2, 'rv');
    if (!alice || !bob) throw new Error('roomWithMembers made fewer members than asked');
    const post = async (body: string) => {
      await postToRoom(a, owner, room.id, body);
      await sendDirect(a, owner, alice, body);
    };

    // On B: Alice follows her direct messages and the room over WebSocket and SSE; so does Bob
    // for the room.
    const socket = (token: string) => connectWs(b, { token });
    const aliceSocket = socket(alice.token);
    const bobSocket = socket(bob.token);
    const aliceClosed = nextClose(aliceSocket);
    const ws = {
      aliceDirect: record<Record<string, Live>>(aliceSocket, DirectMessagesDocument, {}),
      aliceRoom: record<Record<string, Live>>(aliceSocket, RoomMessagesDocument, {
        roomId: room.id,
      }),
      bobRoom: record<Record<string, Live>>(bobSocket, RoomMessagesDocument, { roomId: room.id }),
    };
    const sse = {
      aliceDirect: recordSse(b.url, alice.token, String(DirectMessagesDocument), {}),
      aliceRoom: recordSse(b.url, alice.token, String(RoomMessagesDocument), { roomId: room.id }),
      bobRoom: recordSse(b.url, bob.token, String(RoomMessagesDocument), { roomId: room.id }),
    };
    const all = () => [
      ...Object.values(ws).map((recording) => recording.results),
      ...Object.values(sse).map((recording) => recording.results),
    ];
    try {
      // Everyone is live on B.
      await until('every subscriber on B is live', async () => {
        await post('before');
        return all().every((results) => bodies(results).includes('before'));
      });

      // B's subscriber connection drops and cannot come back (its user is disabled; B's other
      // connection, already signed in, stays up).
      await admin.call('ACL', 'SETUSER', redisUser, 'off');
      const subscribers = String(await admin.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(`user=${redisUser} `) && line.includes('subscriber'));
      expect(subscribers).toHaveLength(1);
      const id = /id=(\d+)/.exec(subscribers[0] ?? '')?.[1] as string;
      await admin.client('KILL', 'ID', id);
      await until('B reports Redis down', async () => !(await ready(b)));

      // Meanwhile, on A: Alice logs out, Bob leaves the room, and the owner writes to both.
      expect(dataOf(await graphqlRequest(a.url, LogoutDocument, {}, alice), 'logout')).toBe(true);
      dataOf(await graphqlRequest(a.url, LeaveRoomDocument, { roomId: room.id }, bob), 'leaveRoom');
      await post('after');

      // B reconnects and catches up.
      await admin.call('ACL', 'SETUSER', redisUser, 'on');
      await until('B is back on Redis', () => ready(b));

      const timeout = new Promise((resolve) => setTimeout(resolve, 20_000, 'still open'));
      expect(await Promise.race([aliceClosed, timeout])).toBe(4403);
      await until(
        'Bob’s room stream ended on WebSocket',
        () => codes(ws.bobRoom.results).length > 0,
      );
      expect(codes(ws.bobRoom.results)).toEqual(['FORBIDDEN']);
      await until('every SSE stream ended', () => Object.values(sse).every((s) => s.ended()));
      expect(codes(sse.aliceDirect.results)).toEqual(['UNAUTHENTICATED']);
      expect(codes(sse.aliceRoom.results)).toEqual(['UNAUTHENTICATED']);
      expect(codes(sse.bobRoom.results)).toEqual(['FORBIDDEN']);

      // Nothing written after the revocations reached them, then or later.
      await post('later');
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const results of all()) {
        expect(bodies(results)).not.toContain('after');
        expect(bodies(results)).not.toContain('later');
      }
    } finally {
      await admin.call('ACL', 'SETUSER', redisUser, 'on');
      for (const recording of Object.values(sse)) recording.dispose();
      await aliceSocket.dispose();
      await bobSocket.dispose();
    }
  }, 90_000);
});
