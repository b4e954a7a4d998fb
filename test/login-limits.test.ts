import { describe, expect, it } from 'vitest';
import { LoginDocument } from './generated/graphql.js';
import { freshNickname, PASSWORD, signUp } from './support/accounts.js';
import { type TestServer, useTestServer } from './support/server.js';

describe('failed logins are limited', () => {
  // 3 failures per 4-second window, so that the limit both kicks in and lifts within the test
  // (2 s raced on a loaded machine: the three failures fell into two windows).
  const server = useTestServer({
    env: {
      LOGIN_MAX_FAILURES: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '3',
      LOGIN_FAILURE_WINDOW_SECONDS: '4',
    },
  });

  it('refuses a nickname to an address after repeated failures from it, even with the right password, then lifts', async () => {
    const { user } = await signUp(server);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { errors } = await server.request(LoginDocument, {
        nickname: user.nickname,
        password: 'wrong password',
      });
      expect(errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    }
    const limited = await server.request(LoginDocument, {
      nickname: user.nickname,
      password: PASSWORD,
    });
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const retryAfterMs = limited.errors?.[0]?.extensions?.retryAfterMs as number;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(4_000);

    await new Promise((resolve) => setTimeout(resolve, retryAfterMs + 100));
    const lifted = await server.request(LoginDocument, {
      nickname: user.nickname,
      password: PASSWORD,
    });
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data?.login.user.id).toBe(user.id);
  });

  it('limits one client address trying many nicknames', async () => {
    await new Promise((resolve) => setTimeout(resolve, 4_100)); // a fresh window for this address
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await server.request(LoginDocument, { nickname: freshNickname('guess'), password: PASSWORD });
    }
    const { user } = await signUp(server);
    const limited = await server.request(LoginDocument, {
      nickname: user.nickname,
      password: PASSWORD,
    });
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  });
});

/** A login as seen from `address` (the server trusts one proxy's X-Forwarded-For). */
async function loginFrom(server: TestServer, address: string, nickname: string, password: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ query: String(LoginDocument), variables: { nickname, password } }),
  });
  const body = (await response.json()) as {
    data?: { login: { user: { id: string } } } | null;
    errors?: { extensions?: { code?: string; retryAfterMs?: number } }[];
  };
  return { user: body.data?.login.user, error: body.errors?.[0]?.extensions };
}

describe('failed logins cannot lock someone else out', () => {
  const server = useTestServer({
    env: {
      TRUST_PROXY_HOPS: '1',
      LOGIN_MAX_FAILURES: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      LOGIN_FAILURE_WINDOW_SECONDS: '900',
      LOGIN_NICKNAME_FAILURES_PER_MINUTE: '1000',
    },
  });

  it('throttles the attacker’s address, while the victim signs in from another', async () => {
    const victim = await signUp(server);
    const nickname = victim.user.nickname;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await loginFrom(server, '203.0.113.66', nickname, `guess ${attempt}`);
    }
    const attacker = await loginFrom(server, '203.0.113.66', nickname, PASSWORD);
    expect(attacker.error?.code).toBe('RATE_LIMITED');
    expect(attacker.error?.retryAfterMs).toBeGreaterThan(0);

    const owner = await loginFrom(server, '198.51.100.7', nickname, PASSWORD);
    expect(owner.error).toBeUndefined();
    expect(owner.user?.id).toBe(victim.user.id);
    // A mistyped password from the victim's own address is not held against it either.
    expect((await loginFrom(server, '198.51.100.7', nickname, 'typo')).error?.code).toBe(
      'INVALID_CREDENTIALS',
    );
  });
});

describe('a guessing attack spread over many addresses is slowed, not a lockout', () => {
  const server = useTestServer({
    env: {
      TRUST_PROXY_HOPS: '1',
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      LOGIN_NICKNAME_FAILURES_PER_MINUTE: '5',
    },
  });

  it('answers RATE_LIMITED for that nickname, for at most a minute', async () => {
    const victim = await signUp(server);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const guess = await loginFrom(server, `192.0.2.${attempt + 1}`, victim.user.nickname, 'no');
      expect(guess.error?.code).toBe('INVALID_CREDENTIALS');
    }
    const slowed = await loginFrom(server, '192.0.2.99', victim.user.nickname, 'no');
    expect(slowed.error?.code).toBe('RATE_LIMITED');
    expect(slowed.error?.retryAfterMs).toBeGreaterThan(0);
    expect(slowed.error?.retryAfterMs).toBeLessThanOrEqual(60_000);
    // Other accounts are untouched.
    const other = await signUp(server);
    const signedIn = await loginFrom(server, '192.0.2.99', other.user.nickname, PASSWORD);
    expect(signedIn.user?.id).toBe(other.user.id);
  });
});
