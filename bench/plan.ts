import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTENDERS, type ContenderName } from './contenders/contenders.js';
import { REPO_ROOT } from './processes.js';

export const SCENARIOS = ['fanout', 'latency', 'posting', 'history', 'idle'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Everything one invocation will do: what to run, at which sizes, for how long. */
export type Plan = {
  quick: boolean;
  /** Measured runs per data point; tables show their median. */
  runs: number;
  scenarios: Scenario[];
  contenders: ContenderName[];
  /** True when some scenario or contender was left out on the command line. */
  partial: boolean;
  /** Where Charla runs from (replaced by a temporary copy when `charlaRef` is set). */
  charlaDir: string;
  charlaRef: string | undefined;
  redisUrl: string | undefined;
  /** The whole invocation is killed past this, in ms. */
  timeLimitMs: number;
  fanout: {
    subscribers: number[];
    durationMs: number;
    /** Unmeasured run first, so the JIT and caches are warm. */
    warmUpMs: number;
    /** Messages published but not yet delivered to every socket, at most. */
    window: number;
    /** Share (0–1) of Charla's subscribing users who blocked the publisher (`--blocking`). */
    blockingShare: number;
  };
  latency: {
    subscribers: number[];
    deliveriesPerSecond: number;
    durationMs: number;
    /**
     * One more point at a load every contender sustains, so that latency added by the path a
     * message takes (Charla's Redis hop) is not hidden by overload. Same duration and runs.
     */
    lowRate: { subscribers: number; deliveriesPerSecond: number };
  };
  posting: { connections: number[]; durationMs: number };
  history: {
    messages: number;
    hotRoomMessages: number;
    rooms: number;
    pageSize: number;
    clients: number[];
    durationMs: number;
    /** For the first-page and last-page comparison, at one client. */
    fixedPageDurationMs: number;
  };
  idle: { connections: number };
  /** The machine may be shared: how hard to look for quiet cores (see measureRuns). */
  noise: { quietMaxWaitMs: number; retries: number };
};

const USAGE = `Usage: npm run bench -- [options]

  --quick                 1 run per point, smaller sizes (under 3 minutes)
  --scenario <names>      ${SCENARIOS.join(', ')} (comma-separated or repeated; default all)
  --contender <names>     A, B, C, C-redis (default A, B, C, and C-redis when BENCH_REDIS_URL is set)
  --runs <n>              measured runs per point (default 3, quick 1)
  --window <n>            fan-out capacity: messages in flight at most (default 4)
  --blocking <percent>    fan-out: that share of Charla's subscribers blocked the poster (default 0)
  --charla-dir <path>     Charla checkout to benchmark (default: this repository's working tree)
  --charla-ref <ref>      benchmark Charla as committed at a git ref (e.g. HEAD), in a temporary copy
  --help

Environment: BENCH_REDIS_URL runs Charla a second time with REDIS_URL set (contender C-redis).`;

function listOption(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((value) => value.split(',')).map((value) => value.trim());
}

/** Reads the command line; prints usage and exits on --help or a bad option. */
export function parsePlan(argv: string[]): Plan {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      scenario: { type: 'string', multiple: true },
      contender: { type: 'string', multiple: true },
      runs: { type: 'string' },
      window: { type: 'string' },
      blocking: { type: 'string' },
      'charla-dir': { type: 'string' },
      'charla-ref': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const redisUrl = process.env.BENCH_REDIS_URL || undefined;
  const scenarios = listOption(values.scenario) ?? [...SCENARIOS];
  const defaultContenders: ContenderName[] = redisUrl ? [...CONTENDERS] : ['A', 'B', 'C'];
  const contenders = listOption(values.contender) ?? defaultContenders;
  for (const scenario of scenarios) {
    if (!(SCENARIOS as readonly string[]).includes(scenario))
      usageError(`unknown scenario ${scenario}`);
  }
  for (const contender of contenders) {
    if (!(CONTENDERS as readonly string[]).includes(contender))
      usageError(`unknown contender ${contender}`);
  }
  if (contenders.includes('C-redis') && !redisUrl) {
    usageError('contender C-redis needs BENCH_REDIS_URL (e.g. redis://127.0.0.1:6379)');
  }
  if (values['charla-dir'] && values['charla-ref']) {
    usageError('give --charla-dir or --charla-ref, not both');
  }
  const quick = values.quick;
  const runs = values.runs ? Number(values.runs) : quick ? 1 : 3;
  if (!Number.isInteger(runs) || runs < 1 || runs > 9) usageError('--runs must be 1 to 9');
  const window = values.window ? Number(values.window) : 4;
  if (!Number.isInteger(window) || window < 1 || window > 64)
    usageError('--window must be 1 to 64');
  const blocking = values.blocking ? Number(values.blocking) : 0;
  if (!Number.isFinite(blocking) || blocking < 0 || blocking > 50)
    usageError('--blocking must be a percentage from 0 to 50');
  return {
    quick,
    runs,
    scenarios: scenarios as Scenario[],
    contenders: contenders as ContenderName[],
    partial:
      scenarios.length < SCENARIOS.length ||
      !defaultContenders.every((c) => contenders.includes(c)),
    charlaDir: resolve(values['charla-dir'] ?? REPO_ROOT),
    charlaRef: values['charla-ref'],
    redisUrl,
    timeLimitMs: (quick ? 6 : 45) * 60_000,
    fanout: {
      subscribers: quick ? [10, 100, 1_000] : [10, 100, 1_000, 5_000],
      durationMs: quick ? 2_000 : 5_000,
      warmUpMs: quick ? 500 : 1_000,
      window,
      blockingShare: blocking / 100,
    },
    latency: {
      subscribers: quick ? [10, 100, 1_000] : [10, 100, 1_000, 5_000],
      deliveriesPerSecond: 10_000,
      durationMs: quick ? 2_000 : 5_000,
      lowRate: { subscribers: 100, deliveriesPerSecond: 1_000 },
    },
    posting: { connections: [1, 10, 50], durationMs: quick ? 2_000 : 5_000 },
    history: {
      messages: quick ? 100_000 : 1_000_000,
      hotRoomMessages: quick ? 10_000 : 100_000,
      rooms: 100,
      pageSize: 50,
      clients: [1, 10],
      durationMs: quick ? 2_000 : 5_000,
      fixedPageDurationMs: quick ? 1_000 : 2_000,
    },
    idle: { connections: quick ? 2_000 : 10_000 },
    // Quick runs are for iterating and must stay short: they mark noise but do not chase it.
    noise: { quietMaxWaitMs: quick ? 1_000 : 5_000, retries: quick ? 0 : 2 },
  };
}

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}
