import { describe, expect, it } from 'vitest';
import { CreateGroupChatDocument, InboxDocument, MarkReadDocument } from './generated/graphql.js';
import { type Account, dataOf, signUp } from './support/accounts.js';
import { createRoom, joinRoom, post, sendDirect } from './support/rooms.js';
import { useTestServer } from './support/server.js';
import { onPostgres } from './support/services.js';

/** Lets the clock move on, so that activities have distinct times. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the inbox', () => {
  const server = useTestServer();

  async function inbox(viewer: Account, first = 100, after?: string | null) {
    return dataOf(await server.request(InboxDocument, { first, after }, viewer), 'inbox');
  }

  /** The inbox as `[id, unreadCount]`, leaving out `general` (other tests post there). */
  async function items(viewer: Account, generalId?: string) {
    return (await inbox(viewer)).edges
      .map((edge) => [edge.node.id, edge.node.unreadCount] as const)
      .filter(([id]) => id !== generalId);
  }

  it('lists rooms and conversations by last activity, with unread counts', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    const general = (await inbox(ada)).edges[0]?.node.id;
    const quiet = await createRoom(server, bob);
    await joinRoom(server, ada, quiet.id);
    await tick();
    const busy = await createRoom(server, bob);
    await joinRoom(server, ada, busy.id);
    const group = dataOf(
      await server.request(CreateGroupChatDocument, { memberIds: [ada.user.id] }, bob),
      'createGroupChat',
    );
    await tick();
    await post(server, bob, busy.id, 'one');
    await tick();
    const dm = await sendDirect(server, bob, ada, 'psst');
    await tick();
    await post(server, bob, group.id, 'group one');
    await post(server, bob, group.id, 'group two');
    await tick();
    await post(server, ada, busy.id, 'my own reply');

    const conversationId = (await inbox(ada)).edges.find(
      (edge) => edge.node.__typename === 'Conversation',
    )?.node.id;
    expect(await items(ada, general)).toEqual([
      [busy.id, 1],
      [group.id, 2],
      [conversationId, 1],
      // Without messages: by when ada joined (the group after the quiet room).
      [quiet.id, 0],
    ]);
    const edges = (await inbox(ada)).edges;
    const conversation = edges.find((edge) => edge.node.__typename === 'Conversation');
    expect(conversation?.node).toMatchObject({ peer: { id: bob.user.id } });
    const groupEdge = edges.find((edge) => edge.node.id === group.id);
    expect(groupEdge?.node).toMatchObject({ visibility: 'PRIVATE', name: bob.user.nickname });

    await server.request(MarkReadDocument, { messageId: dm.id }, ada);
    expect((await items(ada, general)).find(([id]) => id === conversationId)).toEqual([
      conversationId,
      0,
    ]);
    // Bob's inbox has the private group, the conversation and both rooms too; an outsider's none.
    const bobs = (await items(bob, general)).map(([id]) => id);
    expect(bobs).toEqual([busy.id, group.id, conversationId, quiet.id]);
    const eve = await signUp(server);
    expect(await items(eve, general)).toEqual([]);
  });

  it('pages with stable cursors, and refuses forged ones', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    const rooms = [];
    for (let i = 0; i < 5; i += 1) {
      const room = await createRoom(server, bob);
      await joinRoom(server, ada, room.id);
      await post(server, bob, room.id, `message ${i}`);
      rooms.push(room.id);
      await tick();
    }
    const first = await inbox(ada, 2);
    expect(first.edges.map((edge) => edge.node.id)).toEqual([rooms[4], rooms[3]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    // New activity elsewhere does not disturb the next page.
    await post(server, bob, rooms[0] as string, 'again');
    const second = await inbox(ada, 2, first.pageInfo.endCursor);
    expect(second.edges.map((edge) => edge.node.id)).toEqual([rooms[2], rooms[1]]);
    expect((await inbox(ada, 1)).edges[0]?.node.id).toBe(rooms[0]);

    for (const forged of ['nonsense', Buffer.from('["inbox","x.r.1"]').toString('base64url')]) {
      const { errors } = await server.request(InboxDocument, { first: 2, after: forged }, ada);
      expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    const { errors } = await server.request(InboxDocument, { first: 2 });
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

// Statements are observed on SQLite only (the PostgreSQL adapter reports none).
describe.skipIf(onPostgres)('the cost of the inbox', () => {
  let statements: string[] | undefined;
  const server = useTestServer({ onStatement: (sql) => statements?.push(sql) });

  it('is the same few statements for 200 rooms as for 3 (no N+1), measured', async () => {
    const [ada, bob] = await Promise.all([signUp(server), signUp(server)]);
    const page = async () => {
      statements = [];
      const started = performance.now();
      const response = await server.request(InboxDocument, { first: 100 }, ada);
      const ms = performance.now() - started;
      const issued = statements;
      statements = undefined;
      expect(response.errors).toBeUndefined();
      return { edges: response.data?.inbox.edges ?? [], issued, ms };
    };
    // Each page holds named and unnamed rooms, and a conversation.
    const room = await createRoom(server, bob);
    await joinRoom(server, ada, room.id);
    await post(server, bob, room.id, 'hi');
    await server.request(CreateGroupChatDocument, { memberIds: [ada.user.id] }, bob);
    await sendDirect(server, bob, ada, 'hello');
    const few = await page();
    expect(few.edges).toHaveLength(4);

    for (let i = 0; i < 100; i += 1) {
      const room = await createRoom(server, bob);
      await joinRoom(server, ada, room.id);
      await post(server, bob, room.id, 'hi');
      dataOf(
        await server.request(CreateGroupChatDocument, { memberIds: [ada.user.id] }, bob),
        'createGroupChat',
      );
    }
    await sendDirect(server, bob, ada, 'hello again');
    const many = await page();
    expect(many.edges).toHaveLength(100);
    expect(many.edges[0]?.node.__typename).toBe('Conversation');
    expect(many.issued).toHaveLength(few.issued.length);
    const timings = [];
    for (let i = 0; i < 5; i += 1) timings.push((await page()).ms);
    console.log(
      `inbox(first: 100) of 204 items: ${many.issued.length} statements, median ${timings.sort((a, b) => a - b)[2]?.toFixed(1)} ms`,
    );
  }, 120_000);
});
