import { describe, expect, it } from 'vitest';
import { PostMessageDocument, RoomHistoryDocument } from './generated/graphql.js';
import { execute } from './support/graphql-ws.js';
import { roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';
import { onPostgres } from './support/services.js';

const HOLD_MS = 1_000;

async function readiness(url: string): Promise<number> {
  return (await fetch(`${url}/ready`)).status;
}

/** Polls `/ready` until it answers `status`, or fails after `timeoutMs`. */
async function readyBecomes(url: string, status: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await readiness(url)) !== status) {
    if (Date.now() > deadline) throw new Error(`/ready never answered ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(onPostgres)('a full disk, on SQLite', () => {
  const server = useTestServer({ env: { STORAGE_FAILURE_HOLD_MS: String(HOLD_MS) } });

  it('answers writes with SERVICE_UNAVAILABLE and a retry hint, /ready 503, and recovers when space returns', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const sqlite = server.running.database.sqlite?.database;
    if (!sqlite) throw new Error('expected SQLite');
    // SQLite's own size limit: writes that need a new page fail with SQLITE_FULL, as on a
    // full disk, without needing root to mount a tiny filesystem.
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    sqlite.pragma(`max_page_count = ${pages}`);
    const body = 'x'.repeat(4_000);
    const acknowledged: string[] = [];
    let refused: Awaited<ReturnType<typeof server.request>> | undefined;
    for (let i = 0; i < 50 && !refused; i += 1) {
      const answer = await server.request(
        PostMessageDocument,
        { roomId: room.id, body, clientMessageId: `full-${i}` },
        owner,
      );
      if (answer.errors) refused = answer;
      else if (answer.data?.postMessage) acknowledged.push(answer.data.postMessage.id);
    }
    expect(refused?.errors?.[0]?.extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      retryAfterMs: HOLD_MS,
    });
    expect(refused?.errors?.[0]?.message).toContain('full');
    expect(await readiness(server.url)).toBe(503);

    // The same over graphql-ws, through Prisma's writes rather than the prepared hot path.
    const client = server.wsClient({
      connectionParams: { authorization: `Bearer ${owner.token}` },
    });
    let overSocket: Awaited<ReturnType<typeof execute>> | undefined;
    for (let i = 0; i < 50 && !overSocket?.errors; i += 1) {
      overSocket = await execute(
        client,
        'mutation($name: String!, $topic: String) { createRoom(name: $name, topic: $topic) { id } }',
        {
          name: `full-disk-${i}`,
          topic: 'y'.repeat(250),
        },
      );
    }
    expect(overSocket?.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    // Space comes back: /ready turns 200 once the hold has passed, and writes work again.
    sqlite.pragma('max_page_count = 1073741823');
    await readyBecomes(server.url, 200);
    const again = await server.request(
      PostMessageDocument,
      { roomId: room.id, body: 'back', clientMessageId: 'after-full' },
      owner,
    );
    expect(again.data?.postMessage.body).toBe('back');

    // A read-only database (SQLITE_READONLY) is the same kind of failure.
    sqlite.pragma('query_only = ON');
    const readOnly = await server.request(
      PostMessageDocument,
      { roomId: room.id, body: 'not saved', clientMessageId: 'read-only' },
      owner,
    );
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(readOnly.errors?.[0]?.message).toContain('read-only');
    expect(await readiness(server.url)).toBe(503);
    sqlite.pragma('query_only = OFF');
    await readyBecomes(server.url, 200);

    // Everything acknowledged is there, nothing refused was half-written.
    const history = await server.request(RoomHistoryDocument, { id: room.id, last: 100 }, owner);
    const ids = history.data?.room?.messages.edges.map((edge) => edge.node.id) ?? [];
    expect(ids).toEqual([...acknowledged, again.data?.postMessage.id]);
  });
});

describe.runIf(onPostgres)('a full disk, on PostgreSQL', () => {
  const server = useTestServer({ env: { STORAGE_FAILURE_HOLD_MS: String(HOLD_MS) } });

  it('answers SERVICE_UNAVAILABLE for disk_full (53100) and a read-only database (25006), /ready 503 meanwhile', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const { db } = server.running.database;
    // The server's own answer to a write, raised for real by PostgreSQL on the insert.
    const failWith = async (sqlState: string) => {
      await db.$executeRawUnsafe(`
        CREATE OR REPLACE FUNCTION charla_test_refuse() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '${sqlState}'; END $$ LANGUAGE plpgsql`);
      await db.$executeRawUnsafe(`
        CREATE OR REPLACE TRIGGER charla_test_refuse BEFORE INSERT ON "Message"
        FOR EACH ROW EXECUTE FUNCTION charla_test_refuse()`);
    };
    for (const sqlState of ['53100', '25006']) {
      await failWith(sqlState);
      const refused = await server.request(
        PostMessageDocument,
        { roomId: room.id, body: 'hello', clientMessageId: `pg-${sqlState}` },
        owner,
      );
      expect(refused.errors?.[0]?.extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        retryAfterMs: HOLD_MS,
      });
      expect(await readiness(server.url)).toBe(503);
      await db.$executeRawUnsafe('DROP TRIGGER charla_test_refuse ON "Message"');
      await readyBecomes(server.url, 200);
    }
    const accepted = await server.request(
      PostMessageDocument,
      { roomId: room.id, body: 'hello', clientMessageId: 'pg-ok' },
      owner,
    );
    expect(accepted.data?.postMessage.body).toBe('hello');
  });
});
