import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { JoinRoomDocument, RoomHistoryDocument } from './generated/graphql.js';
import { type Account, dataOf } from './support/accounts.js';
import { post, roomWithMembers } from './support/rooms.js';
import { startTestServer, type TestServer, useTestServer } from './support/server.js';
import { onPostgres } from './support/services.js';

async function page(
  server: TestServer,
  viewer: Account,
  variables: {
    id: string;
    first?: number;
    last?: number;
    after?: string | null;
    before?: string | null;
  },
) {
  return dataOf(await server.request(RoomHistoryDocument, variables, viewer), 'room').messages;
}

describe('history pages', () => {
  const server = useTestServer();

  it('opens on the newest messages and pages back to the oldest, oldest → newest within pages', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    for (let i = 1; i <= 45; i += 1) await post(server, owner, room.id, `m${i}`);

    const newest = await page(server, owner, { id: room.id });
    expect(newest.edges.map((e) => e.node.body)).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${i + 26}`),
    );
    expect(newest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });

    const older = await page(server, owner, {
      id: room.id,
      last: 20,
      before: newest.pageInfo.startCursor,
    });
    expect(older.edges.map((e) => e.node.body)).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${i + 6}`),
    );
    const oldest = await page(server, owner, {
      id: room.id,
      last: 20,
      before: older.pageInfo.startCursor,
    });
    expect(oldest.edges.map((e) => e.node.body)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(oldest.pageInfo.hasPreviousPage).toBe(false);
  });

  it('pages forward and backward across concurrent inserts with no duplicate or skip', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const writer = members[0] as Account;
    for (let i = 0; i < 30; i += 1) await post(server, owner, room.id, `seed ${i}`);

    let writing = true;
    let written = 0;
    const background = (async () => {
      while (writing) {
        await post(server, writer, room.id, `live ${written}`);
        written += 1;
      }
    })();

    // Forward from the start, while new messages keep arriving.
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const current = await page(server, owner, { id: room.id, first: 7, after });
      forward.push(...current.edges.map((e) => e.node.id));
      after = current.pageInfo.endCursor ?? after;
      if (!current.pageInfo.hasNextPage) break;
    }
    writing = false;
    await background;
    expect(written).toBeGreaterThan(0);

    // Backward from the end, after the writes stopped.
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const current = await page(server, owner, { id: room.id, last: 9, before });
      backward.unshift(...current.edges.map((e) => e.node.id));
      before = current.pageInfo.startCursor;
      if (!current.pageInfo.hasPreviousPage) break;
    }

    expect(new Set(forward).size).toBe(forward.length);
    expect(new Set(backward).size).toBe(backward.length);
    // Forward saw a prefix of the final sequence (it stopped at some point during the writes).
    expect(backward.slice(0, forward.length)).toEqual(forward);
    expect(backward.length).toBe(30 + written);
    // Resuming forward from where the forward walk ended picks up exactly the rest.
    const rest: string[] = [];
    for (;;) {
      const current = await page(server, owner, { id: room.id, first: 50, after });
      rest.push(...current.edges.map((e) => e.node.id));
      after = current.pageInfo.endCursor ?? after;
      if (!current.pageInfo.hasNextPage) break;
    }
    expect([...forward, ...rest]).toEqual(backward);
  });

  it('refuses a cursor from another room, and malformed cursors, with BAD_USER_INPUT', async () => {
    const a = await roomWithMembers(server, 0);
    const b = await roomWithMembers(server, 0);
    await server.request(JoinRoomDocument, { roomId: b.room.id }, a.owner);
    const inB = await post(server, b.owner, b.room.id, 'in b');
    const foreign = await server.request(
      RoomHistoryDocument,
      { id: a.room.id, after: inB.cursor },
      a.owner,
    );
    expect(foreign.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
    for (const cursor of ['garbage', Buffer.from('["p","x",1]').toString('base64url'), 'W10']) {
      const bad = await server.request(
        RoomHistoryDocument,
        { id: a.room.id, before: cursor },
        a.owner,
      );
      expect(bad.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'before',
      });
    }
  });

  it('accepts a message’s own cursor as `after`', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const first = await post(server, owner, room.id, 'one');
    await post(server, owner, room.id, 'two');
    const after = await page(server, owner, { id: room.id, first: 10, after: first.cursor });
    expect(after.edges.map((e) => e.node.body)).toEqual(['two']);
  });
});

// Statement capture and EXPLAIN QUERY PLAN are SQLite's; on PostgreSQL the same code runs.
describe.skipIf(onPostgres)('the cost of a history page', () => {
  it('is a fixed number of SQL statements, whatever the page size and number of authors', async () => {
    const statements: string[] = [];
    let recording = false;
    const server = await startTestServer({
      onStatement: (sql) => {
        if (recording) statements.push(sql);
      },
    });
    try {
      const { room, owner, members } = await roomWithMembers(server, 4);
      const authors = [owner, ...members];
      for (let i = 0; i < 60; i += 1) {
        await post(server, authors[i % authors.length] as Account, room.id, `message ${i}`);
      }
      const countFor = async (last: number) => {
        statements.length = 0;
        recording = true;
        const response = await server.request(
          `query ($id: ID!, $last: Int) { room(id: $id) { name messages(last: $last) {
             edges { node { id body createdAt author { id nickname } room { id name } } } } } }`,
          { id: room.id, last },
          owner,
        );
        recording = false;
        expect(response.errors).toBeUndefined();
        return [...statements];
      };
      const small = await countFor(5);
      const large = await countFor(50);
      expect(large.length).toBe(small.length);
      expect(large.length).toBeLessThanOrEqual(10);

      // The page itself is read through an index, never a table scan.
      const historySql = large.find((sql) => /FROM \S*StreamEntry/.test(sql));
      expect(historySql).toBeDefined();
      const file = new Database(server.databaseFile, { readonly: true });
      try {
        const parameters = (historySql?.match(/\?/g) ?? []).map(() => 1);
        const plan = file.prepare(`EXPLAIN QUERY PLAN ${historySql}`).all(...parameters) as {
          detail: string;
        }[];
        const details = plan.map((row) => row.detail).join('\n');
        if (process.env.SHOW_PLAN) console.log(large.join('\n---\n'), '\nPLAN:\n', details);
        expect(details).toMatch(/SEARCH .*StreamEntry.* USING (PRIMARY KEY|INDEX|COVERING INDEX)/);
        expect(details).not.toMatch(/SCAN .*StreamEntry/);
        expect(details).not.toMatch(/TEMP B-TREE/); // the index also gives the order
      } finally {
        file.close();
      }
    } finally {
      await server.stop();
    }
  });
});
