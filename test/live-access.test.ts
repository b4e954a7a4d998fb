import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import { DirectMessagesDocument, MeDocument } from './generated/graphql.js';
import { signUp } from './support/accounts.js';
import { execute, nextClose, record } from './support/graphql-ws.js';
import { useTestServer } from './support/server.js';

describe('access held by live connections is re-checked periodically (ACCESS_REVALIDATION_SECONDS)', () => {
  // Tokens live 3 seconds; live connections are re-checked every half second.
  const server = useTestServer({
    env: { TOKEN_TTL_DAYS: String(3 / 86_400), ACCESS_REVALIDATION_SECONDS: '0.5' },
  });

  it('closes a socket (4403) and ends an SSE stream (UNAUTHENTICATED) once their token expires', async () => {
    const { token } = await signUp(server);
    const socket = server.wsClient({ connectionParams: { authorization: `Bearer ${token}` } });
    const closed = nextClose(socket);
    const live = record(socket, DirectMessagesDocument);
    expect((await execute(socket, MeDocument)).data?.me).toBeTruthy();
    const sse = createSseClient({
      url: `${server.url}/graphql`,
      headers: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    try {
      const results: { errors?: { extensions?: Record<string, unknown> }[] }[] = [];
      const ended = new Promise<void>((resolve) => {
        sse.subscribe(
          { query: String(DirectMessagesDocument) },
          {
            next: (result) => void results.push(result as (typeof results)[number]),
            error: () => resolve(),
            complete: () => resolve(),
          },
        );
      });
      const timeout = new Promise((resolve) => setTimeout(resolve, 15_000, 'still open'));
      expect(await Promise.race([closed, timeout])).toBe(4403);
      expect(await Promise.race([ended, timeout])).toBeUndefined();
      expect(results.at(-1)?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      live.stop();
      sse.dispose();
    }
  });
});
