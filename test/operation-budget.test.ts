import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import type { Account } from './support/accounts.js';
import { execute, record } from './support/graphql-ws.js';
import { post, roomWithMembers } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

type Errors = readonly { message: string; extensions?: Record<string, unknown> }[];
type Outcome = { data?: unknown; errors?: Errors };

/** Room history nested in each message's room history, `aliases` times, page size `$n`. */
function nestedHistory(aliases: number): string {
  const one = (alias: string) => `${alias}: room(id: $room) {
    messages(first: $n) { edges { node { id body room {
      messages(first: $n) { edges { node { id body } } }
    } } } }
  }`;
  const fields = Array.from({ length: aliases }, (_, i) => one(`a${i}`)).join('\n');
  return `query Nested($room: ID!, $n: Int) { ${fields} }`;
}

const ROOMS_PAGE = 'query Rooms($n: Int) { rooms(first: $n) { edges { node { id } } } }';

async function overHttp(
  server: TestServer,
  query: string,
  variables: object,
  who?: Account,
): Promise<Outcome> {
  return server.request(query, variables, who);
}

async function overWebSocket(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  who?: Account,
): Promise<Outcome> {
  const client = server.wsClient({
    connectionParams: who ? { authorization: `Bearer ${who.token}` } : {},
  });
  try {
    return await execute(client, query, variables);
  } catch (rejection) {
    return { errors: rejection as Errors };
  } finally {
    await client.dispose();
  }
}

async function overSse(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  who?: Account,
): Promise<Outcome> {
  const client = createSseClient({
    url: `${server.url}/graphql`,
    retryAttempts: 0,
    headers: who ? { authorization: `Bearer ${who.token}` } : {},
  });
  try {
    for await (const result of client.iterate({ query, variables })) return result as Outcome;
    return {};
  } finally {
    client.dispose();
  }
}

const transports = [overHttp, overWebSocket, overSse];
const codesOf = (outcome: Outcome) => (outcome.errors ?? []).map((e) => e.extensions?.code);

