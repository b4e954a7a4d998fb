import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { unknownLiveFields } from '../src/schema/live-sharing.js';
import { LeaveRoomDocument, PostMessageDocument } from './generated/graphql.js';
import { type Account, dataOf } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { activeSubscriptions, untilLive } from './support/live.js';
import { post, roomWithMembers } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

/**
 * Live messages over WebSocket are rendered once per group of subscribers with the same
 * document, variables and viewer class (src/schema/live-sharing.ts). These tests hold that
 * optimization to what per-subscriber execution gives: same bytes, same authorization.
 */

// Every shareable field, including the one only its author may see.
const SHAREABLE = `subscription Shared($roomId: ID!) {
  roomMessages(roomId: $roomId) {
    __typename id body clientMessageId createdAt editedAt deletedAt cursor
    author { __typename id nickname createdAt }
    ...Extra
  }
}
fragment Extra on Message { author { nickname } }`;

// `room` is loaded through a loader and `online` depends on presence: rendered per subscriber.
const PER_SUBSCRIBER = `subscription PerSubscriber($roomId: ID!) {
  roomMessages(roomId: $roomId) { id body room { id name } author { nickname online } }
}`;

type Result = { data?: { roomMessages?: Record<string, unknown> } | null; errors?: unknown[] };

function socketFor(server: TestServer, account: Account) {
  return server.wsClient({ connectionParams: { authorization: `Bearer ${account.token}` } });
}

async function liveRenders(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = /^charla_live_renders_total (\d+)/m.exec(text);
  if (!match) throw new Error('charla_live_renders_total missing from /metrics');
  return Number(match[1]);
}

/** Subscribes over SSE (no shared rendering there) and collects `count` results. */
async function overSse(
  server: TestServer,
  account: Account,
  query: string,
  variables: Record<string, unknown>,
  count: number,
  ready: () => Promise<void>,
): Promise<Result[]> {
  const client = createSseClient({
    url: `${server.url}/graphql`,
    headers: { authorization: `Bearer ${account.token}` },
    retryAttempts: 0,
  });
  const results: Result[] = [];
  try {
    const iterator = client.iterate({ query, variables })[Symbol.asyncIterator]();
    const first = iterator.next();
    await ready();
    let next = await first;
    while (!next.done) {
      results.push(next.value as Result);
      if (results.length === count) break;
      next = await iterator.next();
    }
    await iterator.return?.();
  } finally {
    client.dispose();
  }
  return results;
}

