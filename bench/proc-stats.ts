import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Server-side measurements read from /proc, so that nothing the load driver does (or fails to
 * do) changes them. Linux only, which is where the benchmark runs.
 */

/** Clock ticks per second of utime/stime in /proc/<pid>/stat (`getconf CLK_TCK`, usually 100). */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/**
 * A server whose CPU time the driver samples: its pid, the unit of its counters, and the cores
 * the server and the driver are pinned to (null when unpinned).
 */
export type CpuProbe = {
  pid: number;
  ticksPerSecond: number;
  cores: { server: number; driver: number } | null;
  /** How long a run may wait for other processes to leave these cores (see waitForQuiet). */
  quietMaxWaitMs: number;
};

/** User + system CPU time of every thread of `pid` so far, in microseconds. */
export function cpuMicros(pid: number, ticksPerSecond: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1e6) / ticksPerSecond;
}

/** Time each core spent running processes (user + nice + system), in microseconds. */
function coresBusyMicros(ticksPerSecond: number): Map<number, number> {
  const busy = new Map<number, number>();
  for (const row of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (\d+) (\d+) (\d+)/.exec(row);
    if (!match) continue;
    const ticks = Number(match[2]) + Number(match[3]) + Number(match[4]);
    busy.set(Number(match[1]), (ticks * 1e6) / ticksPerSecond);
  }
  return busy;
}

export type ServerSample = {
  /** CPU the server used, in microseconds. */
  serverMicros: number;
  /**
   * Share of the interval other processes ran on the server's core and on the driver's, in
   * percent (null when unpinned). The machine may be shared: a busy neighbour slows the server
   * or the driver (rates, latencies) and, through shared caches, CPU per operation too.
   */
  otherOnServerCorePercent: number | null;
  otherOnDriverCorePercent: number | null;
};

/**
 * Starts measuring the server over an interval; call the result at its end. Run in the driver:
 * the driver and its parent (the harness, on the same core) are not counted as "other".
 */
export function sampleServer(probe: CpuProbe): (elapsedMs: number) => ServerSample {
  const { pid, ticksPerSecond, cores } = probe;
  const ours = () => {
    const usage = process.cpuUsage();
    return usage.user + usage.system + cpuMicros(process.ppid, ticksPerSecond);
  };
  const serverBefore = cpuMicros(pid, ticksPerSecond);
  const oursBefore = ours();
  const coresBefore = coresBusyMicros(ticksPerSecond);
  return (elapsedMs) => {
    const serverMicros = cpuMicros(pid, ticksPerSecond) - serverBefore;
    if (cores === null) {
      return { serverMicros, otherOnServerCorePercent: null, otherOnDriverCorePercent: null };
    }
    const busy = coresBusyMicros(ticksPerSecond);
    const used = (core: number) => (busy.get(core) ?? 0) - (coresBefore.get(core) ?? 0);
    const share = (micros: number) => (Math.max(0, micros) / (elapsedMs * 1000)) * 100;
    return {
      serverMicros,
      otherOnServerCorePercent: share(used(cores.server) - serverMicros),
      otherOnDriverCorePercent: share(used(cores.driver) - (ours() - oursBefore)),
    };
  };
}

/** Other processes may use this share of either core (percent) before a run starts. */
const QUIET_PERCENT = 10;
const QUIET_SAMPLE_MS = 250;

/**
 * On a shared machine, waits (at most `probe.quietMaxWaitMs`) until other processes leave the
 * server's and the driver's cores alone before a measured run; measuring starts anyway after
 * that, and the run reports what it shared. Resolves with the time waited, in ms.
 */
export async function waitForQuiet(probe: CpuProbe): Promise<number> {
  if (probe.cores === null) return 0;
  const started = Date.now();
  while (Date.now() - started < probe.quietMaxWaitMs) {
    const sample = sampleServer(probe);
    await sleep(QUIET_SAMPLE_MS);
    const { otherOnServerCorePercent, otherOnDriverCorePercent } = sample(QUIET_SAMPLE_MS);
    if (
      (otherOnServerCorePercent ?? 0) < QUIET_PERCENT &&
      (otherOnDriverCorePercent ?? 0) < QUIET_PERCENT
    ) {
      break;
    }
  }
  return Date.now() - started;
}

/** Resident set size of `pid`, in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** A server's memory after a full garbage collection (see contenders/memory-probe.mjs). */
export type CollectedMemory = { rssBytes: number; heapUsedBytes: number };

/**
 * Asks a benchmarked server to collect garbage, then reads its RSS and the heap it reports.
 * Fails when the server does not answer within `timeoutMs` (it was not started with the probe).
 */
export async function collectedMemory(pid: number, timeoutMs = 10_000): Promise<CollectedMemory> {
  const file = join(tmpdir(), `bench-memory-${pid}.json`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} did not report its memory`);
    await sleep(50);
  }
  await sleep(50); // the write is small; let it finish
  const usage = JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number };
  rmSync(file, { force: true });
  return { rssBytes: rssBytes(pid), heapUsedBytes: usage.heapUsed };
}

/** The soft and hard limits on open files of this process. */
export function openFileLimits(): { soft: number; hard: number } {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  const parse = (value: string | undefined) =>
    value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value);
  return { soft: parse(match?.[1]), hard: parse(match?.[2]) };
}
