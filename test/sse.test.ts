import { createClient, NetworkError } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import { MeDocument } from './generated/graphql.js';
import { useTestServer } from './support/server.js';

type Body = { errors: { message: string; extensions: { code: string } }[] };

/**
 * What graphql-sse's `iterate` throws for a refused operation, and the body of the response it
 * keeps (read in the `catch`, as a client would: disposing the client aborts the body).
 */
async function failureOf(
  options: Partial<Parameters<typeof createClient>[0]> & { url: string },
): Promise<{ error: NetworkError<Response>; response: Response; body: Body }> {
  const client = createClient({ retryAttempts: 0, ...options });
  try {
    for await (const _ of client.iterate({ query: String(MeDocument) })) {
      // A refused operation yields nothing.
    }
  } catch (caught) {
    const error = caught as NetworkError<Response>;
    const response = error.response as Response;
    return { error, response, body: (await response.json()) as Body };
  } finally {
    client.dispose();
  }
  throw new Error('the operation was not refused');
}

describe('GraphQL over SSE, as graphql-sse clients use it', () => {
  const server = useTestServer();

  it('lets a client read UNAUTHENTICATED behind "Server responded with 401"', async () => {
    const { error, response, body } = await failureOf({
      url: `${server.url}/graphql`,
      headers: { authorization: 'Bearer charla_forged' },
    });
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('Server responded with 401: Unauthorized');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses single connection mode with a reason that says so', async () => {
    const client = createClient({
      url: `${server.url}/graphql`,
      singleConnection: true,
      retryAttempts: 0,
    });
    try {
      await expect(client.iterate({ query: String(MeDocument) }).next()).rejects.toThrow(
        'Server responded with 405: graphql-sse single connection mode is not supported: use distinct connections mode',
      );
    } finally {
      client.dispose();
    }
  });

  it('refuses a reservation with or without CSRF headers, and operations bearing a stream token', async () => {
    for (const headers of [{}, { 'x-graphql-yoga-csrf': '1' }] as Record<string, string>[]) {
      const reservation = await fetch(`${server.url}/graphql`, { method: 'PUT', headers });
      expect(reservation.status).toBe(405);
      expect(((await reservation.json()) as Body).errors[0]).toMatchObject({
        message: expect.stringContaining('single connection mode is not supported'),
        extensions: { code: 'BAD_REQUEST' },
      });
    }
    const operation = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': 'abc' },
      body: JSON.stringify({ query: String(MeDocument) }),
    });
    expect(operation.status).toBe(400);
    expect(((await operation.json()) as Body).errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('still streams in distinct connections mode', async () => {
    const client = createClient({ url: `${server.url}/graphql`, retryAttempts: 0 });
    const results = [];
    for await (const result of client.iterate({ query: String(MeDocument) })) results.push(result);
    client.dispose();
    expect(results).toEqual([{ data: { me: null } }]);
  });
});
