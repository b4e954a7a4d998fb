import Database from 'better-sqlite3';
import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../src/domain/sessions.js';
import { DirectMessagesDocument, MeDocument, RoomMessagesDocument } from './generated/graphql.js';
import { signUp } from './support/accounts.js';
import { execute, nextClose, record } from './support/graphql-ws.js';
import { post, roomWithMembers } from './support/rooms.js';
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

describe('a revocation the bus never announced is applied by the periodic re-check', () => {
  const server = useTestServer({ env: { ACCESS_REVALIDATION_SECONDS: '0.5' } });

  /** Changes the database behind the server's back, as a lost bus event would leave it. */
  function behindTheBus(sql: string, ...params: unknown[]) {
    const file = new Database(server.databaseFile);
    try {
      file.prepare(sql).run(...params);
    } finally {
      file.close();
    }
  }
  const idOf = (globalId: string) =>
    Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

  it('closes the socket of a session revoked without an event (4403)', async () => {
    const { token } = await signUp(server);
    const socket = server.wsClient({ connectionParams: { authorization: `Bearer ${token}` } });
    const closed = nextClose(socket);
    const live = record(socket, DirectMessagesDocument);
    expect((await execute(socket, MeDocument)).data?.me).toBeTruthy();
    behindTheBus(
      'UPDATE "Session" SET "revokedAt" = ? WHERE "tokenHash" = ?',
      Date.now(),
      hashToken(token),
    );
    const timeout = new Promise((resolve) => setTimeout(resolve, 15_000, 'still open'));
    expect(await Promise.race([closed, timeout])).toBe(4403);
    live.stop();
  });

  it('ends the room stream of a membership removed without an event (FORBIDDEN), and delivers nothing after', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const member = members[0] as (typeof members)[number];
    const socket = server.wsClient({
      connectionParams: { authorization: `Bearer ${member.token}` },
    });
    const start = await post(server, owner, room.id, 'start');
    const seen = record<{ roomMessages: { body: string } }>(socket, RoomMessagesDocument, {
      roomId: room.id,
      after: start.cursor,
    });
    await post(server, owner, room.id, 'before');
    await seen.waitFor(1);
    behindTheBus(
      'DELETE FROM "Membership" WHERE "roomId" = ? AND "userId" = ?',
      idOf(room.id),
      idOf(member.user.id),
    );
    await seen.waitFor(2, 15_000);
    await post(server, owner, room.id, 'after');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      seen.results.map((r) => r.data?.roomMessages.body ?? r.errors?.[0]?.extensions?.code),
    ).toEqual(['before', 'FORBIDDEN']);
  });
});
