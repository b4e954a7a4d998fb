import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleServer, waitForQuiet } from '../proc-stats.js';
import { SampleBuffer } from '../statistics.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { measuredBody, warmUpBody } from './message-body.js';
import type { CapacityResult, DeliveryCheck, DriverCommands, LatencyResult } from './protocol.js';
import { Publisher } from './publisher.js';
import type { Subscribers } from './subscribers.js';

type Params<K extends keyof DriverCommands> = DriverCommands[K]['params'];

/** Each run tags its messages, so a late frame of an earlier run is never counted. */
let currentRun = 0;

/** The driver's own CPU use between two process.cpuUsage() samples, as a share of one core. */
function driverCpuPercent(since: NodeJS.CpuUsage, elapsedMs: number): number {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1000 / elapsedMs) * 100;
}

function deliveryCheck(
  ledger: DeliveryLedger,
  published: number,
  subscribers: Subscribers,
  publisher: Publisher,
): DeliveryCheck {
  const accepted = published - ledger.failedCount;
  return {
    published,
    publishErrors: ledger.failedCount,
    expected: accepted * ledger.sockets,
    delivered: ledger.delivered,
    missing: ledger.missing(published),
    duplicates: ledger.duplicates + ledger.strays,
    ended: subscribers.ended,
    problems: [...publisher.problems, ...subscribers.problems].slice(0, 5),
  };
}

/**
 * Publishes warm-up messages, one at a time with a short pause, until every socket has received
 * one: from then on every subscription is live and must receive every message.
 */
export async function warmUp(
  subscribers: Subscribers,
  { publish, timeoutMs }: Params<'warmUp'>,
): Promise<DriverCommands['warmUp']['result']> {
  const publisher = new Publisher(publish);
  const started = performance.now();
  subscribers.resetWarmUp();
  let messages = 0;
  try {
    while (subscribers.warmedUpCount < subscribers.size) {
      if (performance.now() - started > timeoutMs) {
        throw new Error(
          `only ${subscribers.warmedUpCount} of ${subscribers.size} subscriptions received a warm-up message within ${timeoutMs} ms; ${[...publisher.problems, ...subscribers.problems].join('; ')}`,
        );
      }
      await publisher.publish(warmUpBody(messages++));
      await sleep(50);
    }
  } finally {
    publisher.close();
  }
  return { messages, elapsedMs: performance.now() - started };
}

/**
 * Fan-out capacity: keeps at most `window` messages published but not yet delivered to every
 * socket, for `durationMs`, then waits for the last ones. Throughput and CPU are taken over the
 * same interval, from the first publish to the last delivery.
 */
export async function capacity(
  subscribers: Subscribers,
  { publish, window, durationMs, server, stallTimeoutMs }: Params<'capacity'>,
): Promise<CapacityResult> {
  const waitedForQuietMs = await waitForQuiet(server);
  const run = ++currentRun;
  const publisher = new Publisher(publish);
  const ledger = new DeliveryLedger(subscribers.size);
  let published = 0;
  let inFlight = 0;
  let stopping = false;
  let lastProgress = performance.now();

  return new Promise((resolve) => {
    const started = performance.now();
    const serverSample = sampleServer(server);
    const driverBefore = process.cpuUsage();
    let finished = false;

    const finish = (stalled: boolean) => {
      if (finished) return;
      finished = true;
      const elapsedMs = performance.now() - started;
      const { serverMicros, ...interference } = serverSample(elapsedMs);
      const driverPercent = driverCpuPercent(driverBefore, elapsedMs);
      clearInterval(watchdog);
      clearTimeout(stopTimer);
      subscribers.onDelivery = () => {};
      publisher.close();
      resolve({
        ...deliveryCheck(ledger, published, subscribers, publisher),
        elapsedMs,
        deliveriesPerSecond: (ledger.delivered / elapsedMs) * 1000,
        serverMicrosPerDelivery: serverMicros / ledger.delivered,
        ...interference,
        waitedForQuietMs,
        driverCpuPercent: driverPercent,
        stalled,
      });
    };
    const settled = () => {
      inFlight--;
      lastProgress = performance.now();
      if (!stopping) fill();
      else if (inFlight === 0) finish(false);
    };
    const fill = () => {
      while (!stopping && inFlight < window) {
        const sequence = published++;
        inFlight++;
        void publisher.publish(measuredBody(run, sequence)).then((accepted) => {
          if (accepted) return;
          ledger.markFailed(sequence);
          settled();
        });
      }
    };
    subscribers.onDelivery = (socket, frameRun, sequence) => {
      if (frameRun !== run) return;
      if (ledger.record(socket, sequence, published) === 'completed') settled();
    };
    const stopTimer = setTimeout(() => {
      stopping = true;
      if (inFlight === 0) finish(false);
    }, durationMs);
    const watchdog = setInterval(() => {
      if (performance.now() - lastProgress > stallTimeoutMs) finish(true);
    }, 100);
    fill();
  });
}

