import { type ChildProcess, spawn } from 'node:child_process';
import { type Endpoint, endpointAt } from './endpoint.js';
import { GENEROUS_RATE_LIMITS } from './server.js';

/** A server in its own process: an `Endpoint` (`http://127.0.0.1:<port>`) with its handles. */
export type ServerProcess = Endpoint & {
  child: ChildProcess;
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
  return { ...endpointAt(url), child, output: () => output, exited };
}
