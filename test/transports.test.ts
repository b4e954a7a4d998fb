import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import { RoomByNameDocument } from './generated/graphql.js';
import { useTestServer } from './support/server.js';

const generalRoomQuery = String(RoomByNameDocument);

describe('one port, every transport', () => {
  const server = useTestServer();

  // graphiql.test.ts drives this page in Chromium, subscriptions over graphql-ws included.
  it('serves GraphiQL to a browser on GET /graphql', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<title>Charla</title>');
    expect(html).toContain('"subscriptionsProtocol":"WS"');
  });

  it('answers GraphQL over HTTP GET as well as POST', async () => {
    const params = new URLSearchParams({
      query: generalRoomQuery,
      variables: JSON.stringify({ name: 'general' }),
    });
    const response = await fetch(`${server.url}/graphql?${params}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data.room.name).toBe('general');
  });

  it('acknowledges a graphql-ws connection and runs operations over it', async () => {
    let acknowledged = false;
    const client = server.wsClient({ on: { connected: () => (acknowledged = true) } });
    const result = await client.iterate({
      query: generalRoomQuery,
      variables: { name: 'general' },
    });
    const first = await result.next();
    expect(acknowledged).toBe(true);
    expect(first.value).toMatchObject({ data: { room: { name: 'general' } } });
  });

  it('reports GraphQL errors over graphql-ws with their codes, keeping the socket open', async () => {
    const client = server.wsClient();
    const bad = client.iterate({ query: '{ rooms(first: 1000) { edges { cursor } } }' });
    const outcome = await bad.next();
    expect(outcome.value?.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
    const invalid = client.iterate({ query: '{ nope }' });
    await expect(invalid.next()).rejects.toMatchObject([
      expect.objectContaining({ message: expect.stringContaining('nope') }),
    ]);
    const good = await client.iterate({ query: '{ __typename }' }).next();
    expect(good.value).toEqual({ data: { __typename: 'Query' } });
  });

  it('streams results over SSE (GraphQL over Server-Sent Events)', async () => {
    const client = createSseClient({ url: `${server.url}/graphql`, retryAttempts: 0 });
    try {
      const results = [];
      for await (const result of client.iterate({
        query: generalRoomQuery,
        variables: { name: 'general' },
      })) {
        results.push(result);
      }
      expect(results).toEqual([{ data: expect.objectContaining({ room: expect.anything() }) }]);
    } finally {
      client.dispose();
    }
  });

  it('reports liveness on /health and readiness on /ready', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  });
});
