/**
 * Charla's benchmark harness (issue 8): `npm run bench -- [--quick] [--scenario …]
 * [--contender …]`. Starts each contender as its own process on core 0, drives it from a load
 * driver on core 1, prints the tables and the targets, and writes bench/results/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkoutCharla } from './charla-checkout.js';
import { DriverHandle } from './driver/driver-handle.js';
import { type Plan, parsePlan } from './plan.js';
import { clockTicksPerSecond, openFileLimits } from './proc-stats.js';
import { canPin, installCleanup, pinSelf, REPO_ROOT } from './processes.js';
import { type Results, renderReport, verdicts } from './report.js';
import { runFanout } from './scenarios/fanout.js';
import { runHistory } from './scenarios/history.js';
import { runIdle } from './scenarios/idle.js';
import { progress } from './scenarios/outcome.js';
import { runPosting } from './scenarios/posting.js';

/** Sockets the driver and each server hold beyond the subscribers (HTTP, files, spares). */
const SPARE_FILES = 512;

function packageVersion(name: string): string {
  const file = join(REPO_ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function machine(plan: Plan, checkedOutCommit: string | undefined) {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    pinned: canPin,
    /** The machine is shared: what else was running when the benchmark started. */
    loadAverageAtStart: loadavg().map((load) => Number(load.toFixed(2))),
    openFiles: openFileLimits(),
    packages: Object.fromEntries(
      ['ws', 'graphql', 'graphql-ws', 'graphql-yoga', 'autocannon', 'better-sqlite3'].map(
        (name) => [name, packageVersion(name)],
      ),
    ),
    charla: checkedOutCommit
      ? { dir: plan.charlaDir, commit: checkedOutCommit.slice(0, 7), uncommittedSrc: false }
      : {
          dir: plan.charlaDir,
          commit: git(['rev-parse', '--short', 'HEAD'], plan.charlaDir),
          // Uncommitted changes under src/ mean the numbers are for work in progress.
          uncommittedSrc:
            (git(['status', '--porcelain', '--', 'src'], plan.charlaDir) ?? '') !== '',
        },
  };
}

/** Refuses to start when the driver could not hold the sockets the plan needs. */
function checkOpenFiles(plan: Plan): void {
  const largest = Math.max(
    plan.scenarios.includes('fanout') ? Math.max(...plan.fanout.subscribers) : 0,
    plan.scenarios.includes('latency')
      ? Math.max(...plan.latency.subscribers, plan.latency.lowRate.subscribers)
      : 0,
    plan.scenarios.includes('idle') ? plan.idle.connections : 0,
  );
  const { hard } = openFileLimits();
  if (largest + SPARE_FILES > hard) {
    throw new Error(
      `${largest} sockets need about ${largest + SPARE_FILES} open files, but the hard limit is ${hard}: raise it (ulimit -Hn) or use --quick`,
    );
  }
}

function resultsPath(plan: Plan): string {
  const date = new Date().toISOString().slice(0, 10);
  const name = `${plan.quick ? 'quick-' : ''}${plan.partial ? 'partial-' : ''}${date}.json`;
  return join(REPO_ROOT, 'bench', 'results', name);
}

async function main(): Promise<void> {
  installCleanup();
  pinSelf();
  const plan = parsePlan(process.argv.slice(2));
  const limit = setTimeout(() => {
    console.error(
      `time limit of ${plan.timeLimitMs / 60_000} minutes reached: stopping everything`,
    );
    process.exit(3);
  }, plan.timeLimitMs);
  limit.unref();
  checkOpenFiles(plan);
  if (!canPin) progress('taskset or a second core is missing: server and driver are not pinned');

  const started = performance.now();
  const checkout = plan.charlaRef ? checkoutCharla(plan.charlaRef) : undefined;
  if (checkout) {
    plan.charlaDir = checkout.dir;
    progress(
      `Charla at ${checkout.commit.slice(0, 7)} (${plan.charlaRef}) copied to ${checkout.dir}`,
    );
  }
  const machineInfo = machine(plan, checkout?.commit);
  const ticksPerSecond = clockTicksPerSecond();
  const driver = DriverHandle.start();
  const results: Results = { failures: {} };
  const guard = async (scenario: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      progress(`${scenario} failed: ${text}`);
      results.failures[scenario] = text.slice(0, 2_000);
    }
  };

  const capacity = plan.scenarios.includes('fanout');
  const latency = plan.scenarios.includes('latency');
  if (capacity || latency) {
    await guard('fan-out', async () => {
      results.fanout = await runFanout(plan, driver, ticksPerSecond, { capacity, latency });
    });
  }
  const hasCharla = plan.contenders.some((c) => c === 'C' || c === 'C-redis');
  if (plan.scenarios.includes('posting') && plan.contenders.some((c) => c !== 'A')) {
    await guard('posting', async () => {
      results.posting = await runPosting(plan, driver, ticksPerSecond);
    });
  }
  if (plan.scenarios.includes('history') && hasCharla) {
    await guard('history', async () => {
      results.history = await runHistory(plan, driver, ticksPerSecond);
    });
  }
  if (plan.scenarios.includes('idle')) {
    await guard('idle', async () => {
      results.idle = await runIdle(plan, driver);
    });
  }
  await driver.stop();

  const verdictList = verdicts(plan, results);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const { cpus: cores, memoryGiB, node, loadAverageAtStart, charla } = machineInfo;
  console.log(
    `\nMachine: ${cores} cores, ${memoryGiB} GiB, Node ${node}, load average at start ${loadAverageAtStart.join(' ')}; Charla ${charla.commit ?? '?'}${charla.uncommittedSrc ? ' with uncommitted changes under src/' : ''}`,
  );
  console.log(`\n${renderReport(plan, results, verdictList)}\n`);
  const file = resultsPath(plan);
  mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
  const record = {
    date: new Date().toISOString(),
    elapsedSeconds,
    plan,
    machine: machineInfo,
    results,
    verdicts: verdictList,
  };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`Took ${(elapsedSeconds / 60).toFixed(1)} minutes; results in ${file}`);
  clearTimeout(limit);
}

await main();
process.exit(0);
