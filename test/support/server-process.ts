import { type ChildProcess, spawn } from 'node:child_process';
import { GENEROUS_RATE_LIMITS } from './server.js';

export type ServerProcess = {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` once the server logged that it listens. */
  url: string;
  /** Everything the process printed so far (JSON log lines). */
  output(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts `src/index.ts` in its own process, as `npm start` would (through tsx instead of the
 * build), and waits until it listens. For tests about signals, crashes and restarts.
 * `command` runs something else instead (e.g. `['npm', 'start']`).
 */
export async function spawnServerProcess(
  /** Added to this process's environment; `undefined` removes a variable. */
  env: Record<string, string | undefined>,
  command?: string[],
): Promise<ServerProcess> {
  const [file, ...args] = (command ?? [process.execPath, '--import', 'tsx', 'src/index.ts']) as [
    string,
    ...string[],
  ];
  const child = spawn(file, args, {
    // Info level at least: the "listening" line is how this helper knows the server is up.
    env: {
      ...process.env,
      ...GENEROUS_RATE_LIMITS,
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A command (npm) starts the server in a process of its own: it gets a process group, so
    // that if the server never comes up, everything it started is ended with it.
    detached: command !== undefined,
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (command && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
      reject(new Error(`server did not start:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on [^"]*?(http:\/\/[^/\s"]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    exited.then(() => reject(new Error(`server exited before listening:\n${output}`)));
  });
  return { child, url, output: () => output, exited };
}

/** A TCP port that was free a moment ago, so that a restarted server keeps its address. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
