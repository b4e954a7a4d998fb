import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS } from '../src/server/document-limits.js';
import { execute } from './support/graphql-ws.js';
import { useTestServer } from './support/server.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, in bytes. */
function settledHeap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * A distinct document near the limits: about 19,900 characters and 1,990 tokens (a list of
 * integers, so that validation stops at one error). Parsed, it takes about 0.6 MB of heap.
 */
function largeDocument(n: number): string {
  const values = Array.from({ length: 1_985 }, (_, k) => String(100_000_000 + k));
  return `query Q${n} { __typename(x: [${values.join(' ')}]) }`;
}

const CACHE_BYTES = 2 * 1024 * 1024;

describe('the parsed-document cache, bounded by bytes', () => {
  const server = useTestServer({ env: { DOCUMENT_CACHE_MAX_BYTES: String(CACHE_BYTES) } });

  it('keeps the heap bounded after 50 distinct large documents sent signed out', async () => {
    const sample = largeDocument(0);
    expect(sample.length).toBeLessThanOrEqual(DOCUMENT_LIMITS.maxLength);
    await server.request(sample); // warm up: the first request compiles code paths
    const before = settledHeap();
    for (let n = 1; n <= 50; n += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => server.request(largeDocument(n + i))));
    }
    const grown = settledHeap() - before;
    // Unbounded by bytes, the 50 documents stay cached: about 30 MB.
    if (process.env.CHARLA_REPORT_HEAP) console.log(`heap grown by ${grown} bytes`);
    expect(grown).toBeLessThan(12 * 1024 * 1024);
  });

  it('still serves a document from the cache once parsed', async () => {
    const query = 'query Cached { __typename }';
    expect(await server.request(query)).toEqual({ data: { __typename: 'Query' } });
    expect(await server.request(query)).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses an oversized document before parsing it, on GET, POST, SSE and graphql-ws', async () => {
    // Broken from its first character: a parser would report the syntax, not the length.
    const oversized = `{{{ ${'x'.repeat(DOCUMENT_LIMITS.maxLength)}`;
    const expectRefusedForLength = (
      errors: readonly { message: string; extensions?: object }[],
    ) => {
      expect(errors.map((e) => e.extensions)).toEqual([{ code: 'GRAPHQL_PARSE_FAILED' }]);
      expect(errors[0]?.message).toMatch(/longer than 20000 characters/);
    };
    expectRefusedForLength((await server.request(oversized)).errors ?? []);

    // A GET cannot even carry it: Node refuses a request line over its 16 KiB header limit.
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent(oversized)}`);
    expect(get.status).toBe(431);

    const sse = createSseClient({ url: `${server.url}/graphql`, retryAttempts: 0 });
    try {
      for await (const result of sse.iterate({ query: oversized })) {
        expectRefusedForLength(result.errors ?? []);
        break;
      }
    } catch (rejection) {
      expectRefusedForLength((rejection as { errors?: [] }).errors ?? (rejection as []));
    } finally {
      sse.dispose();
    }

    let wsErrors: readonly { message: string; extensions?: object }[] = [];
    try {
      wsErrors = (await execute(server.wsClient(), oversized)).errors ?? [];
    } catch (rejection) {
      wsErrors = rejection as typeof wsErrors;
    }
    expectRefusedForLength(wsErrors);
  });
});
