import { createClient } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  CreateRoomDocument,
  JoinRoomDocument,
  RegisterDocument,
  RoomHistoryDocument,
  RoomMessagesDocument,
} from './generated/graphql.js';
import { dataOf, freshNickname, freshRoomName, PASSWORD } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { postUntilAcknowledged, ResumingSubscriber } from './support/resilient-clients.js';
import { committedSequence, liveCursorOf } from './support/rooms.js';
import { graphqlRequest, temporaryDatabaseFile } from './support/server.js';
import { freePort, type ServerProcess, spawnServerProcess } from './support/server-process.js';

describe('a server killed with SIGKILL while posters run', () => {
  const temporary = temporaryDatabaseFile();
  let server: ServerProcess | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    temporary.cleanup();
  });

  it('loses no acknowledged message, and resuming subscribers receive every one', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATABASE_URL: `file:${temporary.file}` };
    server = await spawnServerProcess(env);
    const url = `http://127.0.0.1:${port}`;
    const register = async () =>
      dataOf(
        await graphqlRequest(url, RegisterDocument, {
          nickname: freshNickname('k'),
          password: PASSWORD,
        }),
        'register',
      );
    const owner = await register();
    const room = dataOf(
      await graphqlRequest(url, CreateRoomDocument, { name: freshRoomName('crash') }, owner),
      'createRoom',
    );
    const posters = await Promise.all([register(), register(), register()]);
    const reader = await register();
    for (const person of [...posters, reader]) {
      await graphqlRequest(url, JoinRoomDocument, { roomId: room.id }, person);
    }
    const subscriber = new ResumingSubscriber({
      wsUrl: () => `ws://127.0.0.1:${port}/graphql`,
      token: reader.token,
      roomId: room.id,
      chaos: false,
      startAfter: await liveCursorOf(url, reader, room.id),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const acknowledged: string[] = [];
    let crashed = false;
    const posting = Promise.all(
      posters.map((poster, index) =>
        postUntilAcknowledged({
          url: () => url,
          token: poster.token,
          roomId: room.id,
          prefix: `k${index}`,
          count: 150,
          acknowledged,
        }),
      ),
    );
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 5));
    const acknowledgedBeforeCrash = [...acknowledged];
    server.child.kill('SIGKILL');
    expect((await server.exited).signal).toBe('SIGKILL');
    crashed = true;

    server = await spawnServerProcess(env);
    const history = dataOf(
      await graphqlRequest(url, RoomHistoryDocument, { id: room.id, last: 100 }, reader),
      'room',
    );
    expect(history.messages.edges.length).toBeGreaterThan(0);
    await posting;
    expect(crashed).toBe(true);

    // Every message acknowledged before the crash survived it.
    const committed = await committedSequence(url, reader, room.id);
    for (const id of acknowledgedBeforeCrash) expect(committed).toContain(id);
    expect(new Set(acknowledged).size).toBe(450);
    expect(committed).toHaveLength(450); // retries after the crash did not post twice

    // The subscriber, resuming with its last cursor, received exactly the committed sequence.
    await subscriber.waitFor(committed.length, 30_000);
    await subscriber.stop();
    expect(subscriber.duplicates).toEqual([]);
    expect(subscriber.received).toEqual(committed);
  }, 120_000);
});

describe('graceful shutdown', () => {
  const temporary = temporaryDatabaseFile();
  afterAll(() => temporary.cleanup());

  it('closes sockets with 1001 and exits within 10 s, even with open subscriptions', async () => {
    const server = await spawnServerProcess({ DATABASE_URL: `file:${temporary.file}` });
    const owner = dataOf(
      await graphqlRequest(server.url, RegisterDocument, {
        nickname: freshNickname('g'),
        password: PASSWORD,
      }),
      'register',
    );
    const room = dataOf(
      await graphqlRequest(server.url, CreateRoomDocument, { name: freshRoomName('g') }, owner),
      'createRoom',
    );
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${owner.token}` },
    });
    const closeCode = new Promise<number>((resolve) =>
      client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    record(client, RoomMessagesDocument, { roomId: room.id });
    const sse = fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${owner.token}`,
      },
      body: JSON.stringify({ query: String(RoomMessagesDocument), variables: { roomId: room.id } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await closeCode).toBe(1001);
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await (await sse).body?.cancel().catch(() => {});
    await client.dispose();
  }, 30_000);
});
