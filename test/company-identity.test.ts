import Database from 'better-sqlite3';
import { createClient as createSseClient } from 'graphql-sse';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  ClaimNicknameDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  PostMessageDocument,
  RegisterDocument,
  RoomByNameDocument,
} from './generated/graphql.js';
import { freshNickname, PASSWORD, signUp } from './support/accounts.js';
import { COMPANY, companyToken } from './support/company.js';
import { execute, nextClose } from './support/graphql-ws.js';
import { type TestServer, useTestServer } from './support/server.js';

async function me(server: TestServer, token: string) {
  return server.request(MeDocument, {}, { token });
}

describe('identity from the company (JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE)', () => {
  const server = useTestServer({ env: COMPANY });

  it('maps a subject to one Charla user, who must claim a nickname before speaking', async () => {
    const subject = `employee-${Date.now()}`;
    const token = await companyToken(subject);
    const first = await me(server, token);
    expect(first.data?.me).toMatchObject({ nickname: '' });
    const again = await me(server, await companyToken(subject));
    expect(again.data?.me?.id).toBe(first.data?.me?.id);

    const general = (await server.request(RoomByNameDocument, { name: 'general' })).data?.room;
    const early = await server.request(
      PostMessageDocument,
      { roomId: general?.id ?? '', body: 'hello?' },
      { token },
    );
    expect(early.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const nickname = freshNickname('Emp');
    const claimed = await server.request(ClaimNicknameDocument, { nickname }, { token });
    expect(claimed.data?.claimNickname).toMatchObject({ id: first.data?.me?.id, nickname });
    const posted = await server.request(
      PostMessageDocument,
      { roomId: general?.id ?? '', body: 'hello, everyone' },
      { token },
    );
    expect(posted.data?.postMessage.body).toBe('hello, everyone');
    const twice = await server.request(
      ClaimNicknameDocument,
      { nickname: freshNickname() },
      { token },
    );
    expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('applies the nickname rules to claims: taken and look-alike names are refused', async () => {
    const existing = await signUp(server);
    const token = await companyToken(`employee-${Date.now()}-b`);
    const clash = await server.request(
      ClaimNicknameDocument,
      { nickname: existing.user.nickname.toUpperCase() },
      { token },
    );
    expect(clash.errors?.[0]?.extensions?.code).toBe('NICKNAME_TAKEN');
  });

  it.each([
    ['signed with another secret', { secret: 'not the company secret, an attacker guess' }],
    ['expired', { expiresIn: '-1m' }],
    ['from another issuer', { issuer: 'https://evil.example' }],
    ['for another audience', { audience: 'someone-else' }],
  ])('refuses a token %s on HTTP, SSE and graphql-ws', async (_label, overrides) => {
    const token = await companyToken('employee-forged', overrides);
    const http = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: String(MeDocument) }),
    });
    expect(http.status).toBe(401);

    const sse = createSseClient({
      url: `${server.url}/graphql`,
      headers: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    await expect(
      (async () => {
        for await (const result of sse.iterate({ query: String(MeDocument) })) {
          if (result.errors) throw new Error(JSON.stringify(result.errors));
        }
      })(),
    ).rejects.toThrow(/401|UNAUTHENTICATED/);
    sse.dispose();

    const socket = server.wsClient({ connectionParams: { authorization: `Bearer ${token}` } });
    const closed = nextClose(socket);
    await expect(execute(socket, MeDocument)).rejects.toBeDefined();
    expect(await closed).toBe(4403);
  });

  it('accepts a company token in graphql-ws connection_init', async () => {
    const token = await companyToken(`employee-${Date.now()}-ws`);
    const socket = server.wsClient({ connectionParams: { authorization: `Bearer ${token}` } });
    const result = await execute<{ me: { nickname: string } }>(socket, MeDocument);
    expect(result.data?.me.nickname).toBe('');
  });

  it('keeps Charla’s own accounts working next to it', async () => {
    const account = await signUp(server);
    const login = await server.request(LoginDocument, {
      nickname: account.user.nickname,
      password: PASSWORD,
    });
    expect(login.data?.login.user.id).toBe(account.user.id);
  });
});

describe('company tokens are sessions of their own', () => {
  const server = useTestServer({ env: COMPANY });

  it('logs out exactly the caller’s token: another company user’s socket stays open, the logged-out JWT is refused until it expires', async () => {
    const [first, second] = [
      await companyToken(`employee-${Date.now()}-out`),
      await companyToken(`employee-${Date.now()}-stays`),
    ];
    const socketOf = (token: string) =>
      server.wsClient({ connectionParams: { authorization: `Bearer ${token}` }, lazy: false });
    const firstSocket = socketOf(first);
    const secondSocket = socketOf(second);
    const firstClosed = nextClose(firstSocket);
    let secondClosedWith: number | undefined;
    secondSocket.on('closed', (event) => {
      secondClosedWith = (event as { code: number }).code;
    });
    expect((await execute(firstSocket, MeDocument)).data?.me).toBeTruthy();
    expect((await execute(secondSocket, MeDocument)).data?.me).toBeTruthy();

    const logout = await server.request(LogoutDocument, {}, { token: first });
    expect(logout.data?.logout).toBe(true);
    expect(await firstClosed).toBe(4403);

    // The logged-out JWT: refused over HTTP and WebSocket.
    const http = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${first}` },
      body: JSON.stringify({ query: String(MeDocument) }),
    });
    expect(http.status).toBe(401);
    const again = server.wsClient({ connectionParams: { authorization: `Bearer ${first}` } });
    const againClosed = nextClose(again);
    await expect(execute(again, MeDocument)).rejects.toBeDefined();
    expect(await againClosed).toBe(4403);

    // The other company user: untouched.
    expect((await execute(secondSocket, MeDocument)).data?.me).toBeTruthy();
    expect((await me(server, second)).data?.me).toBeTruthy();
    expect(secondClosedWith).toBeUndefined();
  });

  it('keeps the same user’s other company tokens working, and honours the provider’s `jti`', async () => {
    const subject = `employee-${Date.now()}-jti`;
    const sign = (jti: string) =>
      new SignJWT({ jti })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject)
        .setIssuer(COMPANY.JWT_ISSUER)
        .setAudience(COMPANY.JWT_AUDIENCE)
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(COMPANY.JWT_SECRET));
    const laptop = await sign('laptop-session');
    const phone = await sign('phone-session');
    expect((await server.request(LogoutDocument, {}, { token: laptop })).data?.logout).toBe(true);
    expect((await me(server, laptop)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Re-issued with the same id (a refresh of the same session): still logged out.
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a different `iat`/`exp`
    expect((await me(server, await sign('laptop-session'))).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await me(server, phone)).data?.me).toBeTruthy();
  });
});

describe('company token sessions do not pile up', () => {
  const server = useTestServer({ env: COMPANY });

  it('forgets a user’s expired token sessions when a new token of theirs first appears', async () => {
    const subject = `employee-${Date.now()}-rows`;
    const sessionsOfSubject = () => {
      const file = new Database(server.databaseFile, { readonly: true });
      try {
        return (
          file
            .prepare(
              'SELECT count(*) AS n FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE u."externalSubject" = ?',
            )
            .get(`${COMPANY.JWT_ISSUER} ${subject}`) as { n: number }
        ).n;
      } finally {
        file.close();
      }
    };
    for (let i = 0; i < 3; i += 1) {
      const shortLived = await new SignJWT({ jti: `short-${i}` })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject)
        .setIssuer(COMPANY.JWT_ISSUER)
        .setAudience(COMPANY.JWT_AUDIENCE)
        .setExpirationTime('2s')
        .sign(new TextEncoder().encode(COMPANY.JWT_SECRET));
      expect((await me(server, shortLived)).data?.me).toBeTruthy();
    }
    expect(sessionsOfSubject()).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect((await me(server, await companyToken(subject))).data?.me).toBeTruthy();
    expect(sessionsOfSubject()).toBe(1);
  });
});

describe('company tokens whose claims have the wrong type', () => {
  const server = useTestServer({ env: COMPANY });
  const signed = (claims: Record<string, unknown>) =>
    new SignJWT({ iss: COMPANY.JWT_ISSUER, aud: COMPANY.JWT_AUDIENCE, ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(COMPANY.JWT_SECRET));

  it.each([
    ['an object as sub', { sub: { id: 'employee-1' } }],
    ['a number as sub', { sub: 42 }],
    ['an array as sub', { sub: ['employee-1'] }],
    ['an empty sub', { sub: '' }],
    ['a sub of 256 characters', { sub: 'x'.repeat(256) }],
    ['a control character in sub', { sub: 'employee\u0000-1' }],
    ['an object as jti', { sub: 'employee-jti', jti: { id: 1 } }],
    ['an empty jti', { sub: 'employee-jti', jti: '' }],
  ])(
    'refuses a signed token with %s (401 over HTTP, 4403 over WebSocket)',
    async (_label, claims) => {
      const token = await signed(claims);
      const http = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: String(MeDocument) }),
      });
      expect(http.status).toBe(401);
      const socket = server.wsClient({ connectionParams: { authorization: `Bearer ${token}` } });
      const closed = nextClose(socket);
      await expect(execute(socket, MeDocument)).rejects.toBeDefined();
      expect(await closed).toBe(4403);
    },
  );

  it('refuses a signed token whose exp no date can hold (401), rather than failing to store its session', async () => {
    // Past 8.64e12 seconds, a JavaScript Date is invalid: the session could not be written.
    const token = await new SignJWT({ iss: COMPANY.JWT_ISSUER, aud: COMPANY.JWT_AUDIENCE })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`employee-${Date.now()}-far-future`)
      .setExpirationTime(1e13)
      .sign(new TextEncoder().encode(COMPANY.JWT_SECRET));
    const http = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: String(MeDocument) }),
    });
    expect(http.status).toBe(401);
    expect(
      ((await http.json()) as { errors: { extensions: object }[] }).errors[0]?.extensions,
    ).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('still accepts a well-typed one with a jti', async () => {
    const token = await signed({ sub: `employee-${Date.now()}-typed`, jti: 'abc-123' });
    expect((await me(server, token)).data?.me).toBeTruthy();
  });
});

describe('with LOCAL_ACCOUNTS=false: the company is the only identity provider', () => {
  const server = useTestServer({ env: { ...COMPANY, LOCAL_ACCOUNTS: 'false' } });

  it('refuses register and login, and accepts company tokens', async () => {
    const register = await server.request(RegisterDocument, {
      nickname: freshNickname(),
      password: PASSWORD,
    });
    expect(register.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const login = await server.request(LoginDocument, { nickname: 'anyone', password: PASSWORD });
    expect(login.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await me(server, await companyToken('only-company'))).data?.me).toBeTruthy();
  });
});
