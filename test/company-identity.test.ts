import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import {
  ClaimNicknameDocument,
  LoginDocument,
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
