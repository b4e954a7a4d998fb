/**
 * The load driver: a process of its own (pinned to its own core by the harness) that opens
 * the sockets, publishes, and times everything; the harness sends it commands over IPC
 * (see protocol.ts). It exits when the harness goes away.
 */
import { capacity, latency, warmUp } from './fanout-runs.js';
import { pages, posting } from './http-load.js';
import type { DriverCommands, DriverReply, DriverRequest } from './protocol.js';
import { Subscribers } from './subscribers.js';

const subscribers = new Subscribers();

type Handlers = {
  [K in keyof DriverCommands]: (
    params: DriverCommands[K]['params'],
  ) => Promise<DriverCommands[K]['result']>;
};

const handlers: Handlers = {
  async connect({ subscribe, sockets }) {
    const started = performance.now();
    await subscribers.connect(subscribe, sockets);
    return { sockets: subscribers.total, elapsedMs: performance.now() - started };
  },
  warmUp: (params) => warmUp(subscribers, params),
  capacity: (params) => capacity(subscribers, params),
  latency: (params) => latency(subscribers, params),
  async disconnect() {
    return { closed: await subscribers.closeAll() };
  },
  posting,
  pages,
};

function reply(message: DriverReply): void {
  process.send?.(message);
}

process.on('message', (message: DriverRequest) => {
  const handler = handlers[message.command] as (params: unknown) => Promise<unknown>;
  handler(message.params).then(
    (result) => reply({ id: message.id, ok: true, result }),
    (error: unknown) =>
      reply({
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
