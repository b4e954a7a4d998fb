import { describe, expect, it } from 'vitest';
import {
  BlockedUsersDocument,
  BlockUserDocument,
  EditMessageDocument,
  MembersBlockedDocument,
  RoomDetailsDocument,
  RoomEventsDocument,
  RoomHistoryDocument,
  RoomMessagesDocument,
  SetTypingDocument,
  UnblockUserDocument,
} from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { record } from './support/graphql-ws.js';
import { activeSubscriptions, untilLive } from './support/live.js';
import { joinRoom, post, roomWithMembers } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';
import { onPostgres } from './support/services.js';

type Live = { id: string; body: string; author: { id: string }; cursor: string };

function socketFor(server: TestServer, account: Account) {
  return server.wsClient({ connectionParams: { authorization: `Bearer ${account.token}` } });
}

const seenOf = (results: { data?: { roomMessages?: Live } | null }[]) =>
  results.map((r) => {
    const message = r.data?.roomMessages as Live;
    return `${message.body}`;
  });

async function block(server: TestServer, blocker: Account, blocked: Account) {
  return dataOf(
    await server.request(BlockUserDocument, { userId: blocked.user.id }, blocker),
    'blockUser',
  );
}

/** A room where Ada (the owner) will block Bob, and Cy, who blocks nobody, mirrors Ada. */
async function threeInARoom(server: TestServer) {
  const { room, owner: ada, members } = await roomWithMembers(server, 2);
  const [bob, cy] = members as [Account, Account];
  return { room, ada, bob, cy };
}

async function historyBodies(server: TestServer, viewer: Account, roomId: string, first = 100) {
  const bodies: string[] = [];
  let after: string | null | undefined;
  for (;;) {
    const page = dataOf(
      await server.request(RoomHistoryDocument, { id: roomId, first, after }, viewer),
      'room',
    ).messages;
    expect(page.edges.length === first || !page.pageInfo.hasNextPage).toBe(true);
    bodies.push(...page.edges.map((edge) => edge.node.body));
    if (!page.pageInfo.hasNextPage) return bodies;
    after = page.pageInfo.endCursor;
  }
}

