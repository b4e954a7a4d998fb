import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteAccountDocument,
  DirectMessagesDocument,
  LoginDocument,
  MeDocument,
  SuspendUserDocument,
} from './generated/graphql.js';
import { freshNickname, PASSWORD, signUp } from './support/accounts.js';
import { graphqlRequest } from './support/endpoint.js';
import { connectWs, nextClose, record } from './support/graphql-ws.js';
import { sendDirect } from './support/rooms.js';
import { type ServerProcess, spawnServerProcess } from './support/server-process.js';
import { createTestDatabase, freshRedisPrefix, REDIS_URL } from './support/services.js';

const adminName = freshNickname('admin');
const codeOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;

/** Opens a socket on `server` for `token` that follows its direct messages, proven delivering. */
async function liveSocket(server: ServerProcess, token: string, feed: () => Promise<unknown>) {
  const socket = connectWs(server, { token });
  const closed = nextClose(socket);
  const live = record(socket, DirectMessagesDocument, {});
  live.done.catch(() => {});
  for (let attempt = 0; live.results.length === 0 && attempt < 50; attempt += 1) {
    await feed();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(live.results.length).toBeGreaterThan(0);
  return { socket, closed };
}

describe('suspension and account deletion across instances (PostgreSQL + Redis)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: await freshRedisPrefix(),
      ADMIN_NICKNAMES: adminName,
      // The periodic re-check is out of the way: the bus closes the socket.
      ACCESS_REVALIDATION_SECONDS: '3600',
    };
    a = await spawnServerProcess(env); // migrates the database
    b = await spawnServerProcess(env);
  }, 60_000);

  afterAll(async () => {
    for (const server of [a, b]) server?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    await database?.drop();
  });

  it('a suspension made on A closes the user’s socket on B with 4403 at once, and B refuses their login', async () => {
    const admin = await signUp(a, adminName);
    const target = await signUp(a);
    const { socket, closed } = await liveSocket(b, target.token, () =>
      sendDirect(a, admin, target, 'hi'),
    );
    const suspended = await graphqlRequest(
      a.url,
      SuspendUserDocument,
      { userId: target.user.id },
      admin,
    );
    expect(suspended.errors).toBeUndefined();
    expect(await closed).toBe(4403);
    await socket.dispose();
    expect(codeOf(await graphqlRequest(b.url, MeDocument, {}, target))).toBe('UNAUTHENTICATED');
    const login = await graphqlRequest(b.url, LoginDocument, {
      nickname: target.user.nickname,
      password: PASSWORD,
    });
    expect(codeOf(login)).toBe('ACCOUNT_SUSPENDED');
  });

  it('an account deleted on A closes its socket on B with 4403', async () => {
    const friend = await signUp(a);
    const leaving = await signUp(a);
    const { socket, closed } = await liveSocket(b, leaving.token, () =>
      sendDirect(a, friend, leaving, 'hi'),
    );
    const deleted = await graphqlRequest(
      a.url,
      DeleteAccountDocument,
      { password: PASSWORD },
      leaving,
    );
    expect(deleted.data?.deleteAccount).toBe(true);
    expect(await closed).toBe(4403);
    await socket.dispose();
  });
});
