import { describe, expect, it } from 'vitest';
import { LoginDocument } from './generated/graphql.js';
import { freshNickname, PASSWORD, signUp } from './support/accounts.js';
import { useTestServer } from './support/server.js';

describe('failed logins are limited', () => {
  // 3 failures per 2-second window, so that the limit both kicks in and lifts within the test.
  const server = useTestServer({
    env: { LOGIN_MAX_FAILURES: '3', LOGIN_FAILURE_WINDOW_SECONDS: '2' },
  });

  it('refuses a nickname after repeated failures, even with the right password, then lifts', async () => {
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
    expect(retryAfterMs).toBeLessThanOrEqual(2_000);

    await new Promise((resolve) => setTimeout(resolve, retryAfterMs + 100));
    const lifted = await server.request(LoginDocument, {
      nickname: user.nickname,
      password: PASSWORD,
    });
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data?.login.user.id).toBe(user.id);
  });

  it('limits one client address trying many nicknames', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // a fresh window for this address
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
