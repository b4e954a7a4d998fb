import { describe, expect, it } from 'vitest';
import { LogoutDocument, MeDocument, RoomMessagesDocument } from './generated/graphql.js';
import { signUp } from './support/accounts.js';
import { execute, nextClose, record } from './support/graphql-ws.js';
import { post, roomWithMembers } from './support/rooms.js';
import { useTestServer } from './support/server.js';

/** What GraphiQL sends with each operation: its Headers panel, in `extensions.headers`. */
const headers = (token: string, name = 'Authorization') => ({
  headers: { [name]: `Bearer ${token}`, 'X-Other': 'ignored' },
});

type Me = { me: { id: string; online: boolean } | null };

/** Waits until `check` holds, polling; fails with its last value after `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('an operation signed in by its own token (GraphiQL over graphql-ws)', () => {
  const server = useTestServer();

  it('runs as the token in extensions.headers on an anonymous socket, whatever its case', async () => {
    const { room, members } = await roomWithMembers(server, 2);
    const [reader, poster] = members as [(typeof members)[0], (typeof members)[0]];
    const socket = server.wsClient();

    for (const name of ['Authorization', 'authorization', 'AUTHORIZATION']) {
      const me = await execute<Me>(socket, MeDocument, {}, headers(reader.token, name));
      expect(me.data?.me?.id).toBe(reader.user.id);
    }
    // Operations without the header stay anonymous on the same socket.
    expect(await execute<Me>(socket, MeDocument)).toEqual({ data: { me: null } });

    const live = record(socket, RoomMessagesDocument, { roomId: room.id }, headers(reader.token));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = await post(server, poster, room.id, 'seen through GraphiQL');
    const [first] = await live.waitFor(1);
    expect(first?.data).toMatchObject({ roomMessages: { id: sent.id, body: sent.body } });
    live.stop();
  });

  it('answers UNAUTHENTICATED to a bad token in extensions, and keeps the socket open', async () => {
    const { room, members } = await roomWithMembers(server, 1);
    const socket = server.wsClient();
    for (const authorization of ['Bearer charla_nope', 'nonsense']) {
      const subscription = record(
        socket,
        RoomMessagesDocument,
        { roomId: room.id },
        { headers: { authorization } },
      );
      await expect(subscription.done).rejects.toMatchObject([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        }),
      ]);
    }
    const notAString = record(socket, MeDocument, {}, { headers: { Authorization: 42 } });
    await expect(notAString.done).rejects.toMatchObject([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_REQUEST' }) }),
    ]);
    const me = await execute<Me>(socket, MeDocument, {}, headers(members[0]?.token as string));
    expect(me.data?.me?.id).toBe(members[0]?.user.id);
  });

  it('refuses a different token on a socket signed in by connection_init; the same one is fine', async () => {
    const alice = await signUp(server);
    const bob = await signUp(server);
    const socket = server.wsClient({
      connectionParams: { authorization: `Bearer ${alice.token}` },
    });
    const mixed = record(socket, MeDocument, {}, headers(bob.token));
    await expect(mixed.done).rejects.toMatchObject([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_REQUEST' }) }),
    ]);
    const same = await execute<Me>(socket, MeDocument, {}, headers(alice.token));
    expect(same.data?.me?.id).toBe(alice.user.id);
  });

  it('ends the subscriptions a token authorised when it logs out, not the socket', async () => {
    const { room, members } = await roomWithMembers(server, 2);
    const [reader, other] = members as [(typeof members)[0], (typeof members)[0]];
    const socket = server.wsClient();
    const readerLive = record(
      socket,
      RoomMessagesDocument,
      { roomId: room.id },
      headers(reader.token),
    );
    const otherLive = record(
      socket,
      RoomMessagesDocument,
      { roomId: room.id },
      headers(other.token),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    await server.request(LogoutDocument, {}, reader);
    await readerLive.done;
    expect(readerLive.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual([
      'UNAUTHENTICATED',
    ]);
    const sent = await post(server, other, room.id, 'still here');
    const [first] = await otherLive.waitFor(1);
    expect(first?.data).toMatchObject({ roomMessages: { id: sent.id } });
    const refused = record(socket, MeDocument, {}, headers(reader.token));
    await expect(refused.done).rejects.toMatchObject([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    ]);
    otherLive.stop();
  });

  it('counts the viewer online while such a subscription runs', async () => {
    const { room, members } = await roomWithMembers(server, 1);
    const reader = members[0] as (typeof members)[0];
    const online = async () =>
      ((await server.request(MeDocument, {}, reader)).data as Me).me?.online === true;
    expect(await online()).toBe(false);

    const socket = server.wsClient();
    const live = record(socket, RoomMessagesDocument, { roomId: room.id }, headers(reader.token));
    await eventually(online);
    live.stop();
    await eventually(async () => !(await online()));
  });
});

describe('a socket signed in by connection_init, as clients write it', () => {
  const server = useTestServer();

  it('finds the token as Authorization in any case, or inside headers', async () => {
    const account = await signUp(server);
    const authorization = `Bearer ${account.token}`;
    for (const connectionParams of [
      { authorization },
      { Authorization: authorization },
      { headers: { Authorization: authorization } },
      { headers: { authorization }, authorization },
    ]) {
      const me = await execute<Me>(server.wsClient({ connectionParams }), MeDocument);
      expect(me.data?.me?.id).toBe(account.user.id);
    }
  });

  it('refuses a payload with two different tokens (4403), never picking one', async () => {
    const alice = await signUp(server);
    const bob = await signUp(server);
    const client = server.wsClient({
      connectionParams: {
        authorization: `Bearer ${alice.token}`,
        headers: { Authorization: `Bearer ${bob.token}` },
      },
    });
    const closed = nextClose(client);
    await expect(execute(client, MeDocument)).rejects.toBeDefined();
    expect(await closed).toBe(4403);
  });
});

describe('operations signed in by their own token, counted per user', () => {
  const server = useTestServer({ env: { MAX_SSE_STREAMS_PER_USER: '2' } });

  /** The codes a subscription ended with, or "running" if it is still live after `ms`. */
  async function outcome(
    live: {
      done: Promise<void>;
      results: { errors?: readonly { extensions?: Record<string, unknown> }[] }[];
    },
    ms = 3_000,
  ) {
    const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[] = []) =>
      errors.map((e) => String(e.extensions?.code));
    return Promise.race([
      live.done.then(
        () => live.results.flatMap((r) => codesOf(r.errors)),
        (errors) => codesOf(errors as []),
      ),
      new Promise<string[]>((resolve) => setTimeout(() => resolve(['running']), ms)),
    ]);
  }

  it('caps one token’s subscriptions over anonymous sockets as it caps its SSE streams', async () => {
    const { room, members } = await roomWithMembers(server, 1);
    const reader = members[0] as (typeof members)[0];
    // Each on an anonymous socket of its own, which no per-user socket cap counts: without a
    // cap of their own, one token keeps any number of anonymous sockets open (and busy).
    const subscribe = () =>
      record(server.wsClient(), RoomMessagesDocument, { roomId: room.id }, headers(reader.token));
    const first = subscribe();
    const second = subscribe();
    expect(await outcome(second, 500)).toEqual(['running']);
    const third = subscribe();
    expect(await outcome(third)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    first.stop();
    const again = subscribe();
    expect(await outcome(again, 1_000)).toEqual(['running']);
    second.stop();
    again.stop();
  });
});