/**
 * Fan-out latency at a fixed offered load: publishes on a fixed schedule (open loop) and
 * measures each delivery from the message's scheduled publish time, so a server that falls
 * behind shows it in the latency instead of slowing the schedule down. Once a message has
 * waited `overloadAgeMs` for its last delivery, the server cannot sustain the load: publishing
 * stops there (so the backlog stays bounded), and the result says `overloaded` (as it does when
 * any delivery came later than that).
 */
export async function latency(
  subscribers: Subscribers,
  {
    publish,
    ratePerSecond,
    durationMs,
    overloadAgeMs,
    stallTimeoutMs,
    maxDrainMs,
    server,
  }: Params<'latency'>,
): Promise<LatencyResult> {
  const waitedForQuietMs = await waitForQuiet(server);
  const run = ++currentRun;
  const publisher = new Publisher(publish);
  const ledger = new DeliveryLedger(subscribers.size);
  const total = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));
  const intervalMs = 1000 / ratePerSecond;
  const scheduledAt = new Float64Array(total);
  const latencies = new SampleBuffer(total * subscribers.size);
  let published = 0;
  let completed = 0;
  const driverBefore = process.cpuUsage();
  const serverSample = sampleServer(server);
  const started = performance.now() + 5;

  subscribers.onDelivery = (socket, frameRun, sequence, at) => {
    if (frameRun !== run) return;
    const outcome = ledger.record(socket, sequence, published);
    if (outcome === 'ignored') return;
    latencies.push(at - (scheduledAt[sequence] as number));
    if (outcome === 'completed') completed++;
  };
  let overloaded = false;
  let oldestPending = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (oldestPending < published && ledger.settled(oldestPending)) oldestPending++;
      if (
        oldestPending < published &&
        now - (scheduledAt[oldestPending] as number) > overloadAgeMs
      ) {
        overloaded = true;
        return resolve();
      }
      while (published < total && started + published * intervalMs <= now) {
        const sequence = published++;
        scheduledAt[sequence] = started + sequence * intervalMs;
        void publisher.publish(measuredBody(run, sequence)).then((accepted) => {
          if (!accepted) ledger.markFailed(sequence);
        });
      }
      if (published < total) {
        setTimeout(tick, Math.max(0, started + published * intervalMs - performance.now()));
      } else {
        resolve();
      }
    };
    setTimeout(tick, 5);
  });
  // An overloaded server is still draining its backlog: wait while deliveries keep coming.
  const publishedAt = performance.now();
  let lastDelivered = -1;
  let lastProgress = performance.now();
  while (completed + ledger.failedCount < published) {
    const now = performance.now();
    if (ledger.delivered !== lastDelivered) {
      lastDelivered = ledger.delivered;
      lastProgress = now;
    } else if (now - lastProgress > stallTimeoutMs) {
      break;
    }
    if (now - publishedAt > maxDrainMs) break;
    await sleep(20);
  }
  const elapsedMs = performance.now() - started;
  const { serverMicros, ...interference } = serverSample(elapsedMs);
  subscribers.onDelivery = () => {};
  publisher.close();
  const summary = latencies.summary();
  return {
    ...deliveryCheck(ledger, published, subscribers, publisher),
    latency: summary,
    offeredDeliveriesPerSecond: ratePerSecond * subscribers.size,
    // Also when the schedule ended before the backlog grew old enough to stop it.
    overloaded: overloaded || summary.max > overloadAgeMs,
    deliveriesPerSecond: (ledger.delivered / elapsedMs) * 1000,
    serverMicrosPerDelivery: serverMicros / ledger.delivered,
    ...interference,
    waitedForQuietMs,
    driverCpuPercent: driverCpuPercent(driverBefore, elapsedMs),
  };
}
