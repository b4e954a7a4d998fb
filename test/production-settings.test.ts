import { getIntrospectionQuery } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADERS } from '../src/server/csrf.js';
import { RoomByNameDocument } from './generated/graphql.js';
import { execute } from './support/graphql-ws.js';
import { useTestServer } from './support/server.js';

describe('with INTROSPECTION=false and GRAPHIQL=false', () => {
  const server = useTestServer({ env: { INTROSPECTION: 'false', GRAPHIQL: 'false' } });

  it('refuses introspection on HTTP, SSE and graphql-ws', async () => {
    const query = '{ __schema { queryType { name } } }';
    const http = await server.request(query);
    expect(http.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    await expect(execute(server.wsClient(), query)).rejects.toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining('introspection') }),
      ]),
    );

    const sse = createSseClient({ url: `${server.url}/graphql`, retryAttempts: 0 });
    try {
      const results = [];
      for await (const result of sse.iterate({ query })) results.push(result);
      expect(results[0]?.errors?.[0]?.message).toMatch(/introspection/i);
    } catch (error) {
      expect(String(error)).toMatch(/introspection/i);
    } finally {
      sse.dispose();
    }
  });

  it('hides field suggestions on every transport', async () => {
    const http = await server.request('{ rom { id } }');
    expect(http.errors?.[0]?.message).not.toContain('Did you mean');
    await expect(execute(server.wsClient(), '{ rom { id } }')).rejects.toMatchObject([
      expect.objectContaining({ message: expect.not.stringContaining('Did you mean') }),
    ]);
  });

  it('serves no GraphiQL page, and still answers queries', async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('<title>Charla</title>');
    expect((await server.request(RoomByNameDocument, { name: 'general' })).data?.room?.name).toBe(
      'general',
    );
  });
});

describe('by default', () => {
  const server = useTestServer();

  it('answers GraphiQL’s introspection and suggests field names', async () => {
    const introspection = await server.request(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    const typo = await server.request('{ rom { id } }');
    expect(typo.errors?.[0]?.message).toContain('Did you mean');
  });
});

describe('CSRF prevention', () => {
  const server = useTestServer();

  it('refuses a form-like POST without a CSRF header, and accepts it with one', async () => {
    const body = JSON.stringify({ query: 'mutation { logout }' });
    const simple = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(simple.status).toBe(403);
    const withHeader = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', [CSRF_HEADERS[0] as string]: '1' },
      body,
    });
    expect(withHeader.status).not.toBe(403);
  });

  it('lets JSON posts (GraphiQL, every client) and GET queries through', async () => {
    expect((await server.request('{ __typename }')).data).toEqual({ __typename: 'Query' });
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(get.status).toBe(200);
  });
});
