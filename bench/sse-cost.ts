/**
 * What one idle subscription costs the server over SSE, against graphql-ws: the server runs in
 * a child process (`--expose-gc`), this process opens N `directMessages` subscriptions of each
 * kind and asks the server for its memory after a full GC, before and after.
 *
 *   npx tsx bench/sse-cost.ts [connections=1000]
 *
 * Prints V8 heap, RSS and external memory per connection for each transport, each measured on a
 * fresh server. With SNAPSHOT_DIR set, the server also writes a heap snapshot before and after
 * (for bench/heap-breakdown.ts).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import WebSocket from 'ws';

type Memory = NodeJS.MemoryUsage;

if (process.argv.includes('--serve')) {
  await serve();
} else {
  await measure(Number(process.argv[2] ?? 1000));
}

/** The child: Charla on a free port, answering `measure` with its memory after a full GC. */
async function serve() {
  const { createApp } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'charla-sse-cost-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${dir}/charla.db`,
    LOG_LEVEL: 'silent',
    REGISTRATIONS_PER_HOUR: '100000',
    MAX_SSE_STREAMS_PER_USER: '1000000',
    MAX_CONNECTIONS: '1000000',
    MAX_CONNECTIONS_PER_ADDRESS: '1000000',
  });
  const app = createApp(config);
  const running = await app.start();
  process.on('message', async (message) => {
    if (typeof message === 'string' && message.startsWith('measure')) {
      for (let i = 0; i < 4; i++) globalThis.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // `measure:<dir>` also writes a heap snapshot there, for bench/heap-breakdown.ts.
      const snapshotDir = message.slice('measure:'.length);
      if (snapshotDir) writeHeapSnapshot(path.join(snapshotDir, `${Date.now()}.heapsnapshot`));
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      const active = /^charla_subscriptions_active (\d+)/m.exec(metrics)?.[1];
      process.send?.({ memory: process.memoryUsage(), subscriptions: Number(active) });
    }
    if (message === 'stop') {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send?.({ url: running.url });
}

type Transport = 'SSE' | 'graphql-ws';

async function measure(connections: number) {
  console.log(`${connections} idle directMessages subscriptions, per connection, after a full GC:`);
  for (const transport of ['SSE', 'graphql-ws'] as const) {
    const { before, after } = await measureOne(transport, connections);
    const per = (key: keyof Memory) =>
      `${((after[key] - before[key]) / connections / 1024).toFixed(1)} KiB`;
    console.log(
      `  ${transport.padEnd(10)} heap ${per('heapUsed')}, external ${per('external')}, RSS ${per('rss')}`,
    );
  }
}

/** Opens `connections` subscriptions over one transport on a fresh server. */
async function measureOne(transport: Transport, connections: number) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
  });
  const next = <T>() =>
    new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)));
  const { url } = await next<{ url: string }>();
  /** The server's memory once `expected` subscriptions run (it reports them on /metrics). */
  const memory = async (expected: number) => {
    for (let attempt = 0; ; attempt++) {
      child.send(process.env.SNAPSHOT_DIR ? `measure:${process.env.SNAPSHOT_DIR}` : 'measure');
      const { memory, subscriptions } = await next<{ memory: Memory; subscriptions: number }>();
      if (subscriptions === expected) return memory;
      if (attempt === 20) {
        child.kill();
        throw new Error(`${subscriptions} subscriptions run, not ${expected}`);
      }
    }
  };
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation { register(nickname: "cost_meter", password: "a long passphrase") { token } }',
    }),
  });
  const token = ((await response.json()) as { data: { register: { token: string } } }).data.register
    .token;
  const subscription = 'subscription { directMessages { id body } }';

  const before = await memory(0);
  const release: (() => void)[] = [];
  for (let i = 0; i < connections; i++) {
    if (transport === 'SSE') {
      // One request per subscription, each on a connection of its own (fetch's default agent
      // opens as many as needed).
      const controller = new AbortController();
      const stream = await fetch(`${url}/graphql`, {
        method: 'POST',
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: subscription }),
      });
      if (stream.status !== 200) throw new Error(`SSE answered ${stream.status}`);
      // Held until the end: fetch cancels the body of a response that is garbage-collected.
      release.push(() => {
        controller.abort();
        void stream.body?.cancel().catch(() => {});
      });
    } else {
      const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
      );
      await new Promise((resolve) => socket.once('message', resolve));
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: subscription } }));
      release.push(() => socket.terminate());
    }
  }
  const after = await memory(connections);
  for (const close of release) close();
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  return { before, after };
}
