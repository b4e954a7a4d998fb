import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sampleServer, waitForQuiet } from '../proc-stats.js';
import { SampleBuffer } from '../statistics.js';
import type { DriverCommands, HistoryRoom, HttpLoadResult, PageChoice } from './protocol.js';

type Params<K extends keyof DriverCommands> = DriverCommands[K]['params'];

const REQUEST_TIMEOUT_SECONDS = 10;

function driverCpuPercent(since: NodeJS.CpuUsage, elapsedMs: number): number {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1000 / elapsedMs) * 100;
}

/**
 * postMessage over HTTP with autocannon. Latencies come from autocannon's per-response event
 * (fractional ms) rather than its histogram, which rounds to whole milliseconds.
 */
export async function posting({
  url,
  headers,
  body,
  connections,
  durationMs,
  server,
}: Params<'posting'>): Promise<HttpLoadResult> {
  const latencies = new SampleBuffer(1 << 16);
  const waitedForQuietMs = await waitForQuiet(server);
  const serverSample = sampleServer(server);
  const driverBefore = process.cpuUsage();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        connections,
        duration: durationMs / 1000,
        timeout: REQUEST_TIMEOUT_SECONDS,
        // A 200 carrying GraphQL errors is a failed post, not a fast one.
        verifyBody: (body) => {
          const text = String(body);
          return !text.includes('"errors"') && text.includes('"postMessage"');
        },
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsedMs = performance.now() - started;
        const requests = result['2xx'] + result.non2xx;
        const { serverMicros, ...interference } = serverSample(elapsedMs);
        resolve({
          requests,
          requestsPerSecond: (requests / elapsedMs) * 1000,
          latency: latencies.summary(),
          errors: result.errors,
          non2xx: result.non2xx,
          badAnswers: result.mismatches,
          serverMicrosPerRequest: serverMicros / Math.max(1, requests),
          ...interference,
          waitedForQuietMs,
          driverCpuPercent: driverCpuPercent(driverBefore, elapsedMs),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
}

/** mulberry32: a small seeded PRNG, so a page load asks for the same pages every time. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function streamCursor(streamId: number, position: number): string {
  return Buffer.from(JSON.stringify(['p', streamId, position])).toString('base64url');
}

/** The variables of the next page request. */
function pagePicker(rooms: HistoryRoom[], choice: PageChoice, pageSize: number, seed: number) {
  const random = seededRandom(seed);
  const hot = rooms[0];
  if (!hot) throw new Error('no rooms to read');
  return (): { room: string; after: string | null; first: number } => {
    if (choice === 'first') return { room: hot.roomId, after: null, first: pageSize };
    if (choice === 'last') {
      const after = streamCursor(hot.streamId, hot.messages - pageSize);
      return { room: hot.roomId, after, first: pageSize };
    }
    const room = rooms[Math.floor(random() * rooms.length)] as HistoryRoom;
    const position = Math.floor(random() * (room.messages - pageSize + 1));
    return { room: room.roomId, after: streamCursor(room.streamId, position), first: pageSize };
  };
}

type PageAnswer = { data?: { room?: { messages?: { edges?: unknown[] } } }; errors?: unknown };

/**
 * History pages: `concurrency` closed loops (each sends its next request when the previous
 * answered) for `durationMs`; each answer must be a full page.
 */
export async function pages(params: Params<'pages'>): Promise<HttpLoadResult> {
  const { url, headers, query, rooms, choice, pageSize, concurrency, durationMs, server } = params;
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const nextVariables = pagePicker(rooms, choice, pageSize, params.seed);
  const latencies = new SampleBuffer(1 << 16);
  let errors = 0;
  let non2xx = 0;
  let badAnswers = 0;

  const once = (payload: string) =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const outgoing = request(
        {
          agent,
          method: 'POST',
          hostname: target.hostname,
          port: target.port,
          path: target.pathname,
          localAddress: '127.0.0.1',
          timeout: REQUEST_TIMEOUT_SECONDS * 1000,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...headers,
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            latencies.push(performance.now() - sent);
            if (response.statusCode !== 200) non2xx++;
            else {
              const answer = JSON.parse(text) as PageAnswer;
              const edges = answer.data?.room?.messages?.edges;
              if (answer.errors || edges?.length !== pageSize) badAnswers++;
            }
            resolve();
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', () => {
        errors++;
        resolve();
      });
      outgoing.end(payload);
    });

  const waitedForQuietMs = await waitForQuiet(server);
  const serverSample = sampleServer(server);
  const driverBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      await once(JSON.stringify({ query, variables: nextVariables() }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedMs = performance.now() - started;
  const { serverMicros, ...interference } = serverSample(elapsedMs);
  agent.destroy();
  const requests = latencies.length;
  return {
    requests,
    requestsPerSecond: (requests / elapsedMs) * 1000,
    latency: latencies.summary(),
    errors,
    non2xx,
    badAnswers,
    serverMicrosPerRequest: serverMicros / Math.max(1, requests),
    ...interference,
    waitedForQuietMs,
    driverCpuPercent: driverCpuPercent(driverBefore, elapsedMs),
  };
}
