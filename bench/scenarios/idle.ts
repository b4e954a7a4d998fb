import { setTimeout as sleep } from 'node:timers/promises';
import { CONTENDER_TITLES, type ContenderName, startContender } from '../contenders/contenders.js';
import type { DriverHandle } from '../driver/driver-handle.js';
import type { Plan } from '../plan.js';
import { rssBytes } from '../proc-stats.js';
import { attempt, type Outcome, outcome, progress } from './outcome.js';

export type IdleRun = {
  connections: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  bytesPerConnection: number;
};

export type IdleResults = Partial<Record<ContenderName, Outcome<IdleRun>>>;

const RUN_TIMEOUT_MS = 300_000;
/** Time for the server to settle before each RSS sample (timers, lazy allocations). */
const SETTLE_MS = 2_000;

/**
 * Scenario 5: what an idle subscribed connection costs the server. A fresh server per run;
 * RSS after set-up, then after N sockets each hold one live subscription (each has received
 * one warm-up message, which proves it live).
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
          const rssBeforeBytes = rssBytes(server.process.pid);
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
          const rssAfterBytes = rssBytes(server.process.pid);
          await driver.request('disconnect', {}, RUN_TIMEOUT_MS);
          const bytesPerConnection = (rssAfterBytes - rssBeforeBytes) / connections;
          progress(`  ${(bytesPerConnection / 1024).toFixed(1)} KiB RSS per connection`);
          runs.push({ connections, rssBeforeBytes, rssAfterBytes, bytesPerConnection });
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