describe('live messages rendered once and shared', () => {
  const server = useTestServer();

  it('names only fields the schema has as shareable', () => {
    expect(unknownLiveFields(schema)).toEqual([]);
  });

  it('gives every subscriber what its own execution would, with one render per viewer class', async () => {
    const { room, owner, members } = await roomWithMembers(server, 3);
    const [friend] = members as [Account, ...Account[]];
    const everyone = [owner, ...members];
    const baseline = await activeSubscriptions(server);
    const sockets = everyone.map((account) =>
      record<Result['data']>(socketFor(server, account), SHAREABLE, { roomId: room.id }),
    );
    const before = await liveRenders(server);

    const sseResults = overSse(server, owner, SHAREABLE, { roomId: room.id }, 2, async () => {
      await untilLive(server, baseline, everyone.length + 1); // every subscription is live
      const sent = [
        [owner, 'from the owner', 'owner-key'],
        [friend, 'from a friend', 'friend-key'],
      ] as const;
      for (const [author, body, clientMessageId] of sent) {
        const answer = await server.request(
          PostMessageDocument,
          { roomId: room.id, body, clientMessageId },
          { token: author.token },
        );
        dataOf(answer, 'postMessage');
      }
    });
    const viaSse = await sseResults;
    const viaSockets = await Promise.all(sockets.map((socket) => socket.waitFor(2)));

    // The owner's socket (shared render) and the owner's SSE stream (own execution) agree.
    expect(viaSockets[0]).toEqual(viaSse);
    expect(viaSse.map((r) => r.data?.roomMessages?.clientMessageId)).toEqual(['owner-key', null]);
    // Everyone else sees the same messages, and their own idempotency key only.
    for (const [index, results] of viaSockets.entries()) {
      const account = everyone[index] as Account;
      expect(results.map((r) => r.data?.roomMessages?.body)).toEqual([
        'from the owner',
        'from a friend',
      ]);
      expect(results.map((r) => r.data?.roomMessages?.clientMessageId)).toEqual([
        account === owner ? 'owner-key' : null,
        account === friend ? 'friend-key' : null,
      ]);
      const { clientMessageId: _a, ...shared } = results[0]?.data?.roomMessages ?? {};
      const { clientMessageId: _b, ...ownersView } = viaSse[0]?.data?.roomMessages ?? {};
      expect(shared).toEqual(ownersView);
    }
    // Two messages, four sockets: one render for the author's class and one for the others.
    expect((await liveRenders(server)) - before).toBe(4);
  });

  it('keeps subscribers apart whose variables change the selection', async () => {
    const query = `subscription WithBody($roomId: ID!, $withBody: Boolean!) {
      roomMessages(roomId: $roomId) { id body @include(if: $withBody) }
    }`;
    const { room, owner, members } = await roomWithMembers(server, 1);
    const baseline = await activeSubscriptions(server);
    const [withBody, withoutBody] = [true, false].map((flag, index) =>
      record<Result['data']>(
        socketFor(server, [owner, members[0] as Account][index] as Account),
        query,
        {
          roomId: room.id,
          withBody: flag,
        },
      ),
    ) as [ReturnType<typeof record<Result['data']>>, ReturnType<typeof record<Result['data']>>];
    await untilLive(server, baseline, 2);
    const before = await liveRenders(server);
    await post(server, owner, room.id, 'shown to one of them');
    const [shown] = await withBody.waitFor(1);
    const [hidden] = await withoutBody.waitFor(1);
    expect(shown?.data?.roomMessages).toEqual({
      id: expect.any(String),
      body: 'shown to one of them',
    });
    expect(hidden?.data?.roomMessages).toEqual({ id: shown?.data?.roomMessages?.id });
    expect((await liveRenders(server)) - before).toBe(2);
  });

  it('runs documents with per-viewer or loaded fields per subscriber, with the same results', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const friend = members[0] as Account;
    const baseline = await activeSubscriptions(server);
    const seen = [owner, friend].map((account) =>
      record<Result['data']>(socketFor(server, account), PER_SUBSCRIBER, { roomId: room.id }),
    );
    await untilLive(server, baseline, 2);
    const before = await liveRenders(server);
    await post(server, friend, room.id, 'loaded per subscriber');
    for (const recording of seen) {
      const [result] = await recording.waitFor(1);
      expect(result?.data?.roomMessages).toEqual({
        id: expect.any(String),
        body: 'loaded per subscriber',
        room: { id: room.id, name: room.name },
        author: { nickname: friend.user.nickname, online: true },
      });
    }
    expect(await liveRenders(server)).toBe(before);
  });

  it('stops a member who leaves at once while the rest of the group keep receiving', async () => {
    const { room, owner, members } = await roomWithMembers(server, 2);
    const [leaver, stayer] = members as [Account, Account];
    const baseline = await activeSubscriptions(server);
    const [leaverSees, stayerSees] = [leaver, stayer].map((account) =>
      record<Result['data']>(socketFor(server, account), SHAREABLE, { roomId: room.id }),
    ) as [ReturnType<typeof record<Result['data']>>, ReturnType<typeof record<Result['data']>>];
    await untilLive(server, baseline, 2);
    await post(server, owner, room.id, 'before leaving');
    await leaverSees.waitFor(1);
    await server.request(LeaveRoomDocument, { roomId: room.id }, { token: leaver.token });
    await post(server, owner, room.id, 'after leaving');

    const stayed = await stayerSees.waitFor(2);
    expect(stayed.map((r) => r.data?.roomMessages?.body)).toEqual([
      'before leaving',
      'after leaving',
    ]);
    await leaverSees.done;
    expect(leaverSees.results.map((r) => r.data?.roomMessages?.body ?? null)).toEqual([
      'before leaving',
      null,
    ]);
    expect(
      (leaverSees.results[1]?.errors?.[0] as { extensions?: { code?: string } })?.extensions?.code,
    ).toBe('FORBIDDEN');
  });
});