describe('operation cost, computed with variables before execution', () => {
  const server = useTestServer({ env: { LOG_LEVEL: 'silent' } });

  it('refuses room history nested in message.room history, first given as a variable, on every transport', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    await post(server, owner, room.id, 'x'.repeat(4000));
    for (const transport of transports) {
      const started = performance.now();
      const outcome = await transport(server, nestedHistory(7), { room: room.id, n: 100 }, owner);
      expect(outcome.data ?? null, transport.name).toBeNull();
      expect(codesOf(outcome), transport.name).toEqual(['OPERATION_TOO_COSTLY']);
      expect(outcome.errors?.[0]?.extensions).toMatchObject({ maxCost: 50_000 });
      expect(Number(outcome.errors?.[0]?.extensions?.cost)).toBeGreaterThan(50_000);
      expect(performance.now() - started, transport.name).toBeLessThan(5_000);
    }
  });

  it('counts literal arguments the same as variables', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const literal = nestedHistory(1)
      .replace('($room: ID!, $n: Int)', '')
      .replace('$room', JSON.stringify(room.id))
      .replaceAll('$n', '100');
    const outcome = await overHttp(server, literal, {}, owner);
    expect(codesOf(outcome)).toEqual(['OPERATION_TOO_COSTLY']);
  });

  it('refuses fragments spread inside fragments whose selections multiply past what it evaluates', async () => {
    // F14 spreads F13 twice, …: 2^14 selections of a 200-token document.
    const fragments = Array.from(
      { length: 14 },
      (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`,
    ).join(' ');
    const bomb = `{ ...F14 } fragment F0 on Query { rooms(first: 1) { edges { node { id } } } } ${fragments}`;
    for (const transport of transports) {
      const outcome = await transport(server, bomb, {});
      expect(codesOf(outcome), transport.name).toEqual(['OPERATION_TOO_COSTLY']);
    }
  });

  it('measures a variable left out with its default, not as the explicit null seen before', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const withDefault = nestedHistory(2).replace('$n: Int', '$n: Int = 100');
    // An explicit null is the default page size (20): cheap enough, and remembered.
    const explicitNull = await overHttp(server, withDefault, { room: room.id, n: null }, owner);
    expect(codesOf(explicitNull)).toEqual([]);
    // Left out, $n is 100: the same document must not pass on the measure of null.
    for (const transport of transports) {
      const outcome = await transport(server, withDefault, { room: room.id }, owner);
      expect(codesOf(outcome), transport.name).toEqual(['OPERATION_TOO_COSTLY']);
    }
  });

  it('measures again when a directive’s variable adds selections, on every transport', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    // One nested history fits; six more behind @include(if: $more) do not.
    const hidden = nestedHistory(7)
      .replace('$n: Int', '$n: Int, $more: Boolean!')
      .replace(/(a1: [\s\S]*)\}$/, '... @include(if: $more) { $1 } }');
    expect(hidden).toContain('@include(if: $more)');
    for (const transport of transports) {
      const without = await transport(server, hidden, { room: room.id, n: 40, more: false }, owner);
      expect(codesOf(without), transport.name).toEqual([]);
      const withMore = await transport(server, hidden, { room: room.id, n: 40, more: true }, owner);
      expect(codesOf(withMore), transport.name).toEqual(['OPERATION_TOO_COSTLY']);
    }
  });

  it('measures a document again after a request whose variables did not fit it', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    // Cost fixed by literals; `$room` changes nothing but must be an ID.
    const literal = nestedHistory(1).replace('$n: Int', '').replaceAll('$n', '100');
    const invalid = await overHttp(server, literal, { room: { not: 'an id' } }, owner);
    expect(codesOf(invalid)).toEqual(['BAD_USER_INPUT']);
    const valid = await overHttp(server, literal, { room: room.id }, owner);
    expect(codesOf(valid)).toEqual(['OPERATION_TOO_COSTLY']);
    const again = await overHttp(server, literal, { room: room.id }, owner);
    expect(codesOf(again)).toEqual(['OPERATION_TOO_COSTLY']);
  });

  it('lets one room’s newest 100 messages with every field through', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    await post(server, owner, room.id, 'hello');
    const outcome = await overHttp(
      server,
      `query History($room: ID!, $n: Int) { room(id: $room) { id name topic memberCount unreadCount
        messages(last: $n) {
          edges { cursor node { id body clientMessageId createdAt editedAt deletedAt cursor
            author { id nickname createdAt online } room { id name } } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        } } }`,
      { room: room.id, n: 100 },
      owner,
    );
    expect(outcome.errors).toBeUndefined();
  });
});

describe('OPERATION_MAX_COST at its edge', () => {
  // rooms(first: n) { edges { node { id } } } costs 1 + 3n.
  const server = useTestServer({ env: { OPERATION_MAX_COST: '298' } });

  it('accepts the page that fits and refuses one more item, on every transport', async () => {
    const { owner } = await roomWithMembers(server, 0);
    for (const transport of transports) {
      expect(codesOf(await transport(server, ROOMS_PAGE, { n: 99 }, owner))).toEqual([]);
      const over = await transport(server, ROOMS_PAGE, { n: 100 }, owner);
      expect(codesOf(over), transport.name).toEqual(['OPERATION_TOO_COSTLY']);
      expect(over.errors?.[0]?.extensions).toMatchObject({ cost: 301, maxCost: 298 });
    }
  });
});

describe('RESPONSE_MAX_BYTES', () => {
  const server = useTestServer({ env: { RESPONSE_MAX_BYTES: '65536' } });

  it('replaces a response over the limit with RESPONSE_TOO_LARGE, and answers smaller ones', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    for (let i = 0; i < 20; i += 1) await post(server, owner, room.id, `${i}`.padEnd(4000, 'y'));
    const history =
      'query ($room: ID!, $n: Int) { room(id: $room) { messages(last: $n) { edges { node { body } } } } }';
    for (const transport of transports) {
      const small = await transport(server, history, { room: room.id, n: 10 }, owner);
      expect(small.errors, transport.name).toBeUndefined();
      const large = await transport(server, history, { room: room.id, n: 20 }, owner);
      expect(large.data ?? null, transport.name).toBeNull();
      expect(codesOf(large), transport.name).toEqual(['RESPONSE_TOO_LARGE']);
      expect(large.errors?.[0]?.extensions).toMatchObject({ maxBytes: 65_536 });
    }
  });

  it('bounds each subscription event too: an event over the limit arrives as RESPONSE_TOO_LARGE', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    for (let i = 0; i < 20; i += 1) await post(server, owner, room.id, `${i}`.padEnd(4000, 'z'));
    const client = server.wsClient({
      connectionParams: { authorization: `Bearer ${owner.token}` },
    });
    // Each event carries the room's latest 20 messages (about 80 KB): over 64 KiB.
    const live = record(
      client,
      `subscription ($room: ID!, $after: String) { roomMessages(roomId: $room, after: $after) {
        id room { messages(last: 20) { edges { node { body } } } } } }`,
      { room: room.id, after: null },
    );
    // Live once subscribed: keep posting until an event arrives (no fixed sleep).
    for (let i = 0; live.results.length === 0 && i < 100; i += 1) {
      await post(server, owner, room.id, 'small');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [event] = await live.waitFor(1);
    live.stop();
    expect(event?.data ?? null).toBeNull();
    expect(event?.errors?.map((e) => e.extensions?.code)).toEqual(['RESPONSE_TOO_LARGE']);
  });
});

describe('the remembered costs, bounded with the document they belong to', () => {
  const server = useTestServer();

  it('keeps no copy of a long operation name per remembered variable value', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const settledHeap = () => {
      collectGarbage();
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    // A name of about 19,900 characters is one token: the document is charged about 50 KB in
    // the document cache, while each value of `$n` used to keep its own copy of the name.
    const documentWithName = (d: number) => {
      const name = `Q${d}${'x'.repeat(19_900)}`;
      return {
        name,
        query: `query ${name}($n: Int) { rooms(first: $n) { edges { node { id } } } }`,
      };
    };
    const client = server.wsClient();
    await execute(client, documentWithName(0).query, { n: 1 }); // warm up
    const before = settledHeap();
    for (let d = 1; d <= 6; d += 1) {
      const { name, query } = documentWithName(d);
      for (let n = 0; n < 128; n += 16) {
        await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            client.iterate({ query, operationName: name, variables: { n: n + i } }).next(),
          ),
        );
      }
    }
    const grown = settledHeap() - before;
    if (process.env.CHARLA_REPORT_HEAP) console.log(`heap grown by ${grown} bytes`);
    // Six documents cost about 0.3 MB; one name kept per value, about 15 MB.
    expect(grown).toBeLessThan(5 * 1024 * 1024);
  });
});
