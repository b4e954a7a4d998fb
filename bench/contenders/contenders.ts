import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/free-port.js';
import type { PublishSpec, SubscribeSpec } from '../driver/protocol.js';
import { type ManagedProcess, spawnPinned, temporaryDir, waitUntilReady } from '../processes.js';
import {
  type BenchUser,
  blockUser,
  createRoom,
  joinRoom,
  POST_MESSAGE,
  ROOM_MESSAGES,
  registerUsers,
} from './charla-api.js';

/** A: bare ws (the limit); B: graphql-ws + graphql-js (the usual stack); C: Charla. */
export const CONTENDERS = ['A', 'B', 'C', 'C-redis'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

export const CONTENDER_TITLES: Record<ContenderName, string> = {
  A: 'A bare ws',
  B: 'B graphql-ws',
  C: 'C Charla',
  'C-redis': 'C Charla+Redis',
};

/** Users registered for a Charla fan-out; the sockets share their tokens. */
const CHARLA_USER_POOL = 50;

/** Where a running contender listens and how the driver subscribes to it and publishes. */
export type FanoutTarget = { subscribe: SubscribeSpec; publish: PublishSpec };

export type RunningContender = {
  name: ContenderName;
  process: ManagedProcess;
  baseUrl: string;
  /**
   * Prepares one room that `sockets` subscribers will follow; with `blockingShare` (Charla
   * only), that share of the subscribing users blocked the publisher.
   */
  prepareFanout(sockets: number, blockingShare?: number): Promise<FanoutTarget>;
  stop(): Promise<void>;
};

export type CharlaOptions = {
  /** The Charla checkout to run (`src/index.ts` under it). */
  charlaDir: string;
  /** Set for C-redis: Charla's REDIS_URL. */
  redisUrl?: string;
  /** Reuse this data folder (history restarts on a seeded database); a new one otherwise. */
  dataDir?: string;
};

export type RunningCharla = {
  process: ManagedProcess;
  baseUrl: string;
  dataDir: string;
  databasePath: string;
  stop(): Promise<void>;
};

/**
 * Generous limits, so the benchmark measures delivery and storage rather than the guards:
 * slow-consumer cut-offs far away, and the per-user action limits of the working tree lifted
 * (variables an older Charla does not know are ignored).
 */
const CHARLA_BENCH_ENV = {
  SUBSCRIPTION_MAX_QUEUED_EVENTS: '100000',
  CONNECTION_MAX_BUFFERED_BYTES: '67108864',
  MAX_SUBSCRIPTIONS_PER_CONNECTION: '10',
  MESSAGES_PER_SECOND: '1000000',
  MESSAGE_BURST: '1000000',
  ROOMS_PER_HOUR: '1000000',
  REGISTRATIONS_PER_HOUR: '1000000',
  LOGINS_PER_MINUTE: '1000000',
  // Every simulated client connects from 127.0.0.1, many as one user: the connection caps
  // (README "Connection limits") out of the way, the TCP ceiling above the idle scenario's count.
  MAX_CONNECTIONS: '1000000',
  MAX_CONNECTIONS_PER_ADDRESS: '1000000',
  MAX_ANONYMOUS_CONNECTIONS_PER_ADDRESS: '1000000',
  MAX_ANONYMOUS_CONNECTIONS: '999999',
  MAX_SOCKETS_PER_USER: '1000000',
  MAX_SSE_STREAMS_PER_USER: '1000000',
};

/**
 * Extra Node flags for every server the harness starts, from BENCH_SERVER_NODE_ARGS (for
 * example `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a scenario; Node refuses those in
 * NODE_OPTIONS).
 */
const serverNodeArgs = [
  // See memory-probe.mjs: lets the idle scenario measure memory after a full collection.
  '--expose-gc',
  '--import',
  fileURLToPath(new URL('./memory-probe.mjs', import.meta.url)),
  ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
];

/** Starts Charla (`node --import tsx src/index.ts`) on the server core; ready when /ready is 200. */
export async function startCharla(options: CharlaOptions): Promise<RunningCharla> {
  const owned = options.dataDir === undefined ? temporaryDir('charla-bench-') : undefined;
  const dataDir = options.dataDir ?? (owned?.path as string);
  const databasePath = join(dataDir, 'bench.db');
  const port = await freePort();
  const process = spawnPinned(
    options.redisUrl ? 'charla-redis' : 'charla',
    'server',
    [globalThis.process.execPath, ...serverNodeArgs, '--import', 'tsx', 'src/index.ts'],
    {
      cwd: options.charlaDir,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `file:${databasePath}`,
        LOG_LEVEL: 'warn',
        // As deployed (README "Running in production"); graphql-js skips its dev-mode checks.
        NODE_ENV: 'production',
        ...CHARLA_BENCH_ENV,
        // Its own key prefix: the Redis may be shared (with tests, or an earlier run).
        ...(options.redisUrl
          ? { REDIS_URL: options.redisUrl, REDIS_PREFIX: `charla-bench-${port}:` }
          : {}),
      },
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await process.stop(10_000);
    owned?.remove();
  };
  try {
    await waitUntilReady(`${baseUrl}/ready`, process);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process, baseUrl, dataDir, databasePath, stop };
}

async function startScript(name: 'A' | 'B', file: string): Promise<RunningContender> {
  const port = await freePort();
  const process = spawnPinned(
    name,
    'server',
    [
      globalThis.process.execPath,
      ...serverNodeArgs,
      '--import',
      'tsx',
      fileURLToPath(new URL(file, import.meta.url)),
    ],
    { env: { PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' } },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${baseUrl}/ready`, process).catch(async (error: unknown) => {
    await process.stop();
    throw error;
  });
  const wsUrl = `ws://127.0.0.1:${port}/graphql`;
  const prepareFanout = async (): Promise<FanoutTarget> =>
    name === 'A'
      ? {
          subscribe: {
            url: wsUrl,
            connectionParams: [{}],
            query: ROOM_MESSAGES,
            variables: { roomId: '1' },
          },
          publish: { url: `${baseUrl}/publish`, headers: {}, query: '', variables: {} },
        }
      : {
          subscribe: {
            url: wsUrl,
            connectionParams: [{}],
            query:
              'subscription ($roomId: ID!) { roomMessages(roomId: $roomId) { id body author createdAt } }',
            variables: { roomId: '1' },
          },
          publish: {
            url: `${baseUrl}/graphql`,
            headers: {},
            query: POST_MESSAGE,
            variables: { roomId: '1' },
          },
        };
  return { name, process, baseUrl, prepareFanout, stop: () => process.stop() };
}

/** Starts a fresh server of contender `name` (Charla on an empty database). */
export async function startContender(
  name: ContenderName,
  options: Omit<CharlaOptions, 'dataDir'>,
): Promise<RunningContender> {
  if (name === 'A') return startScript('A', './bare-ws.ts');
  if (name === 'B') return startScript('B', './usual-stack.ts');
  // Only C-redis gets Redis: the plan carries BENCH_REDIS_URL for every contender.
  const charla = await startCharla({
    ...options,
    redisUrl: name === 'C-redis' ? options.redisUrl : undefined,
  });
  return {
    name,
    process: charla.process,
    baseUrl: charla.baseUrl,
    stop: charla.stop,
    async prepareFanout(sockets, blockingShare = 0) {
      const users = await registerUsers(charla.baseUrl, Math.min(CHARLA_USER_POOL, sockets), 'fan');
      const owner = users[0] as BenchUser;
      const roomId = await createRoom(charla.baseUrl, owner, 'fanout');
      for (const member of users.slice(1)) await joinRoom(charla.baseUrl, member, roomId);
      // The first members block the publisher (the owner): listed first, they are the blind ones.
      const blind = Math.round(users.length * blockingShare);
      const blockers = users.slice(1, 1 + blind);
      for (const blocker of blockers) await blockUser(charla.baseUrl, blocker, owner);
      const subscribing = [...blockers, ...users.filter((user) => !blockers.includes(user))];
      const wsUrl = `${charla.baseUrl.replace('http:', 'ws:')}/graphql`;
      return {
        subscribe: {
          url: wsUrl,
          connectionParams: subscribing.map((user) => ({ authorization: `Bearer ${user.token}` })),
          query: ROOM_MESSAGES,
          variables: { roomId },
          blind: blockers.length,
        },
        publish: {
          url: `${charla.baseUrl}/graphql`,
          headers: { authorization: `Bearer ${owner.token}` },
          query: POST_MESSAGE,
          variables: { roomId },
        },
      };
    },
  };
}
