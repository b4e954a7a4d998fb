import { describe, expect, it } from 'vitest';
import { MAX_OPERATION_NAME_LABELS } from '../src/server/metrics.js';
import { useTestServer } from './support/server.js';

/** The label sets of one metric in a scrape (one line per series, `_count` of a histogram). */
function seriesOf(scrape: string, metric: string): string[] {
  return scrape.split('\n').filter((line) => line.startsWith(`${metric}{`));
}

async function scrape(baseUrl: string, token?: string): Promise<Response> {
  return fetch(`${baseUrl}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe('/metrics labels', () => {
  const server = useTestServer();

  it('never shows a URL’s query string: a password sent in a GET never appears', async () => {
    const secret = 'hunter2-correct-horse';
    const query = `mutation { login(nickname: "victim", password: "${secret}") { token } }`;
    await fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`);
    await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('query Q($password: String) { __typename }')}&variables=${encodeURIComponent(JSON.stringify({ password: secret }))}`,
    );
    const text = await (await scrape(server.url)).text();
    expect(text).toContain('graphql_yoga_http_duration');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('password');
    expect(text).toMatch(/route="\/graphql"/);
  });

  it('keeps the label set bounded under junk URLs and junk operation names', async () => {
    const before = seriesOf(
      await (await scrape(server.url)).text(),
      'graphql_yoga_http_duration_count',
    );
    for (let i = 0; i < 300; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          fetch(
            `${server.url}/graphql?query=${encodeURIComponent(`{ __typename }`)}&junk=${i + j}`,
          ),
        ),
      );
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => fetch(`${server.url}/junk/${i + j}?x=${i + j}`)),
      );
    }
    const afterJunk = seriesOf(
      await (await scrape(server.url)).text(),
      'graphql_yoga_http_duration_count',
    );
    // One new series at most per route, method, status and operation: not one per URL.
    expect(afterJunk.length - before.length).toBeLessThanOrEqual(4);

    for (let i = 0; i < MAX_OPERATION_NAME_LABELS + 50; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) =>
          server.request(`query Junk${i + j}${'x'.repeat(100)} { __typename }`),
        ),
      );
    }
    const text = await (await scrape(server.url)).text();
    const names = new Set(
      seriesOf(text, 'graphql_envelop_request_duration_count').map(
        (line) => /operationName="([^"]*)"/.exec(line)?.[1],
      ),
    );
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAME_LABELS + 1);
    expect(names).toContain('other');
    for (const name of names) expect(name?.length ?? 0).toBeLessThanOrEqual(64);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const token = 'scraper-token-0123456789';
  const server = useTestServer({ env: { METRICS_TOKEN: token } });

  it('answers 401 without the bearer token or with a wrong one, and the metrics with it', async () => {
    const anonymous = await scrape(server.url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anonymous.text()).not.toContain('charla_');
    expect((await scrape(server.url, 'scraper-token-wrong-00000')).status).toBe(401);
    const scraper = await scrape(server.url, token);
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toContain('charla_websockets_open');
  });
});

describe('/metrics on METRICS_PORT', () => {
  const server = useTestServer({ env: { METRICS_PORT: '0' } });

  it('is served on its own port only', async () => {
    expect((await scrape(server.url)).status).toBe(404);
    const port = server.running.metricsPort;
    expect(port).toBeGreaterThan(0);
    const own = await scrape(`http://127.0.0.1:${port}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('charla_websockets_open');
    expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
  });
});
