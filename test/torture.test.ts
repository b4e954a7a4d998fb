import { afterAll, describe, expect, it } from 'vitest';
import { endpointAt } from './support/endpoint.js';
import { freePort } from './support/free-port.js';
import { postUntilAcknowledged, ResumingSubscriber } from './support/resilient-clients.js';
import { committedSequence, liveCursorOf, roomWithMembers } from './support/rooms.js';
import { temporaryDatabaseFile } from './support/server.js';
import { type ServerProcess, spawnServerProcess } from './support/server-process.js';

const POSTERS = 4;
const PER_POSTER = 500; // 2,000 messages in all
const SUBSCRIBERS = 3;

describe('the torture test', () => {
  const temporary = temporaryDatabaseFile();
  let server: ServerProcess | undefined;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    temporary.cleanup();
  });

  it('gives every subscriber exactly the committed sequence through reconnects and a restart', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATABASE_URL: `file:${temporary.file}`, LOG_LEVEL: 'warn' };
    server = await spawnServerProcess(env);
    // The same address before and after the restart.
    const endpoint = endpointAt(`http://127.0.0.1:${port}`);
    const { url, wsUrl } = endpoint;

    const {
      owner,
      room,
      members: people,
    } = await roomWithMembers(endpoint, POSTERS + SUBSCRIBERS, 'torture');
    const posters = people.slice(0, POSTERS);
    // Start from the room's live cursor: a resubscription must never start "from now".
    const start = await liveCursorOf(endpoint, owner, room.id);
    const subscribers = people.slice(POSTERS).map(
      (person) =>
        new ResumingSubscriber({
          wsUrl: () => wsUrl,
          token: person.token,
          roomId: room.id,
          chaos: true,
          startAfter: start,
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    const acknowledged: string[] = [];
    const posting = Promise.all(
      posters.map((poster, index) =>
        postUntilAcknowledged({
          url: () => url,
          token: poster.token,
          roomId: room.id,
          prefix: `p${index}`,
          count: PER_POSTER,
          acknowledged,
        }),
      ),
    );

    // Restart the server (graceful stop, then a new process on the same file and port).
    while (acknowledged.length < (POSTERS * PER_POSTER) / 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    server = await spawnServerProcess(env);

    await posting;
    expect(new Set(acknowledged).size).toBe(POSTERS * PER_POSTER);
    const committed = await committedSequence(endpoint, owner, room.id);
    expect(committed).toHaveLength(POSTERS * PER_POSTER);

    for (const subscriber of subscribers) await subscriber.waitFor(committed.length, 60_000);
    for (const subscriber of subscribers) await subscriber.stop();
    for (const subscriber of subscribers) {
      expect(subscriber.duplicates).toEqual([]);
      expect(subscriber.received).toEqual(committed);
    }
    // What they received live went through the shared renders (src/schema/live-sharing.ts).
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(Number(/^charla_live_renders_total (\d+)/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
  }, 180_000);
});
