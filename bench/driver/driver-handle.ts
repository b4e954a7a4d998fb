import { fileURLToPath } from 'node:url';
import { type ManagedProcess, spawnPinned } from '../processes.js';
import type { CommandName, DriverCommands, DriverReply, DriverRequest } from './protocol.js';

const DRIVER_ENTRY = fileURLToPath(new URL('./load-driver.ts', import.meta.url));

/** The harness's side of the load driver: starts it on the driver core, sends typed commands. */
export class DriverHandle {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  private constructor(readonly managed: ManagedProcess) {
    managed.child.on('message', (message: DriverReply) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new Error(`driver: ${message.error}`));
    });
    void managed.exited.then(() => {
      for (const waiting of this.pending.values()) {
        waiting.reject(new Error(`the load driver exited:\n${managed.output()}`));
      }
      this.pending.clear();
    });
  }

  static start(): DriverHandle {
    return new DriverHandle(
      spawnPinned('load-driver', 'driver', [process.execPath, '--import', 'tsx', DRIVER_ENTRY], {
        ipc: true,
      }),
    );
  }

  /** Sends one command; rejects if it does not answer within `timeoutMs`. */
  request<K extends CommandName>(
    command: K,
    params: DriverCommands[K]['params'],
    timeoutMs: number,
  ): Promise<DriverCommands[K]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`driver: ${command} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as DriverCommands[K]['result']);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.managed.child.send({ id, command, params } as DriverRequest);
    });
  }

  async stop(): Promise<void> {
    this.managed.child.disconnect();
    await this.managed.stop(2_000);
  }
}
