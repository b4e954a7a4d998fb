/**
 * The /metrics label flood of issue 14, measured: 20,000 GET requests with distinct query
 * strings (and distinct operation names), then one scrape. Prints the server's RSS growth, the
 * scrape's time and size, and how many series the HTTP histogram has.
 *
 *   npx tsx bench/metrics-labels.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnServerProcess } from '../test/support/server-process.js';

const REQUESTS = 20_000;
const CONCURRENCY = 50;

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

const dir = mkdtempSync(path.join(tmpdir(), 'charla-metrics-'));
const server = await spawnServerProcess({ DATABASE_URL: `file:${path.join(dir, 'charla.db')}` });
const pid = server.child.pid as number;
try {
  await fetch(`${server.url}/metrics`);
  const rssBefore = rssOf(pid);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < REQUESTS; i = next++) {
      const query = encodeURIComponent(`query Op${i} { __typename }`);
      await (await fetch(`${server.url}/graphql?query=${query}&junk=${i}`)).arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const started = performance.now();
  const scrape = await (await fetch(`${server.url}/metrics`)).text();
  const scrapeMs = performance.now() - started;
  console.log(
    JSON.stringify(
      {
        rssGrowthMB: Math.round((rssOf(pid) - rssBefore) / 2 ** 20),
        scrapeMs: Math.round(scrapeMs),
        scrapeKB: Math.round(Buffer.byteLength(scrape) / 1024),
        httpSeries: scrape
          .split('\n')
          .filter((l) => l.startsWith('graphql_yoga_http_duration_count{')).length,
      },
      null,
      2,
    ),
  );
} finally {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
}
