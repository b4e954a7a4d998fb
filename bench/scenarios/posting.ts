import {
  type BenchUser,
  charlaRequest,
  createRoom,
  POST_MESSAGE,
  registerUsers,
} from '../contenders/charla-api.js';
import { CONTENDER_TITLES, type ContenderName, startContender } from '../contenders/contenders.js';
import type { DriverHandle } from '../driver/driver-handle.js';
import type { HttpLoadResult } from '../driver/protocol.js';
import type { Plan } from '../plan.js';
import { serverProbe } from '../processes.js';
import { attempt, measureRuns, type Outcome, outcome, progress } from './outcome.js';

/** Acknowledged posts against what Charla's room stream says was stored. */
export type StoredCheck = { acknowledged: number; stored: number; inFlightAtStops: number };

export type PostingResults = Partial<
  Record<
    ContenderName,
    { byConnections: Record<number, Outcome<HttpLoadResult>>; stored?: StoredCheck }
  >
>;

const BODY = 'A posting benchmark message, about as long as a chat line is.';
const RUN_TIMEOUT_MS = 120_000;
/** Unmeasured load first, at 10 connections, so the JIT and SQLite are warm. */
const WARM_UP_MS = 1_000;

/** The posting target of a contender that stores nothing (B) or Charla (C, C-redis). */
async function postingTarget(
  contender: ContenderName,
  baseUrl: string,
): Promise<{ headers: Record<string, string>; roomId: string; owner?: BenchUser }> {
  if (contender === 'B') return { headers: {}, roomId: '1' };
  const [owner] = await registerUsers(baseUrl, 1, 'poster');
  if (!owner) throw new Error('no poster');
  const roomId = await createRoom(baseUrl, owner, 'posting');
  return { headers: { authorization: `Bearer ${owner.token}` }, roomId, owner };
}

/** The stream position of the room's newest message: how many posts it stored. */
async function storedCount(baseUrl: string, roomId: string, owner: BenchUser): Promise<number> {
  const { room } = await charlaRequest<{
    room: { messages: { edges: { cursor: string }[] } };
  }>(
    baseUrl,
    'query ($roomId: ID!) { room(id: $roomId) { messages(last: 1) { edges { cursor } } } }',
    { roomId },
    owner.token,
  );
  const cursor = room.messages.edges[0]?.cursor;
  if (!cursor) return 0;
  const [, , position] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
    string,
    number,
    number,
  ];
  return position;
}

/**
 * Scenario 3: postMessage over HTTP with autocannon at each connection count, against a fresh
 * server per contender. Charla (C) is the subject; B, which stores nothing, is a reference.
 */
export async function runPosting(
  plan: Plan,
  driver: DriverHandle,
  ticksPerSecond: number,
): Promise<PostingResults> {
  const results: PostingResults = {};
  for (const contender of plan.contenders.filter((name) => name !== 'A')) {
    const byConnections: Record<number, Outcome<HttpLoadResult>> = {};
    const entry: NonNullable<PostingResults[ContenderName]> = { byConnections };
    results[contender] = entry;
    progress(`posting: ${CONTENDER_TITLES[contender]}`);
    const server = await startContender(contender, plan);
    try {
      const target = await postingTarget(contender, server.baseUrl);
      const params = {
        url: `${server.baseUrl}/graphql`,
        headers: target.headers,
        body: JSON.stringify({
          query: POST_MESSAGE,
          variables: { roomId: target.roomId, body: BODY },
        }),
        server: serverProbe(server.process, ticksPerSecond, plan.noise.quietMaxWaitMs),
      };
      let acknowledged = 0;
      let inFlightAtStops = 0;
      const count = (result: HttpLoadResult, connections: number) => {
        acknowledged += result.requests - result.non2xx - result.badAnswers;
        inFlightAtStops += connections;
      };
      count(
        await driver.request(
          'posting',
          { ...params, connections: 10, durationMs: WARM_UP_MS },
          RUN_TIMEOUT_MS,
        ),
        10,
      );
      for (const connections of plan.posting.connections) {
        const runs: HttpLoadResult[] = [];
        const error = await attempt(`${contender} posting at ${connections}`, async () => {
          await measureRuns(
            plan,
            runs,
            async () => {
              const result = await driver.request(
                'posting',
                { ...params, connections, durationMs: plan.posting.durationMs },
                RUN_TIMEOUT_MS,
              );
              count(result, connections);
              return result;
            },
            (result) =>
              `${connections} connections: ${Math.round(result.requestsPerSecond)} posts/s, p99 ${result.latency.p99.toFixed(2)} ms, errors ${result.errors}, non-2xx ${result.non2xx}, bad answers ${result.badAnswers}, ${Math.round(result.serverMicrosPerRequest)} µs CPU/post`,
          );
        });
        byConnections[connections] = outcome(runs, error);
      }
      if (target.owner) {
        const stored = await storedCount(server.baseUrl, target.roomId, target.owner);
        entry.stored = { acknowledged, stored, inFlightAtStops };
      }
    } finally {
      await server.stop();
    }
  }
  return results;
}
