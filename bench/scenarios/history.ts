import Database from 'better-sqlite3';
import { type BenchUser, createRoom, registerUsers } from '../contenders/charla-api.js';
import { startCharla } from '../contenders/contenders.js';
import type { DriverHandle } from '../driver/driver-handle.js';
import type { HistoryRoom, HttpLoadResult, PageChoice } from '../driver/protocol.js';
import type { Plan } from '../plan.js';
import { serverProbe, temporaryDir } from '../processes.js';
import { seedHistory } from './history-seed.js';
import { attempt, measureRuns, type Outcome, outcome, progress } from './outcome.js';

export type HistoryResults = {
  messages: number;
  hotRoomMessages: number;
  seedSeconds: number;
  /** Random pages, by concurrent clients. */
  random: Record<number, Outcome<HttpLoadResult>>;
  /** The hot room's first page and its last (page `lastPageNumber`), at one client. */
  firstPage: Outcome<HttpLoadResult>;
  lastPage: Outcome<HttpLoadResult>;
  lastPageNumber: number;
};

const PAGE_QUERY =
  'query ($room: ID!, $after: String, $first: Int) { room(id: $room) { messages(first: $first, after: $after) { edges { node { id body author { nickname } } } } } }';
const RUN_TIMEOUT_MS = 120_000;
const SEED = 20_261_124;

/** The integer key of a global id (`base64url("Room:12")` is 12). */
function keyOf(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64url').toString().split(':')[1]);
}

/**
 * Scenario 4: history pages over a large seeded history. Charla starts once on an empty file
 * (so its migrations create the schema) and sets up users and rooms through its API; then it
 * stops, the messages are written straight into SQLite, and it starts again on that file.
 */
export async function runHistory(
  plan: Plan,
  driver: DriverHandle,
  ticksPerSecond: number,
): Promise<HistoryResults> {
  const settings = plan.history;
  const { path: dataDir, remove: removeDataDir } = temporaryDir('charla-history-');
  try {
    progress('history: setting up users and rooms');
    const setup = await startCharla({ charlaDir: plan.charlaDir, dataDir });
    let reader: BenchUser;
    let authors: BenchUser[];
    const roomIds: string[] = [];
    try {
      authors = await registerUsers(setup.baseUrl, 4, 'hist');
      reader = authors[0] as BenchUser;
      for (let index = 0; index < settings.rooms; index++) {
        roomIds.push(await createRoom(setup.baseUrl, reader, `history${index}`));
      }
    } finally {
      await setup.process.stop(10_000);
    }

    const databasePath = setup.databasePath;
    const streams = new Database(databasePath, { readonly: true });
    const streamOf = streams.prepare('SELECT "id" FROM "Stream" WHERE "roomId" = ?');
    const rooms = roomIds.map((roomId) => ({
      roomId: keyOf(roomId),
      streamId: (streamOf.get(keyOf(roomId)) as { id: number }).id,
    }));
    streams.close();
    progress(`history: seeding ${settings.messages} messages`);
    const seeded = seedHistory({
      databasePath,
      rooms,
      authorIds: authors.map((author) => keyOf(author.userId)),
      messages: settings.messages,
      hotRoomMessages: settings.hotRoomMessages,
      seed: SEED,
    });
    progress(`history: seeded in ${(seeded.elapsedMs / 1000).toFixed(1)} s`);

    const historyRooms: HistoryRoom[] = rooms.map((room, index) => ({
      roomId: roomIds[index] as string,
      streamId: room.streamId,
      messages: seeded.perRoom[index] as number,
    }));
    const server = await startCharla({ charlaDir: plan.charlaDir, dataDir });
    try {
      const load = (choice: PageChoice, concurrency: number, durationMs: number) =>
        driver.request(
          'pages',
          {
            url: `${server.baseUrl}/graphql`,
            headers: { authorization: `Bearer ${reader.token}` },
            query: PAGE_QUERY,
            rooms: historyRooms,
            choice,
            pageSize: settings.pageSize,
            concurrency,
            durationMs,
            server: serverProbe(server.process, ticksPerSecond, plan.noise.quietMaxWaitMs),
            seed: SEED + concurrency,
          },
          RUN_TIMEOUT_MS,
        );
      const measure = async (
        label: string,
        choice: PageChoice,
        concurrency: number,
        durationMs: number,
      ): Promise<Outcome<HttpLoadResult>> => {
        const runs: HttpLoadResult[] = [];
        const error = await attempt(label, async () => {
          await measureRuns(
            plan,
            runs,
            () => load(choice, concurrency, durationMs),
            (result) =>
              `${label}: ${Math.round(result.requestsPerSecond)} pages/s, p50 ${result.latency.p50.toFixed(2)} ms, p99 ${result.latency.p99.toFixed(2)} ms, bad ${result.badAnswers + result.errors + result.non2xx}, ${Math.round(result.serverMicrosPerRequest)} µs CPU/page`,
          );
        });
        return outcome(runs, error);
      };

      await load('random', 10, 1_000);
      const random: Record<number, Outcome<HttpLoadResult>> = {};
      for (const clients of settings.clients) {
        random[clients] = await measure(
          `random pages, ${clients} clients`,
          'random',
          clients,
          settings.durationMs,
        );
      }
      const firstPage = await measure('first page', 'first', 1, settings.fixedPageDurationMs);
      const lastPage = await measure('last page', 'last', 1, settings.fixedPageDurationMs);
      return {
        messages: settings.messages,
        hotRoomMessages: settings.hotRoomMessages,
        seedSeconds: seeded.elapsedMs / 1000,
        random,
        firstPage,
        lastPage,
        lastPageNumber: Math.ceil(settings.hotRoomMessages / settings.pageSize),
      };
    } finally {
      await server.stop();
    }
  } finally {
    removeDataDir();
  }
}
