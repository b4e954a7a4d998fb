import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { subgraphSdlPath } from '../src/schema/sdl.js';
import { SDL_SECRET_HEADER } from '../src/server/federation-access.js';
import { execute } from './support/graphql-ws.js';
import { roomWithMembers } from './support/rooms.js';
import { type TestServer, useTestServer } from './support/server.js';

type Outcome = {
  data?: { _service?: { sdl: string } } | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
};

async function sdlRequest(
  server: TestServer,
  query: string,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as Outcome;
}

const SDL = '{ _service { sdl } }';
const THROUGH_FRAGMENTS = '{ ... on Query { ...S } } fragment S on Query { _service { sdl } }';
const sdlFile = () => readFileSync(subgraphSdlPath, 'utf8');

describe('_service { sdl } with FEDERATION_SDL_SECRET', () => {
  const secret = 'gateway-secret-0123456789';
  const server = useTestServer({
    env: { FEDERATION: 'true', INTROSPECTION: 'false', FEDERATION_SDL_SECRET: secret },
  });

  it('is refused with FORBIDDEN, before anything runs, without the secret header or with a wrong one', async () => {
    for (const [query, headers] of [
      [SDL, {}],
      [SDL, { [SDL_SECRET_HEADER]: 'gateway-secret-wrong-000' }],
      [THROUGH_FRAGMENTS, {}],
    ] as const) {
      const outcome = await sdlRequest(server, query, headers);
      expect(outcome.data ?? null).toBeNull();
      expect(outcome.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(outcome)).not.toContain('type Room');
    }
  });

  it('is refused over graphql-ws too', async () => {
    let outcome: Outcome;
    try {
      outcome = (await execute(server.wsClient(), SDL)) as Outcome;
    } catch (rejection) {
      outcome = { errors: rejection as Outcome['errors'] };
    }
    expect(outcome.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('answers the gateway that sends the secret', async () => {
    const outcome = await sdlRequest(server, SDL, { [SDL_SECRET_HEADER]: secret });
    expect(outcome.errors).toBeUndefined();
    expect(`${outcome.data?._service?.sdl}\n`).toBe(sdlFile());
  });

  it('leaves _entities to the caller’s rights, secret or not', async () => {
    const { owner } = await roomWithMembers(server, 0);
    const { data, errors } = await server.request<{ _entities: unknown[] }, object>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id } } }',
      { r: [{ __typename: 'User', id: owner.user.id }] },
      owner,
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([{ id: owner.user.id }]);
  });
});

describe('_service { sdl } without FEDERATION_SDL_SECRET', () => {
  const server = useTestServer({ env: { FEDERATION: 'true', INTROSPECTION: 'false' } });

  it('is served to anyone, as before (the operator chose not to restrict it)', async () => {
    const outcome = await sdlRequest(server, SDL);
    expect(`${outcome.data?._service?.sdl}\n`).toBe(sdlFile());
  });
});
