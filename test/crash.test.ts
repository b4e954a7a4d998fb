import { afterAll, describe, expect, it } from 'vitest';
import { RoomHistoryDocument, RoomMessagesDocument } from './generated/graphql.js';
import { dataOf } from './support/accounts.js';
import { endpointAt, graphqlRequest } from './support/endpoint.js';
import { freePort } from './support/free-port.js';
import { connectWs, record } from './support/graphql-ws.js';
import { postUntilAcknowledged, ResumingSubscriber } from './support/resilient-clients.js';
import { committedSequence, liveCursorOf, roomWithMembers } from './support/rooms.js';
import { temporaryDatabaseFile } from './support/server.js';
import { type ServerProcess, spawnServerProcess } from './support/server-process.js';

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
    // The same address before and after the crash.
    const endpoint = endpointAt(`http://127.0.0.1:${port}`);
    const { url, wsUrl } = endpoint;
    const { room, members } = await roomWithMembers(endpoint, 4, 'crash');
    const posters = members.slice(0, 3);
    const reader = members[3] as (typeof members)[number];
    const subscriber = new ResumingSubscriber({
      wsUrl: () => wsUrl,
      token: reader.token,
      roomId: room.id,
      chaos: false,
      startAfter: await liveCursorOf(endpoint, reader, room.id),
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
    const committed = await committedSequence(endpoint, reader, room.id);
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
    const { owner, room } = await roomWithMembers(server, 0, 'g');
    const client = connectWs(server, { token: owner.token });
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
