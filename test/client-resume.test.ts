import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { charlaApolloClient } from '../docs/examples/apollo.js';
import { charlaUrqlClient } from '../docs/examples/urql.js';
import { PostMessageDocument, RoomMessagesDocument } from './generated/graphql.js';
import type { Account } from './support/accounts.js';
import { graphqlRequest } from './support/endpoint.js';
import { committedSequence, liveCursorOf, roomWithMembers } from './support/rooms.js';
import { startTestServer, type TestServer, temporaryDatabaseFile } from './support/server.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { until } from './support/until.js';

/**
 * The README's client pattern for Apollo Client and urql (docs/examples), run as shown against a
 * real server whose sockets drop and which restarts while messages are posted: every message
 * arrives once, in order. And why the pattern is needed: graphql-ws's default retry re-sends
 * the original variables.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Follow = (
  urls: { http: string; ws: string },
  reader: Account,
  variables: { roomId: string; after?: string },
  onMessage: (id: string) => void,
) => () => void;

type RoomMessage = { roomMessages: { id: string; cursor: string } };

/** What an application does with the README's Apollo client. */
const followWithApollo: Follow = (urls, reader, variables, onMessage) => {
  const client = charlaApolloClient(urls.http, urls.ws, reader.token, { webSocketImpl: WebSocket });
  const subscription = client
    .subscribe<RoomMessage>({ query: parse(String(RoomMessagesDocument)), variables })
    .subscribe(({ data, error }) => {
      if (error) throw error;
      if (data) onMessage(data.roomMessages.id);
    });
  return () => subscription.unsubscribe();
};

/** What an application does with the README's urql client. */
const followWithUrql: Follow = (urls, reader, variables, onMessage) => {
  const client = charlaUrqlClient(urls.http, urls.ws, reader.token, { webSocketImpl: WebSocket });
  const subscription = client
    .subscription<RoomMessage>(String(RoomMessagesDocument), variables)
    .subscribe(({ data, error }) => {
      if (error) throw error;
      if (data) onMessage(data.roomMessages.id);
    });
  return () => subscription.unsubscribe();
};

/** graphql-ws with its defaults (retry on), as the issue found it. */
const followWithDefaults: Follow = (urls, reader, variables, onMessage) => {
  const client = createClient({
    url: urls.ws,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${reader.token}` },
  });
  const stop = client.subscribe<RoomMessage>(
    { query: String(RoomMessagesDocument), variables },
    {
      next: ({ data }) => data && onMessage(data.roomMessages.id),
      error: () => {},
      complete: () => {},
    },
  );
  return () => {
    stop();
    void client.dispose();
  };
};

describe('resuming clients through dropped sockets and a restart', () => {
  const database = temporaryDatabaseFile();
  let server: TestServer;
  let port: number;
  // Clients connect through it: the test cuts their connections as a network drop would.
  let proxy: TcpProxy;
  const proxyWsUrl = () => `ws://127.0.0.1:${proxy.port}/graphql`;
  const restart = async () => {
    await server.stop();
    server = await startTestServer({ databaseFile: database.file, env: { PORT: String(port) } });
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseFile: database.file });
    port = server.running.port;
    proxy = await startTcpProxy(() => port);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
    database.cleanup();
  });

  /** Posts `count` messages, paced, each retried with its clientMessageId until acknowledged. */
  async function postPaced(
    owner: Account,
    roomId: string,
    count: number,
    acknowledged: string[],
    prefix = 'm',
  ) {
    for (let i = 0; i < count; i += 1) {
      for (;;) {
        const variables = { roomId, body: `${prefix}${i}`, clientMessageId: `${prefix}${i}` };
        const response = await graphqlRequest(
          `http://127.0.0.1:${port}`,
          PostMessageDocument,
          variables,
          owner,
        ).catch(() => undefined); // the server is restarting
        const id = response?.data?.postMessage?.id;
        if (id) {
          acknowledged.push(id);
          break;
        }
        await sleep(50);
      }
      await sleep(15);
    }
  }

  it.each([
    ['Apollo Client 4', followWithApollo],
    ['urql', followWithUrql],
  ] as const)('%s as the README shows: every message once, in order', async (_name, follow) => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;
    const urls = { http: `http://127.0.0.1:${port}/graphql`, ws: proxyWsUrl() };
    const after = await liveCursorOf(server, reader, room.id);
    const received: string[] = [];
    const stop = follow(urls, reader, { roomId: room.id, after }, (id) => received.push(id));

    const acknowledged: string[] = [];
    const posting = postPaced(owner, room.id, 60, acknowledged);
    await until(() => received.length >= 10, '10 messages');
    proxy.dropAll(); // the network drops
    await until(() => acknowledged.length >= 30, '30 posts');
    await restart(); // the server restarts
    await posting;

    const committed = await committedSequence(server, owner, room.id);
    expect(committed).toHaveLength(60);
    await until(() => received.length >= committed.length, 'every message');
    await sleep(200); // nothing more arrives
    stop();
    expect(received).toEqual(committed);
  });

  it('with graphql-ws’s default retry, a drop loses messages (no `after`) or repeats them (`after`)', async () => {
    const { room, owner, members } = await roomWithMembers(server, 1);
    const reader = members[0] as Account;
    const urls = { http: `http://127.0.0.1:${port}/graphql`, ws: proxyWsUrl() };
    const after = await liveCursorOf(server, reader, room.id);
    const fromNow: string[] = [];
    const fromCursor: string[] = [];
    const stops = [
      followWithDefaults(urls, reader, { roomId: room.id }, (id) => fromNow.push(id)),
      followWithDefaults(urls, reader, { roomId: room.id, after }, (id) => fromCursor.push(id)),
    ];
    await sleep(300); // both subscribed
    const acknowledged: string[] = [];
    await postPaced(owner, room.id, 5, acknowledged);
    await until(() => fromNow.length >= 5 && fromCursor.length >= 5, 'the first 5');
    proxy.dropAll();
    await postPaced(owner, room.id, 5, acknowledged, 'gap'); // while graphql-ws waits to retry (≥ 1.3 s)
    // Its retry subscribes again after the same liveCursor: the first 5 come again, then the gap.
    await until(() => fromCursor.length >= 15, 'the retry', 15_000);
    await sleep(300);
    for (const stop of stops) stop();
    expect(fromNow.length).toBeLessThan(acknowledged.length); // lost
    expect(fromCursor.length).toBeGreaterThan(acknowledged.length); // repeated
    expect(fromCursor.slice(5, 10)).toEqual(acknowledged.slice(0, 5)); // replayed from `after` again
  });
});

describe('the README', () => {
  it('quotes the client examples exactly as tested', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const file of ['resuming-subscribe.ts', 'apollo.ts', 'urql.ts']) {
      const code = readFileSync(new URL(`../docs/examples/${file}`, import.meta.url), 'utf8');
      expect(readme, file).toContain(`\`\`\`ts\n${code}\`\`\``);
    }
  });
});
