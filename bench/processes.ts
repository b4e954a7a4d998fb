import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { CpuProbe } from './proc-stats.js';

/** The repository root: where `--import tsx` resolves from. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Child processes of the benchmark: pinned to their own core, given the highest open-file
 * limit allowed, and killed when the harness exits for any reason (no orphan servers).
 */

/** Server on core 0, driver on core 1: neither steals CPU from the other. */
const CORES = { server: '0', driver: '1' } as const;
export type Role = keyof typeof CORES;

/** Whether processes can be pinned: `taskset` exists and there are two cores to pin to. */
export const canPin =
  spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0 &&
  (spawnSync('nproc', [], { encoding: 'utf8' }).stdout?.trim() ?? '1') !== '1';

export type ManagedProcess = {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last 64 KiB the process printed, for error messages. */
  output(): string;
  exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
};

const live = new Set<ManagedProcess>();
const temporaryDirs = new Set<string>();

function killAll(): void {
  for (const managed of live) {
    try {
      process.kill(managed.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
  temporaryDirs.clear();
}

/** A new folder under the system's temporary one, removed by `remove()` or at exit at the latest. */
export function temporaryDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.add(path);
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
      temporaryDirs.delete(path);
    },
  };
}

let cleanupInstalled = false;
/**
 * Kills every child and removes every temporary folder on exit, on SIGINT/SIGTERM/SIGHUP and
 * on an uncaught error.
 */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping every benchmark process`);
      killAll();
      process.exit(130);
    });
  }
  const fail = (error: unknown) => {
    console.error(error);
    killAll();
    process.exit(1);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

/** How the driver samples a server started by spawnPinned(…, 'server', …). */
export function serverProbe(
  server: ManagedProcess,
  ticksPerSecond: number,
  quietMaxWaitMs: number,
): CpuProbe {
  const cores = canPin ? { server: Number(CORES.server), driver: Number(CORES.driver) } : null;
  return { pid: server.pid, ticksPerSecond, cores, quietMaxWaitMs };
}

/** Pins the harness itself next to the driver, away from the server's core. */
export function pinSelf(): void {
  if (canPin) spawnSync('taskset', ['-pc', CORES.driver, String(process.pid)], { stdio: 'ignore' });
}

/**
 * Starts `command` through bash, which raises the soft open-file limit to the hard one and
 * `exec`s `taskset` and then the command, so the pid we hold is the program's own (its /proc
 * counters are the program's, and an IPC channel on fd 3 survives).
 */
export function spawnPinned(
  name: string,
  role: Role,
  command: string[],
  options: { env?: Record<string, string>; cwd?: string; ipc?: boolean } = {},
): ManagedProcess {
  const pin = canPin ? `exec taskset -c ${CORES[role]} "$@"` : 'exec "$@"';
  const script = `ulimit -n "$(ulimit -Hn)" 2>/dev/null; ${pin}`;
  const child = spawn('bash', ['-c', script, name, ...command], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const managed: ManagedProcess = {
    name,
    pid: child.pid,
    child,
    output: () => output,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      live.delete(managed);
    },
  };
  live.add(managed);
  void exited.then(() => live.delete(managed));
  return managed;
}

/** Polls `GET url` until it answers 200; fails early if `managed` exits. */
export async function waitUntilReady(
  url: string,
  managed: ManagedProcess,
  timeoutMs = 60_000,
): Promise<void> {
  let gone = false;
  void managed.exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${managed.name} exited before it was ready:\n${managed.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${managed.name} was not ready within ${timeoutMs} ms:\n${managed.output()}`);
}
