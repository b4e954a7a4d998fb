import { createClient as createSseClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import {
  ChangeNicknameDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RegisterDocument,
  SearchUsersDocument,
  UserByNicknameDocument,
} from './generated/graphql.js';
import { freshNickname, PASSWORD, signUp } from './support/accounts.js';
import { execute, nextClose } from './support/graphql-ws.js';
import { startTestServer, useTestServer } from './support/server.js';

describe('signing up, in and out over HTTP', () => {
  const server = useTestServer();

  it('registers, answers me, logs in again with a new token, and logs out', async () => {
    const nickname = freshNickname('José');
    const registered = await server.request(RegisterDocument, { nickname, password: PASSWORD });
    expect(registered.errors).toBeUndefined();
    const { token, user } = registered.data?.register ?? { token: '', user: undefined };
    expect(user?.nickname).toBe(nickname);

    const me = await server.request(MeDocument, {}, { token });
    expect(me.data?.me).toMatchObject({ id: user?.id, nickname });
    expect(await server.request(MeDocument, {})).toEqual({ data: { me: null } });

    const login = await server.request(LoginDocument, { nickname, password: PASSWORD });
    const second = login.data?.login.token as string;
    expect(second).not.toBe(token);
    expect(login.data?.login.user.id).toBe(user?.id);

    expect((await server.request(LogoutDocument, {}, { token })).data).toEqual({ logout: true });
    const revoked = await server.request(MeDocument, {}, { token });
    expect(revoked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Logout revokes only the token that made the call.
    expect((await server.request(MeDocument, {}, { token: second })).data?.me?.id).toBe(user?.id);
  });

  it('answers 401 with UNAUTHENTICATED for a token that proves nothing', async () => {
    for (const authorization of ['Bearer charla_nope', 'Bearer', 'Basic dXNlcjpwYXNz', 'token']) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses what needs a viewer with UNAUTHENTICATED when signed out', async () => {
    const attempts: [string, Record<string, unknown>][] = [
      [String(LogoutDocument), {}],
      [String(ChangeNicknameDocument), { nickname: freshNickname() }],
      [String(UserByNicknameDocument), { nickname: 'anyone' }],
      [String(SearchUsersDocument), { search: 'a' }],
    ];
    for (const [document, variables] of attempts) {
      const { errors } = await server.request(document, variables);
      expect(errors?.[0]?.extensions?.code, String(document)).toBe('UNAUTHENTICATED');
    }
  });

  it('gives the same INVALID_CREDENTIALS for an unknown nickname and a wrong password', async () => {
    const { user } = await signUp(server);
    const unknown = await server.request(LoginDocument, {
      nickname: freshNickname('nobody'),
      password: PASSWORD,
    });
    const wrong = await server.request(LoginDocument, {
      nickname: user.nickname,
      password: 'not the password',
    });
    expect(unknown.errors?.[0]).toMatchObject({
      message: wrong.errors?.[0]?.message,
      extensions: { code: 'INVALID_CREDENTIALS' },
    });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
  });
});

describe('timing of refused logins', () => {
  // A budget of failures large enough for the samples below (the defaults are 10 per nickname
  // and address, 30 per address).
  const server = useTestServer({
    env: {
      LOGIN_MAX_FAILURES: '100',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '100',
      LOGIN_NICKNAME_FAILURES_PER_MINUTE: '100',
    },
  });

  it('takes about as long to refuse an unknown nickname as a wrong password', async () => {
    const { user } = await signUp(server);
    const time = async (nickname: string) => {
      const started = performance.now();
      await server.request(LoginDocument, { nickname, password: 'wrong password' });
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1] ?? 0;
    const unknown: number[] = [];
    const known: number[] = [];
    // Alternate so that machine noise hits both alike. Without the decoy hash an unknown
    // nickname answers in well under a tenth of the time; the bounds leave room for noise.
    for (let round = 0; round < 9; round += 1) {
      unknown.push(await time(freshNickname('ghost')));
      known.push(await time(user.nickname));
    }
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(3);
  });
});

describe('nicknames that look alike are one nickname', () => {
  const server = useTestServer();

  it.each([
    ['the same letters in another case', (n: string) => n.toUpperCase()],
    [
      'fullwidth forms',
      (n: string) => n.replace(/[a-z]/g, (c) => String.fromCodePoint(c.charCodeAt(0) + 0xfee0)),
    ],
    ['a confusable digit', (n: string) => n.replace('l', '1')],
  ])('refuses %s with NICKNAME_TAKEN', async (_label, variant) => {
    const original = freshNickname('alice').replace(/_/g, 'l');
    await signUp(server, original);
    const { errors } = await server.request(RegisterDocument, {
      nickname: variant(original),
      password: PASSWORD,
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NICKNAME_TAKEN', field: 'nickname' });
  });

  it('refuses a Cyrillic look-alike of a Latin name, alone or mixed', async () => {
    await signUp(server, 'aceace');
    const allCyrillic = await server.request(RegisterDocument, {
      nickname: 'асеасе', // Cyrillic а, с, е
      password: PASSWORD,
    });
    expect(allCyrillic.errors?.[0]?.extensions?.code).toBe('NICKNAME_TAKEN');
    const mixed = await server.request(RegisterDocument, {
      nickname: 'аceace', // Cyrillic а, then Latin
      password: PASSWORD,
    });
    expect(mixed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'nickname',
    });
  });

  it('refuses a zero-width space hidden in a taken name', async () => {
    await signUp(server, 'zerowidth');
    const { errors } = await server.request(RegisterDocument, {
      nickname: 'zero\u200bwidth',
      password: PASSWORD,
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nickname' });
  });

  it('welcomes letters of any script, keeping the display form as typed', async () => {
    for (const nickname of ['Zoë', '李雷', 'Ана', 'Ἀθηνᾶ', '山田たろう', 'नमस्ते', 'Straße']) {
      const { data, errors } = await server.request(RegisterDocument, {
        nickname,
        password: PASSWORD,
      });
      expect(errors, nickname).toBeUndefined();
      expect(data?.register.user.nickname).toBe(nickname.normalize('NFKC'));
    }
  });

  it('lets exactly one of 50 concurrent registrations of a name win', async () => {
    const nickname = freshNickname('race');
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        server.request(RegisterDocument, {
          nickname: i % 2 ? nickname : nickname.toUpperCase(),
          password: PASSWORD,
        }),
      ),
    );
    const winners = attempts.filter((attempt) => attempt.data?.register);
    const losers = attempts.flatMap((attempt) => attempt.errors ?? []);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    expect(new Set(losers.map((error) => error.extensions?.code))).toEqual(
      new Set(['NICKNAME_TAKEN']),
    );
  });
});

describe('bad nickname and password input', () => {
  const server = useTestServer();

  it.each([
    ['empty', ''],
    ['2 characters', 'ab'],
    ['33 characters', 'a'.repeat(33)],
    ['a NUL', 'ab\u0000cd'],
    ['a lone surrogate', 'ab\ud800cd'],
    ['a bidi override', 'abc\u202Edef'],
    ['a space', 'ab cd'],
    ['mixed scripts', 'abcДЕФ'],
    ['a symbol', 'ab$cd'],
    ['only punctuation', '_._'],
    ['10 KB', 'a'.repeat(10_240)],
  ])('refuses a nickname with %s: BAD_USER_INPUT on nickname', async (_label, nickname) => {
    const response = await server.request(RegisterDocument, { nickname, password: PASSWORD });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'nickname',
    });
  });

  it.each([
    ['7 characters', 'short12'],
    ['257 characters', 'p'.repeat(257)],
    ['a lone surrogate', 'password\udc00'],
    ['10 KB', 'p'.repeat(10_240)],
  ])('refuses a password with %s: BAD_USER_INPUT on password', async (_label, password) => {
    const response = await server.request(RegisterDocument, {
      nickname: freshNickname(),
      password,
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'password',
    });
  });

  it('refuses 10 KB login input without a server error', async () => {
    const response = await server.request(LoginDocument, {
      nickname: 'n'.repeat(10_240),
      password: 'p'.repeat(10_240),
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('renaming', () => {
  const server = useTestServer();

  it('keeps the id and token, and frees the old name for someone else', async () => {
    const first = await signUp(server);
    const newName = freshNickname('renamed');
    const renamed = await server.request(ChangeNicknameDocument, { nickname: newName }, first);
    expect(renamed.data?.changeNickname).toEqual({ id: first.user.id, nickname: newName });
    expect((await server.request(MeDocument, {}, first)).data?.me?.nickname).toBe(newName);

    const taker = await server.request(RegisterDocument, {
      nickname: first.user.nickname,
      password: PASSWORD,
    });
    expect(taker.errors).toBeUndefined();
    const login = await server.request(LoginDocument, { nickname: newName, password: PASSWORD });
    expect(login.data?.login.user.id).toBe(first.user.id);
  });

  it('refuses a name someone else holds, and allows changing one’s own letter case', async () => {
    const holder = await signUp(server);
    const other = await signUp(server);
    const clash = await server.request(
      ChangeNicknameDocument,
      { nickname: holder.user.nickname.toUpperCase() },
      other,
    );
    expect(clash.errors?.[0]?.extensions).toMatchObject({ code: 'NICKNAME_TAKEN' });
    const recased = await server.request(
      ChangeNicknameDocument,
      { nickname: other.user.nickname.toUpperCase() },
      other,
    );
    expect(recased.data?.changeNickname.nickname).toBe(other.user.nickname.toUpperCase());
  });
});

describe('finding people', () => {
  const server = useTestServer();

  it('finds users by nickname in any case and by prefix', async () => {
    const viewer = await signUp(server);
    const prefix = freshNickname('finder');
    const people = await Promise.all(['one', 'two'].map((n) => signUp(server, `${prefix}${n}`)));
    const byName = await server.request(
      UserByNicknameDocument,
      { nickname: people[0]?.user.nickname.toUpperCase() ?? '' },
      viewer,
    );
    expect(byName.data?.user?.id).toBe(people[0]?.user.id);
    const found = await server.request(
      SearchUsersDocument,
      { search: prefix.toUpperCase() },
      viewer,
    );
    expect(found.data?.users.map((u) => u.nickname).sort()).toEqual(
      people.map((p) => p.user.nickname).sort(),
    );
  });
});

describe('signing in over graphql-ws', () => {
  const server = useTestServer();

  it('registers and logs in on an anonymous socket, then authenticates a socket by token', async () => {
    const anonymous = server.wsClient();
    const nickname = freshNickname('socket');
    const registered = await execute(anonymous, RegisterDocument, { nickname, password: PASSWORD });
    expect(registered.errors).toBeUndefined();
    const login = await execute<{ login: { token: string } }>(anonymous, LoginDocument, {
      nickname,
      password: PASSWORD,
    });
    const token = login.data?.login.token as string;
    expect(await execute(anonymous, MeDocument)).toEqual({ data: { me: null } });

    const signedIn = server.wsClient({ connectionParams: { authorization: `Bearer ${token}` } });
    const me = await execute<{ me: { nickname: string; online: boolean } }>(signedIn, MeDocument);
    expect(me.data?.me).toMatchObject({ nickname, online: true });
  });

  it('closes a socket whose connection_init carries a bad token with 4403', async () => {
    for (const authorization of ['Bearer charla_nope', 'nonsense', 42]) {
      const client = server.wsClient({ connectionParams: { authorization } });
      const closed = nextClose(client);
      await expect(execute(client, MeDocument)).rejects.toBeDefined();
      expect(await closed).toBe(4403);
    }
  });

  it('logs out over the socket, which then closes with 4403', async () => {
    const { token } = await signUp(server);
    const client = server.wsClient({
      lazy: false,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    expect((await execute(client, MeDocument)).data).toBeTruthy();
    const closed = nextClose(client);
    expect(await execute(client, LogoutDocument)).toEqual({ data: { logout: true } });
    expect(await closed).toBe(4403);
  });
});

describe('a revoked token stops working on every transport', () => {
  const server = useTestServer();

  it('fails on HTTP, closes the open socket with 4403, and fails on SSE', async () => {
    const account = await signUp(server);
    const socket = server.wsClient({
      lazy: false,
      connectionParams: { authorization: `Bearer ${account.token}` },
    });
    expect((await execute(socket, MeDocument)).data).toBeTruthy();
    const closed = nextClose(socket);

    const other = await server.request(LoginDocument, {
      nickname: account.user.nickname,
      password: PASSWORD,
    });
    // Logging out from HTTP with the same token the socket uses.
    await server.request(LogoutDocument, {}, account);
    expect(await closed).toBe(4403);

    const http = await server.request(MeDocument, {}, account);
    expect(http.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const sse = createSseClient({
      url: `${server.url}/graphql`,
      headers: { authorization: `Bearer ${account.token}` },
      retryAttempts: 0,
    });
    try {
      const results = [];
      for await (const result of sse.iterate({ query: String(MeDocument) })) results.push(result);
      expect(results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } catch (error) {
      // graphql-sse reports a non-2xx answer as an error carrying the response.
      expect(String(error)).toMatch(/401|UNAUTHENTICATED/);
    } finally {
      sse.dispose();
    }
    // The user's other session is untouched.
    const still = await server.request(MeDocument, {}, { token: other.data?.login.token });
    expect(still.data?.me?.id).toBe(account.user.id);
  });

  it('stops accepting a token once its lifetime is over', async () => {
    const shortLived = await startTestServer({ env: { TOKEN_TTL_DAYS: String(1 / 86_400) } });
    try {
      const { token } = await signUp(shortLived);
      expect((await shortLived.request(MeDocument, {}, { token })).data?.me).toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const expired = await shortLived.request(MeDocument, {}, { token });
      expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await shortLived.stop();
    }
  });
});
