import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime, getGraphQLWSOptions } from '@graphql-hive/gateway-runtime';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { subgraphSdlPath } from '../src/schema/sdl.js';
import { signUp } from './support/accounts.js';
import { COMPANY, companyToken } from './support/company.js';
import { graphqlRequest } from './support/endpoint.js';
import { post, roomWithMembers } from './support/rooms.js';
import { startTestServer, type TestServer } from './support/server.js';

/** A tiny second subgraph, as another team would run: it adds `User.avatarUrl`. */
const profilesTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
  type User @key(fields: "id") {
    id: ID!
    avatarUrl: String!
  }
`);

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

describe('behind a real gateway (Hive Gateway) composed with a second subgraph', () => {
  let charla: TestServer;
  let profiles: Server;
  let gateway: Server;
  let gatewayUrl: string;

  beforeAll(async () => {
    charla = await startTestServer({ env: { FEDERATION: 'true', ...COMPANY } });
    const profilesYoga = createYoga({
      schema: buildSubgraphSchema([
        {
          typeDefs: profilesTypeDefs,
          resolvers: {
            User: {
              __resolveReference: (user: { id: string }) => user,
              avatarUrl: (user: { id: string }) => `https://avatars.example/${user.id}.png`,
            },
          },
        },
      ]),
      logging: false,
    });
    profiles = createServer(profilesYoga);
    const profilesUrl = await listen(profiles);

    const composition = composeServices([
      {
        name: 'charla',
        typeDefs: parse(readFileSync(subgraphSdlPath, 'utf8')),
        url: `${charla.url}/graphql`,
      },
      { name: 'profiles', typeDefs: profilesTypeDefs, url: `${profilesUrl}/graphql` },
    ]);
    if (composition.errors) throw new Error(composition.errors.map((e) => e.message).join('\n'));
    const runtime = createGatewayRuntime({
      supergraph: composition.supergraphSdl,
      // The caller's identity travels to the subgraphs with every request.
      propagateHeaders: {
        fromClientToSubgraphs: ({ request }) => ({
          authorization: request.headers.get('authorization') ?? '',
        }),
      },
      logging: false,
      maskedErrors: process.env.DEBUG_GATEWAY ? false : undefined,
    });
    gateway = createServer(runtime);
    // graphql-ws on the gateway too: connection_init's authorization becomes the header that
    // propagateHeaders forwards, as Hive Gateway's own server does.
    useServer(
      getGraphQLWSOptions(runtime, (ctx) => ({
        request: new Request(`http://gateway${runtime.graphqlEndpoint}`, {
          headers: { authorization: String(ctx.connectionParams?.authorization ?? '') },
        }),
      })),
      new WebSocketServer({ server: gateway, path: runtime.graphqlEndpoint }),
    );
    gatewayUrl = await listen(gateway);
  }, 60_000);

  afterAll(async () => {
    gateway?.closeAllConnections();
    profiles?.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => gateway?.close(resolve)),
      new Promise((resolve) => profiles?.close(resolve)),
    ]);
    await charla?.stop();
  });

  it('joins Charla’s users with the profiles subgraph’s field, as the signed-in caller', async () => {
    const account = await signUp(charla);
    const { data, errors } = await graphqlRequest<
      { me: { id: string; nickname: string; avatarUrl: string } },
      object
    >(gatewayUrl, '{ me { id nickname avatarUrl } }', {}, account);
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(data?.me).toEqual({
      id: account.user.id,
      nickname: account.user.nickname,
      avatarUrl: `https://avatars.example/${account.user.id}.png`,
    });
  });

  it('recognises people signed in to the company: their JWT passes through to Charla', async () => {
    const token = await companyToken(`gateway-${Date.now()}`);
    const direct = await graphqlRequest<{ me: { id: string } }, object>(
      charla.url,
      '{ me { id } }',
      {},
      { token },
    );
    const viaGateway = await graphqlRequest<{ me: { id: string; nickname: string } }, object>(
      gatewayUrl,
      '{ me { id nickname } }',
      {},
      { token },
    );
    expect(viaGateway.data?.me).toEqual({ id: direct.data?.me.id, nickname: '' });
  });

  it('refuses a forged company JWT through the gateway', async () => {
    const forged = await companyToken('gateway-forged', {
      secret: 'an attacker’s own secret, not ours',
    });
    const { data, errors } = await graphqlRequest<{ me: { id: string } | null }, object>(
      gatewayUrl,
      '{ me { id } }',
      {},
      { token: forged },
    );
    expect(data?.me ?? null).toBeNull();
    expect(JSON.stringify(errors)).toMatch(/UNAUTHENTICATED|401|invalid, expired or revoked/);
  });

  it('runs a mutation through the gateway', async () => {
    const { room, owner } = await roomWithMembers(charla, 0);
    const { data } = await graphqlRequest<
      { postMessage: { body: string; author: { avatarUrl: string } } },
      object
    >(
      gatewayUrl,
      'mutation ($r: ID!) { postMessage(roomId: $r, body: "via the gateway") { body author { avatarUrl } } }',
      { r: room.id },
      owner,
    );
    expect(data?.postMessage).toEqual({
      body: 'via the gateway',
      author: { avatarUrl: `https://avatars.example/${owner.user.id}.png` },
    });
  });

  it('delivers a roomMessages subscription through the gateway (SSE), to members only', async () => {
    const { room, owner } = await roomWithMembers(charla, 0);
    const outsider = await signUp(charla);
    const subscribe = (token: string) =>
      createSseClient({
        url: `${gatewayUrl}/graphql`,
        headers: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
    const member = subscribe(owner.token);
    const stranger = subscribe(outsider.token);
    try {
      const query =
        'subscription ($r: ID!) { roomMessages(roomId: $r) { body author { nickname avatarUrl } } }';
      const live = member.iterate<{ roomMessages: { body: string } }>({
        query,
        variables: { r: room.id },
      });
      const refused = stranger.iterate({ query, variables: { r: room.id } });
      const first = live.next();
      const strangerFirst = refused.next();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await post(charla, owner, room.id, 'live through the gateway');
      expect((await first).value?.data?.roomMessages).toMatchObject({
        body: 'live through the gateway',
        author: { avatarUrl: `https://avatars.example/${owner.user.id}.png` },
      });
      const denied = await strangerFirst;
      expect(JSON.stringify(denied.value)).toContain('FORBIDDEN');
      await live.return?.();
    } finally {
      member.dispose();
      stranger.dispose();
    }
  });

  it('delivers a roomMessages subscription through the gateway over graphql-ws', async () => {
    const { room, owner } = await roomWithMembers(charla, 0);
    const client = createWsClient({
      url: `${gatewayUrl.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${owner.token}` },
    });
    try {
      const live = client.iterate<{ roomMessages: { body: string } }>({
        query: 'subscription ($r: ID!) { roomMessages(roomId: $r) { body author { avatarUrl } } }',
        variables: { r: room.id },
      });
      const first = live.next();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await post(charla, owner, room.id, 'over graphql-ws through the gateway');
      expect((await first).value?.data?.roomMessages).toMatchObject({
        body: 'over graphql-ws through the gateway',
      });
      await live.return?.();
    } finally {
      await client.dispose();
    }
  });
});
