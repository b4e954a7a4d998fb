import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../src/schema/global-id.js';
import { post, roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on User { id nickname }
    ... on Room { id name memberCount }
    ... on Message { id body }
  }
}`;

type Entities = { _entities: ({ id: string } | null)[] };

/**
 * SQLite (as Prisma drives it) takes at most 999 bound parameters per statement: every batch
 * a request can make (entity references, loaders behind lists) is loaded in chunks.
 */
describe('_entities with many references (FEDERATION=true)', () => {
  const MAX_REFERENCES = 1_200;
  const server = useTestServer({
    env: { FEDERATION: 'true', FEDERATION_MAX_REFERENCES: String(MAX_REFERENCES) },
  });

  it('resolves 500 distinct message references, each checked for the viewer', async () => {
    const { room, owner } = await roomWithMembers(server, 0);
    const ids: string[] = [];
    for (let batch = 0; batch < 5; batch += 1) {
      const posted = await Promise.all(
        Array.from({ length: 100 }, (_, i) => post(server, owner, room.id, `m${batch * 100 + i}`)),
      );
      ids.push(...posted.map((message) => message.id));
    }
    const representations = ids.map((id) => ({ __typename: 'Message', id }));
    const { data, errors } = await server.request<Entities, object>(
      ENTITIES,
      { representations },
      owner,
    );
    expect(errors).toBeUndefined();
    expect(data?._entities.map((entity) => entity?.id)).toEqual(ids);
  });

  it('resolves 1,100 distinct room references with their member counts', async () => {
    const { owner } = await roomWithMembers(server, 0);
    const db = server.running.database.db;
    const prefix = `bulk-${Date.now().toString(36)}`;
    await db.room.createMany({
      data: Array.from({ length: 1_100 }, (_, i) => ({
        name: `${prefix}-${i}`,
        nameKey: `${prefix}-${i}`,
      })),
    });
    const rooms = await db.room.findMany({
      where: { nameKey: { startsWith: prefix } },
      orderBy: { id: 'asc' },
    });
    const representations = rooms.map((room) => ({
      __typename: 'Room',
      id: encodeGlobalId('Room', room.id),
    }));
    const { data, errors } = await server.request<Entities, object>(
      ENTITIES,
      { representations },
      owner,
    );
    expect(errors).toBeUndefined();
    expect(data?._entities).toHaveLength(1_100);
    expect(data?._entities.every((room) => room !== null)).toBe(true);
  });

  it(`refuses more than FEDERATION_MAX_REFERENCES references before resolving any`, async () => {
    const { owner } = await roomWithMembers(server, 0);
    const representations = Array.from({ length: MAX_REFERENCES + 1 }, () => ({
      __typename: 'User',
      id: owner.user.id,
    }));
    const response = await server.request<Entities, object>(ENTITIES, { representations }, owner);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.map((error) => error.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'representations' },
    ]);
  });
});

describe('_entities reference bound, by default', () => {
  const server = useTestServer({ env: { FEDERATION: 'true' } });

  it('answers 500 references and refuses 501 with BAD_USER_INPUT on representations', async () => {
    const { owner } = await roomWithMembers(server, 0);
    const references = (count: number) =>
      Array.from({ length: count }, () => ({ __typename: 'User', id: owner.user.id }));
    const fitting = await server.request<Entities, object>(
      ENTITIES,
      { representations: references(500) },
      owner,
    );
    expect(fitting.errors).toBeUndefined();
    expect(fitting.data?._entities).toHaveLength(500);
    const over = await server.request<Entities, object>(
      ENTITIES,
      { representations: references(501) },
      owner,
    );
    expect(over.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'representations',
    });
  });
});
