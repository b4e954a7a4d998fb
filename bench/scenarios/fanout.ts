import { CONTENDER_TITLES, type ContenderName, startContender } from '../contenders/contenders.js';
import type { DriverHandle } from '../driver/driver-handle.js';
import type { CapacityResult, LatencyResult } from '../driver/protocol.js';
import type { Plan } from '../plan.js';
import { serverProbe } from '../processes.js';
import { attempt, measureRuns, type Outcome, outcome, progress } from './outcome.js';

/** Results by contender, then by subscriber count. */
export type FanoutResults = {
  capacity: Partial<Record<ContenderName, Record<number, Outcome<CapacityResult>>>>;
  latency: Partial<Record<ContenderName, Record<number, Outcome<LatencyResult>>>>;
  /** The latency point at a sustainable load (`plan.latency.lowRate`); older results lack it. */
  lowRateLatency?: Partial<Record<ContenderName, Record<number, Outcome<LatencyResult>>>>;
};

/** A run that is not over after this long has hung (set-up excluded). */
const RUN_TIMEOUT_MS = 120_000;
/** A capacity run ends early when no message completes for this long (lost deliveries). */
const STALL_TIMEOUT_MS = 10_000;
/**
 * A message not yet delivered everywhere this long after its scheduled publish means the server
 * cannot sustain the offered load (the targets are 30 and 100 ms): the latency run stops there.
 */
export const OVERLOAD_AGE_MS = 1_000;
/** An overloaded server may take this long to drain its backlog after a latency run. */
const MAX_DRAIN_MS = 90_000;

/**
 * Scenarios 1 and 2: one room, N subscribers, a fresh server per (contender, N). Capacity
 * (closed loop), latency (fixed offered load) and the low-rate latency point share the server
 * and its sockets, in that order: the low-rate runs come last, on a warm server whose earlier
 * backlog has drained.
 */
export async function runFanout(
  plan: Plan,
  driver: DriverHandle,
  ticksPerSecond: number,
  which: { capacity: boolean; latency: boolean },
): Promise<FanoutResults> {
  const results: FanoutResults = {
    capacity: {},
    latency: {},
    ...(which.latency ? { lowRateLatency: {} } : {}),
  };
  const lowRate = plan.latency.lowRate;
  const sizes = [
    ...new Set([
      ...(which.capacity ? plan.fanout.subscribers : []),
      ...(which.latency ? [...plan.latency.subscribers, lowRate.subscribers] : []),
    ]),
  ].sort((a, b) => a - b);

  for (const contender of plan.contenders) {
    const capacityByCount: Record<number, Outcome<CapacityResult>> = {};
    const latencyByCount: Record<number, Outcome<LatencyResult>> = {};
    const lowRateByCount: Record<number, Outcome<LatencyResult>> = {};
    if (which.capacity) results.capacity[contender] = capacityByCount;
    if (which.latency) results.latency[contender] = latencyByCount;
    if (results.lowRateLatency) results.lowRateLatency[contender] = lowRateByCount;
    for (const sockets of sizes) {
      const label = `${CONTENDER_TITLES[contender]}, ${sockets} subscribers`;
      progress(`fan-out: ${label}`);
      const doCapacity = which.capacity && plan.fanout.subscribers.includes(sockets);
      const doLatency = which.latency && plan.latency.subscribers.includes(sockets);
      const doLowRate = which.latency && sockets === lowRate.subscribers;
      const capacityRuns: CapacityResult[] = [];
      const latencyRuns: LatencyResult[] = [];
      const lowRateRuns: LatencyResult[] = [];
      const error = await attempt(label, async () => {
        const server = await startContender(contender, plan);
        try {
          const target = await server.prepareFanout(sockets, plan.fanout.blockingShare);
          const connected = await driver.request(
            'connect',
            { subscribe: target.subscribe, sockets },
            RUN_TIMEOUT_MS,
          );
          const warm = await driver.request(
            'warmUp',
            { publish: target.publish, timeoutMs: 60_000 },
            RUN_TIMEOUT_MS,
          );
          progress(
            `  ${sockets} sockets in ${(connected.elapsedMs / 1000).toFixed(1)} s, live after ${warm.messages} warm-up messages`,
          );
          const probe = serverProbe(server.process, ticksPerSecond, plan.noise.quietMaxWaitMs);
          const capacityParams = {
            publish: target.publish,
            window: plan.fanout.window,
            server: probe,
            stallTimeoutMs: STALL_TIMEOUT_MS,
          };
          if (doCapacity) {
            await driver.request(
              'capacity',
              { ...capacityParams, durationMs: plan.fanout.warmUpMs },
              RUN_TIMEOUT_MS,
            );
            await measureRuns(
              plan,
              capacityRuns,
              () =>
                driver.request(
                  'capacity',
                  { ...capacityParams, durationMs: plan.fanout.durationMs },
                  RUN_TIMEOUT_MS,
                ),
              (result) =>
                `capacity: ${Math.round(result.deliveriesPerSecond)} deliveries/s, ${result.serverMicrosPerDelivery.toFixed(1)} µs/delivery, missing ${result.missing}, duplicates ${result.duplicates}, driver ${Math.round(result.driverCpuPercent)}% CPU`,
            );
          }
          const measureLatency = (runs: LatencyResult[], deliveriesPerSecond: number) =>
            measureRuns(
              plan,
              runs,
              () =>
                driver.request(
                  'latency',
                  {
                    publish: target.publish,
                    ratePerSecond: deliveriesPerSecond / sockets,
                    durationMs: plan.latency.durationMs,
                    overloadAgeMs: OVERLOAD_AGE_MS,
                    stallTimeoutMs: STALL_TIMEOUT_MS,
                    maxDrainMs: MAX_DRAIN_MS,
                    server: probe,
                  },
                  RUN_TIMEOUT_MS,
                ),
              (result) =>
                `latency at ${deliveriesPerSecond} deliveries/s: p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, max ${result.latency.max.toFixed(1)} ms, missing ${result.missing}${result.overloaded ? ', OVERLOADED' : ''}`,
            );
          if (doLatency) await measureLatency(latencyRuns, plan.latency.deliveriesPerSecond);
          if (doLowRate) await measureLatency(lowRateRuns, lowRate.deliveriesPerSecond);
          await driver.request('disconnect', {}, RUN_TIMEOUT_MS);
        } finally {
          await server.stop();
        }
      });
      if (doCapacity) capacityByCount[sockets] = outcome(capacityRuns, error);
      if (doLatency) latencyByCount[sockets] = outcome(latencyRuns, error);
      if (doLowRate) lowRateByCount[sockets] = outcome(lowRateRuns, error);
      if (error) await driver.request('disconnect', {}, RUN_TIMEOUT_MS).catch(() => {});
    }
  }
  return results;
}
