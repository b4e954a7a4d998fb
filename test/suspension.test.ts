import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  AdminActionsDocument,
  ClaimNicknameDocument,
  DirectMessagesDocument,
  LoginDocument,
  MeDocument,
  MeSafetyDocument,
  SuspendUserDocument,
  UnsuspendUserDocument,
  UserSafetyDocument,
} from './generated/graphql.js';
import { type Account, dataOf, freshNickname, PASSWORD, signUp } from './support/accounts.js';
import { COMPANY } from './support/company.js';
import { nextClose, record } from './support/graphql-ws.js';
import { sendDirect } from './support/rooms.js';
import { useTestServer } from './support/server.js';

const adminName = freshNickname('admin');
const codeOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.[0]?.extensions?.code;

/** A company token with an optional admin claim, unique per call (its own `jti`). */
function companyToken(subject: string, claims: Record<string, unknown> = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(COMPANY.JWT_ISSUER)
    .setAudience(COMPANY.JWT_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(COMPANY.JWT_SECRET));
}

describe('suspensions (admins named by ADMIN_NICKNAMES and ADMIN_CLAIM)', () => {
  // Named in another letter case: admins are compared by nickname key.
  const server = useTestServer({
    env: {
      ...COMPANY,
      ADMIN_NICKNAMES: ` nobody_here, ${adminName.toUpperCase()}`,
      ADMIN_CLAIM: 'roles',
    },
  });
  let admin: Account;
  const adminAccount = async () => {
    admin ??= await signUp(server, adminName);
    return admin;
  };

  it('tells admins apart: isAdmin is true for a named nickname only', async () => {
    const me = await adminAccount();
    const other = await signUp(server);
    expect(dataOf(await server.request(MeSafetyDocument, {}, me), 'me').isAdmin).toBe(true);
    const seen = dataOf(
      await server.request(UserSafetyDocument, { nickname: other.user.nickname }, me),
      'user',
    );
    expect(seen).toMatchObject({ isAdmin: false, deleted: false });
  });

  it('refuses suspensions by non-admins with FORBIDDEN, and nothing changes', async () => {
    const mallory = await signUp(server);
    const victim = await signUp(server);
    const refused = await server.request(SuspendUserDocument, { userId: victim.user.id }, mallory);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const login = await server.request(LoginDocument, {
      nickname: victim.user.nickname,
      password: PASSWORD,
    });
    expect(login.data?.login.token).toBeTruthy();
    const log = await server.request(AdminActionsDocument, { first: 10 }, mallory);
    expect(codeOf(log)).toBe('FORBIDDEN');
  });

  it('closes the suspended user’s sockets with 4403, refuses their old tokens and their logins until lifted, and records both actions', async () => {
    const me = await adminAccount();
    const target = await signUp(server);
    const second = dataOf(
      await server.request(LoginDocument, { nickname: target.user.nickname, password: PASSWORD }),
      'login',
    );
    const socket = server.wsClient({
      connectionParams: { authorization: `Bearer ${target.token}` },
    });
    const closed = nextClose(socket);
    const live = record(socket, DirectMessagesDocument, {});
    live.done.catch(() => {});
    // The socket is open and its subscription delivering before the suspension.
    for (let attempt = 0; live.results.length === 0 && attempt < 40; attempt += 1) {
      await sendDirect(server, me, target, 'hello');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(live.results.length).toBeGreaterThan(0);

    const suspended = await server.request(
      SuspendUserDocument,
      { userId: target.user.id, reason: 'spam' },
      me,
    );
    expect(suspended.errors).toBeUndefined();
    expect(await closed).toBe(4403);
    for (const token of [target.token, second.token]) {
      expect(codeOf(await server.request(MeDocument, {}, { token }))).toBe('UNAUTHENTICATED');
    }
    const login = await server.request(LoginDocument, {
      nickname: target.user.nickname,
      password: PASSWORD,
    });
    expect(codeOf(login)).toBe('ACCOUNT_SUSPENDED');
    expect(login.errors?.[0]?.extensions?.until).toBeUndefined();
    // A wrong password is told nothing about the suspension.
    const guess = await server.request(LoginDocument, {
      nickname: target.user.nickname,
      password: 'not the password at all',
    });
    expect(codeOf(guess)).toBe('INVALID_CREDENTIALS');

    await server.request(UnsuspendUserDocument, { userId: target.user.id }, me);
    const again = await server.request(LoginDocument, {
      nickname: target.user.nickname,
      password: PASSWORD,
    });
    expect(again.data?.login.token).toBeTruthy();

    const log = dataOf(
      await server.request(AdminActionsDocument, { last: 50 }, me),
      'adminActions',
    );
    const mine = log.edges
      .map((edge) => edge.node)
      .filter((node) => node.targetUser?.id === target.user.id);
    expect(mine.map((node) => node.action)).toEqual(['suspend-user', 'unsuspend-user']);
    expect(mine[0]?.admin?.id).toBe(me.user.id);
    expect(JSON.parse(mine[0]?.detail ?? '{}')).toEqual({ until: null, reason: 'spam' });
  });

  it('ends a timed suspension by itself, answering ACCOUNT_SUSPENDED with `until` meanwhile', async () => {
    const me = await adminAccount();
    const target = await signUp(server);
    const until = new Date(Date.now() + 1500).toISOString();
    await server.request(SuspendUserDocument, { userId: target.user.id, until }, me);
    const login = await server.request(LoginDocument, {
      nickname: target.user.nickname,
      password: PASSWORD,
    });
    expect(codeOf(login)).toBe('ACCOUNT_SUSPENDED');
    expect(login.errors?.[0]?.extensions?.until).toBe(until);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const later = await server.request(LoginDocument, {
      nickname: target.user.nickname,
      password: PASSWORD,
    });
    expect(later.data?.login.token).toBeTruthy();
  });

  it('refuses bad arguments: a past `until`, a reason too long, another user’s or a missing id', async () => {
    const me = await adminAccount();
    const target = await signUp(server);
    const past = await server.request(
      SuspendUserDocument,
      { userId: target.user.id, until: new Date(Date.now() - 1000).toISOString() },
      me,
    );
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    const long = await server.request(
      SuspendUserDocument,
      { userId: target.user.id, reason: 'x'.repeat(1001) },
      me,
    );
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const self = await server.request(SuspendUserDocument, { userId: me.user.id }, me);
    expect(codeOf(self)).toBe('FORBIDDEN');
    const missing = await server.request(
      SuspendUserDocument,
      { userId: Buffer.from('User:999999').toString('base64url') },
      me,
    );
    expect(codeOf(missing)).toBe('NOT_FOUND');
  });

  it('names company admins by their token’s claim, and refuses a suspended company user’s new tokens with ACCOUNT_SUSPENDED', async () => {
    const bossToken = await companyToken(`boss-${randomUUID()}`, { roles: ['staff', 'admin'] });
    const boss = { token: bossToken };
    await server.request(ClaimNicknameDocument, { nickname: freshNickname('boss') }, boss);
    expect(dataOf(await server.request(MeSafetyDocument, {}, boss), 'me').isAdmin).toBe(true);
    // The same claim without "admin" names nobody.
    const staff = { token: await companyToken(`staff-${randomUUID()}`, { roles: 'staff' }) };
    expect(dataOf(await server.request(MeSafetyDocument, {}, staff), 'me').isAdmin).toBe(false);

    const subject = `worker-${randomUUID()}`;
    const worker = { token: await companyToken(subject) };
    const me = dataOf(await server.request(MeSafetyDocument, {}, worker), 'me');
    await server.request(SuspendUserDocument, { userId: me.id }, boss);
    expect(codeOf(await server.request(MeDocument, {}, worker))).toBe('UNAUTHENTICATED');
    const fresh = await server.request(MeDocument, {}, { token: await companyToken(subject) });
    expect(codeOf(fresh)).toBe('ACCOUNT_SUSPENDED');
  });
});
