import { setTimeout as sleep } from 'node:timers/promises';
import { CONTENDER_TITLES, type ContenderName, startContender } from '../contenders/contenders.js';
import type { DriverHandle } from '../driver/driver-handle.js';
import type { Plan } from '../plan.js';
import { collectedMemory } from '../proc-stats.js';
import { attempt, type Outcome, outcome, progress } from './outcome.js';

export type IdleRun = {
  connections: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  bytesPerConnection: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  heapBytesPerConnection: number;
};

export type IdleResults = Partial<Record<ContenderName, Outcome<IdleRun>>>;

const RUN_TIMEOUT_MS = 300_000;
/** Time for the server to settle before each RSS sample (timers, lazy allocations). */
const SETTLE_MS = 2_000;

/**
 * Scenario 5: what an idle subscribed connection costs the server. A fresh server per run;
 * RSS and V8 heap after set-up, then after N sockets each hold one live subscription (each has
 * received one warm-up message, which proves it live). Both samples follow a full garbage
 * collection in the server (contenders/memory-probe.mjs): what the connections retain.
 */
export async function runIdle(plan: Plan, driver: DriverHandle): Promise<IdleResults> {
  const results: IdleResults = {};
  const connections = plan.idle.connections;
  for (const contender of plan.contenders) {
    const runs: IdleRun[] = [];
    const error = await attempt(`${contender} idle`, async () => {
      for (let run = 0; run < plan.runs; run++) {
        progress(`idle: ${CONTENDER_TITLES[contender]}, ${connections} connections`);
        const server = await startContender(contender, plan);
        try {
          const target = await server.prepareFanout(connections);
          await sleep(SETTLE_MS);
          const before = await collectedMemory(server.process.pid);
          await driver.request(
            'connect',
            { subscribe: target.subscribe, sockets: connections },
            RUN_TIMEOUT_MS,
          );
          await driver.request(
            'warmUp',
            { publish: target.publish, timeoutMs: 60_000 },
            RUN_TIMEOUT_MS,
          );
          await sleep(SETTLE_MS);
          const after = await collectedMemory(server.process.pid);
          await driver.request('disconnect', {}, RUN_TIMEOUT_MS);
          const bytesPerConnection = (after.rssBytes - before.rssBytes) / connections;
          const heapBytesPerConnection = (after.heapUsedBytes - before.heapUsedBytes) / connections;
          progress(
            `  ${(bytesPerConnection / 1024).toFixed(1)} KiB RSS, ${(heapBytesPerConnection / 1024).toFixed(1)} KiB heap per connection`,
          );
          runs.push({
            connections,
            rssBeforeBytes: before.rssBytes,
            rssAfterBytes: after.rssBytes,
            bytesPerConnection,
            heapBeforeBytes: before.heapUsedBytes,
            heapAfterBytes: after.heapUsedBytes,
            heapBytesPerConnection,
          });
        } finally {
          await server.stop();
        }
      }
    });
    if (error) await driver.request('disconnect', {}, RUN_TIMEOUT_MS).catch(() => {});
    results[contender] = outcome(runs, error);
  }
  return results;
}