describe('blocking', () => {
  const server = useTestServer();

  it('blocks and unblocks idempotently, lists the blocked and refuses yourself', async () => {
    // One after the other: the list is in the order of user ids.
    const ada = await signUp(server);
    const bob = await signUp(server);
    const cy = await signUp(server);
    expect(await block(server, ada, bob)).toEqual({ id: bob.user.id, viewerHasBlocked: true });
    expect(await block(server, ada, bob)).toEqual({ id: bob.user.id, viewerHasBlocked: true });
    await block(server, ada, cy);

    const firstPage = dataOf(
      await server.request(BlockedUsersDocument, { first: 1 }, ada),
      'blockedUsers',
    );
    expect(firstPage.edges.map((e) => e.node.id)).toEqual([bob.user.id]);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const secondPage = dataOf(
      await server.request(
        BlockedUsersDocument,
        { first: 1, after: firstPage.pageInfo.endCursor },
        ada,
      ),
      'blockedUsers',
    );
    expect(secondPage.edges.map((e) => e.node.id)).toEqual([cy.user.id]);
    expect(secondPage.pageInfo.hasNextPage).toBe(false);
    // Blocks are one-way and each viewer's own.
    const bobsList = dataOf(await server.request(BlockedUsersDocument, {}, bob), 'blockedUsers');
    expect(bobsList.edges).toEqual([]);

    const lifted = dataOf(
      await server.request(UnblockUserDocument, { userId: bob.user.id }, ada),
      'unblockUser',
    );
    expect(lifted).toEqual({ id: bob.user.id, viewerHasBlocked: false });
    const again = await server.request(UnblockUserDocument, { userId: bob.user.id }, ada);
    expect(again.errors).toBeUndefined();

    for (const document of [
      BlockUserDocument,
      UnblockUserDocument,
    ] as (typeof BlockUserDocument)[]) {
      const self = await server.request(document, { userId: ada.user.id }, ada);
      expect(self.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const forged = await server.request(document, { userId: 'VXNlcjo5OTk5OTk5' }, ada);
      expect(forged.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const garbage = await server.request(document, { userId: 'not an id' }, ada);
      expect(garbage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const signedOut = await server.request(document, { userId: bob.user.id });
      expect(signedOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('tells each viewer whom they blocked, for a whole list at once', async () => {
    const { room, ada, bob, cy } = await threeInARoom(server);
    await block(server, ada, bob);
    const members = (viewer: Account) =>
      server
        .request(MembersBlockedDocument, { id: room.id }, viewer)
        .then((r) =>
          dataOf(r, 'room').members.edges.map((e) => [e.node.id, e.node.viewerHasBlocked]),
        );
    expect(await members(ada)).toEqual([
      [ada.user.id, false],
      [bob.user.id, true],
      [cy.user.id, false],
    ]);
    expect((await members(cy)).every(([, blocked]) => blocked === false)).toBe(true);
  });

  it('hides a blocked user’s posts and edits from the blocker live, and from nobody else', async () => {
    const { room, ada, bob, cy } = await threeInARoom(server);
    await block(server, ada, bob);
    const baseline = await activeSubscriptions(server);
    const adaSees = record<{ roomMessages: Live }>(socketFor(server, ada), RoomMessagesDocument, {
      roomId: room.id,
    });
    const cySees = record<{ roomMessages: Live }>(socketFor(server, cy), RoomMessagesDocument, {
      roomId: room.id,
    });
    await untilLive(server, baseline, 2);

    await post(server, cy, room.id, 'one');
    const two = await post(server, bob, room.id, 'two');
    await post(server, cy, room.id, 'three');
    await server.request(EditMessageDocument, { id: two.id, body: 'two, edited' }, bob);
    await post(server, bob, room.id, 'five');
    await post(server, ada, room.id, 'six');

    const mirror = seenOf(await cySees.waitFor(6));
    expect(mirror).toEqual(['one', 'two', 'three', 'two, edited', 'five', 'six']);
    await adaSees.waitFor(3);
    // Cy's sequence without Bob's changes, nothing more, nothing twice.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seenOf(adaSees.results)).toEqual(['one', 'three', 'six']);
    expect(adaSees.results.every((r) => r.errors === undefined)).toBe(true);
    adaSees.stop();
    cySees.stop();
  });

  it('hides them on replay from an old cursor, and resumes exactly where the blocker left off', async () => {
    const { room, ada, bob, cy } = await threeInARoom(server);
    await block(server, ada, bob);
    await post(server, cy, room.id, 'before');
    const start = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id, last: 1 }, ada),
      'room',
    ).messages.liveCursor;
    for (let i = 0; i < 5; i += 1) {
      await post(server, bob, room.id, `bob ${i}`);
      await post(server, cy, room.id, `cy ${i}`);
    }
    await post(server, bob, room.id, 'bob last');

    const replay = record<{ roomMessages: Live }>(socketFor(server, ada), RoomMessagesDocument, {
      roomId: room.id,
      after: start,
    });
    const replayed = await replay.waitFor(5);
    expect(seenOf(replayed)).toEqual(['cy 0', 'cy 1', 'cy 2', 'cy 3', 'cy 4']);
    // The stream goes on live past the hidden entries: the next visible change arrives once.
    await post(server, bob, room.id, 'bob live');
    await post(server, cy, room.id, 'cy live');
    await replay.waitFor(6);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seenOf(replay.results).slice(5)).toEqual(['cy live']);
    replay.stop();

    // Resuming from the cursor of a message in the middle replays exactly what follows it.
    const middle = replayed[2]?.data?.roomMessages?.cursor;
    const resumed = record<{ roomMessages: Live }>(socketFor(server, ada), RoomMessagesDocument, {
      roomId: room.id,
      after: middle,
    });
    await resumed.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seenOf(resumed.results)).toEqual(['cy 3', 'cy 4', 'cy live']);
    resumed.stop();
  });

  it('leaves blocked authors out of history pages, which stay full, and out of unread counts', async () => {
    const { room, ada, bob, cy } = await threeInARoom(server);
    for (let i = 0; i < 7; i += 1) {
      await post(server, bob, room.id, `bob ${i}`);
      if (i % 2 === 0) await post(server, cy, room.id, `cy ${i}`);
    }
    const unread = async (viewer: Account) =>
      dataOf(await server.request(RoomDetailsDocument, { id: room.id }, viewer), 'room')
        .unreadCount;
    expect(await unread(ada)).toBe(11);
    await block(server, ada, bob);

    const everything = await historyBodies(server, cy, room.id);
    const withoutBob = everything.filter((body) => !body.startsWith('bob'));
    expect(withoutBob).toEqual(['cy 0', 'cy 2', 'cy 4', 'cy 6']);
    expect(await historyBodies(server, ada, room.id, 100)).toEqual(withoutBob);
    expect(await historyBodies(server, ada, room.id, 3)).toEqual(withoutBob);
    expect(await historyBodies(server, ada, room.id, 1)).toEqual(withoutBob);
    // Newest first (`last`) as well.
    const newest = dataOf(
      await server.request(RoomHistoryDocument, { id: room.id, last: 2 }, ada),
      'room',
    ).messages;
    expect(newest.edges.map((e) => e.node.body)).toEqual(['cy 4', 'cy 6']);
    expect(newest.pageInfo.hasPreviousPage).toBe(true);

    expect(await unread(ada)).toBe(4);
    expect(await unread(cy)).toBe(7);

    await server.request(UnblockUserDocument, { userId: bob.user.id }, ada);
    expect(await historyBodies(server, ada, room.id)).toEqual(everything);
    expect(await unread(ada)).toBe(11);
  });

  it('hides a blocked user’s typing from the blocker', async () => {
    const { room, ada, bob, cy } = await threeInARoom(server);
    await block(server, ada, bob);
    const baseline = await activeSubscriptions(server);
    type Event = { __typename: string; user?: { id: string } };
    const adaSees = record<{ roomEvents: Event }>(socketFor(server, ada), RoomEventsDocument, {
      roomId: room.id,
    });
    const cySees = record<{ roomEvents: Event }>(socketFor(server, cy), RoomEventsDocument, {
      roomId: room.id,
    });
    await untilLive(server, baseline, 2);
    const typing = (who: Account) =>
      server.request(SetTypingDocument, { roomId: room.id, typing: true }, who);
    await typing(bob);
    await typing(cy);
    const typists = (results: { data?: { roomEvents?: Event } | null }[]) =>
      results
        .map((r) => r.data?.roomEvents)
        .filter((event) => event?.__typename === 'TypingEvent')
        .map((event) => event?.user?.id);
    const untilTypists = async (seen: typeof adaSees, count: number) => {
      while (typists(seen.results).length < count) await seen.waitFor(seen.results.length + 1);
    };
    // Nobody is told of their own typing: Cy sees Bob's, Ada (after Bob's, in bus order) Cy's.
    await untilTypists(cySees, 1);
    expect(typists(cySees.results)).toEqual([bob.user.id]);
    await untilTypists(adaSees, 1);
    expect(typists(adaSees.results)).toEqual([cy.user.id]);
    adaSees.stop();
    cySees.stop();
  });

  it('takes effect on running streams at once, and unblocking restores them', async () => {
    const { room, ada, bob, cy } = await threeInARoom(server);
    const baseline = await activeSubscriptions(server);
    const adaSees = record<{ roomMessages: Live }>(socketFor(server, ada), RoomMessagesDocument, {
      roomId: room.id,
    });
    await untilLive(server, baseline, 1);
    await post(server, bob, room.id, 'bob before');
    await adaSees.waitFor(1);
    await block(server, ada, bob);
    await post(server, bob, room.id, 'bob blocked');
    await post(server, cy, room.id, 'cy blocked');
    await adaSees.waitFor(2);
    await server.request(UnblockUserDocument, { userId: bob.user.id }, ada);
    await post(server, bob, room.id, 'bob after');
    await adaSees.waitFor(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seenOf(adaSees.results)).toEqual(['bob before', 'cy blocked', 'bob after']);
    adaSees.stop();
  });
});

// Statements are observed on SQLite only (the PostgreSQL adapter reports none).
describe.skipIf(onPostgres)('the cost of viewerHasBlocked on a list of users', () => {
  let statements: string[] | undefined;
  const server = useTestServer({ onStatement: (sql) => statements?.push(sql) });

  async function blockStatements(viewer: Account, roomId: string) {
    statements = [];
    const response = await server.request(MembersBlockedDocument, { id: roomId }, viewer);
    const issued = statements;
    statements = undefined;
    expect(response.errors).toBeUndefined();
    return issued.filter((sql) => /Block/.test(sql));
  }

  it('reads the blocks of a whole member list in one statement, for 2 members as for 12', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    await block(server, owner, members[0] as Account);
    const few = await blockStatements(owner, room.id);
    for (let i = 0; i < 10; i += 1) {
      const member = await signUp(server);
      await joinRoom(server, member, room.id);
      if (i % 2) await block(server, owner, member);
    }
    const many = await blockStatements(owner, room.id);
    expect(few, JSON.stringify(few)).toHaveLength(1);
    expect(many).toHaveLength(1);
  });
});
