import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { subgraphSdlPath } from '../src/schema/sdl.js';
import { signUp } from './support/accounts.js';
import { post, roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on User { id nickname }
    ... on Room { id name }
    ... on Message { id body }
  }
}`;

describe('Charla as an Apollo Federation v2 subgraph (FEDERATION=true)', () => {
  const server = useTestServer({ env: { FEDERATION: 'true' } });

  it('answers _service { sdl } with the checked-in subgraph SDL: User, Room and Message keyed by id', async () => {
    const { data } = await server.request<{ _service: { sdl: string } }, never>(
      '{ _service { sdl } }',
    );
    const sdl = data?._service.sdl ?? '';
    expect(`${sdl}\n`).toBe(readFileSync(subgraphSdlPath, 'utf8'));
    for (const type of ['User', 'Room', 'Message']) {
      expect(sdl).toMatch(new RegExp(`type ${type} implements Node\\s+@key\\(fields: "id"\\)`));
    }
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
  });

  it('resolves each entity by reference for a viewer allowed to see it', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const message = await post(server, owner, room.id, 'referenced');
    const representations = [
      { __typename: 'User', id: owner.user.id },
      { __typename: 'Room', id: room.id },
      { __typename: 'Message', id: message.id },
    ];
    const { data, errors } = await server.request<{ _entities: unknown[] }, object>(
      ENTITIES,
      { representations },
      owner,
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toEqual([
      { __typename: 'User', id: owner.user.id, nickname: owner.user.nickname },
      { __typename: 'Room', id: room.id, name: room.name },
      { __typename: 'Message', id: message.id, body: 'referenced' },
    ]);
  });

  it('resolves a message to null for someone who may not see it, and users only when signed in', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const message = await post(server, owner, room.id, 'members only');
    const outsider = await signUp(server);
    const asOutsider = await server.request<{ _entities: unknown[] }, object>(
      ENTITIES,
      { representations: [{ __typename: 'Message', id: message.id }] },
      outsider,
    );
    expect(asOutsider.data?._entities).toEqual([null]);
    const signedOut = await server.request<{ _entities: unknown[] }, object>(ENTITIES, {
      representations: [{ __typename: 'User', id: owner.user.id }],
    });
    expect(signedOut.data?._entities).toEqual([null]);
  });
});
