import type { EventBus } from '../events/event-bus.js';
import type { Throttle } from '../limits/action-limits.js';
import type { RateLimit, RateLimiterFactory } from '../limits/rate-limiter.js';
import { accountRefusal, maySeeUsers } from './access.js';
import type { CompanyToken, CompanyTokenVerifier } from './company-tokens.js';
import { badInput, DomainError } from './errors.js';
import { type Nickname, nicknameKey, parseNickname } from './nicknames.js';
import { checkPassword, hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from './passwords.js';
import type { Store } from './ports.js';
import { GENERAL_ROOM_NAME, roomNameKey } from './rooms.js';
import { createSession, newToken, resolveToken, viewerOfSession } from './sessions.js';
import type { User } from './users.js';
import type { Viewer } from './viewer.js';

export type IdentityOptions = {
  /** How long a token stays valid after sign-in, in ms. */
  tokenTtlMs: number;
  /**
   * Failed logins allowed for one nickname from one client address: the attacker's address is
   * refused that nickname, the account's owner elsewhere is not.
   */
  loginFailureLimit: RateLimit;
  /** Failed logins allowed from one client address, across nicknames (password spraying). */
  loginAddressFailureLimit: RateLimit;
  /**
   * Failed logins allowed for one nickname from every address together: a short window, so that
   * a guessing attack spread over many addresses is slowed while the owner waits seconds at
   * most, never a lockout.
   */
  loginNicknameFailureLimit: RateLimit;
  /** Charla's own accounts; off when the company's identity provider is the only one. */
  localAccounts?: boolean;
};

export type SignedIn = { token: string; user: User };

export type Identity = ReturnType<typeof createIdentity>;

const nicknameTaken = () =>
  new DomainError('NICKNAME_TAKEN', 'That nickname (or one that looks the same) is taken', {
    field: 'nickname',
  });

/** Longest nickname input worth looking up; longer ones cannot match any stored name. */
const LOOKUP_MAX_LENGTH = 256;

const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'Wrong nickname or password');

/**
 * Accounts, sign-in and sessions. Every operation acts for the viewer a token proves, never for
 * a user named in an argument.
 */
export function createIdentity(deps: {
  store: Store;
  bus: EventBus;
  rateLimiters: RateLimiterFactory;
  throttle: Throttle;
  options: IdentityOptions;
  /** Verifies the company's tokens when Charla sits behind its gateway; unset otherwise. */
  companyTokens?: CompanyTokenVerifier;
}) {
  const { store, bus, options } = deps;
  /** Every account joins `general` when it gets its nickname. */
  const generalKey = roomNameKey(GENERAL_ROOM_NAME);
  // Login throttling (README, "Running in production"): failures are counted per (nickname,
  // address), per address, and per nickname over a short window. None locks an account: only
  // the attacker's own address is refused for long.
  const failureLimiters = [
    deps.rateLimiters('login-failures:nickname-address', options.loginFailureLimit),
    deps.rateLimiters('login-failures:address', options.loginAddressFailureLimit),
    deps.rateLimiters('login-failures:nickname', options.loginNicknameFailureLimit),
  ] as const;
  const failureKeys = (nickname: string, address: string) =>
    [`${nickname}\n${address}`, address, nickname] as const;

  async function refuseIfThrottled(keys: readonly string[]) {
    const decisions = await Promise.all(
      failureLimiters.map((limiter, index) => limiter.check(keys[index] as string)),
    );
    const retryAfterMs = Math.max(
      ...decisions.map((decision) => (decision.allowed ? 0 : decision.retryAfterMs)),
    );
    if (retryAfterMs > 0) {
      throw new DomainError('RATE_LIMITED', 'Too many failed sign-ins; try again later', {
        retryAfterMs,
      });
    }
  }

  function refuseWithoutLocalAccounts() {
    if (options.localAccounts === false) {
      throw new DomainError(
        'FORBIDDEN',
        'Sign in through the company: Charla’s own accounts are turned off here',
      );
    }
  }

  /**
   * The viewer a verified company token stands for. Each token gets a session of its own the
   * first time it is seen (so that `logout` revokes exactly that token, recorded until it
   * expires); its subject's user is created, without a nickname, the first time it appears.
   */
  async function viewerForCompanyToken(token: CompanyToken): Promise<Viewer | null> {
    const known = await store.findSession(token.sessionKey);
    const admin = token.admin ? { companyAdmin: true } : {};
    if (known) {
      const viewer = viewerOfSession(known);
      return viewer && { ...viewer, ...admin };
    }
    const user = await store.userForSubject(token.subject);
    // A new token of a suspended user opens no session (ACCOUNT_SUSPENDED); a deleted one's
    // subject was freed, so `userForSubject` made a new account.
    const account = await store.accountState(user.id);
    const refusal = account && accountRefusal(account);
    if (refusal) {
      if (refusal.code === 'ACCOUNT_SUSPENDED') throw refusal;
      return null;
    }
    const viewer = { userId: user.id, hasNickname: user.nickname !== null, ...admin };
    const opened = await store.openSession({
      userId: user.id,
      tokenHash: token.sessionKey,
      expiresAt: token.expiresAt,
    });
    if (opened.kind === 'opened') return { ...viewer, sessionId: opened.sessionId };
    // Two first requests with this token at once: the other opened its session.
    const session = await store.findSession(token.sessionKey);
    if (!session || session.revokedAt !== null) return null;
    return { ...viewer, sessionId: session.id };
  }

  return {
    /** Users by id (a DataLoader batch); null where absent or hidden by the access rules. */
    findUsers: (viewer: Viewer | null, ids: readonly number[]) =>
      maySeeUsers(viewer) ? store.findUsers(ids) : Promise.resolve(ids.map(() => null)),

    /** The user with this nickname, compared case- and confusable-insensitively, or null. */
    async findUserByNickname(_viewer: Viewer, nickname: string): Promise<User | null> {
      if (nickname.length > LOOKUP_MAX_LENGTH || !nickname.isWellFormed()) return null;
      return store.userByNicknameKey(nicknameKey(nickname));
    },

    /**
     * Up to `limit` users whose nickname starts with `prefix` (case- and confusable-insensitively),
     * in key order: the key of a prefix is a prefix of the key, so storage scans a range of it.
     */
    searchUsers: (_viewer: Viewer, prefix: string, limit: number) =>
      store.searchUsers(nicknameKey(prefix), limit),

    /** The one place a token becomes a viewer, whatever the transport. */
    async viewerForToken(token: string): Promise<Viewer | null> {
      if (token.startsWith('charla_') || !deps.companyTokens) return resolveToken(store, token);
      const verified = await deps.companyTokens(token);
      return verified ? viewerForCompanyToken(verified) : null;
    },

    /**
     * Gives a user known only through the company's identity provider its nickname (the rules of
     * `register`), and joins it to `general`. Until then it can read but not speak.
     */
    async claimNickname(viewer: Viewer, nicknameInput: string): Promise<User> {
      const nickname = parseNickname(nicknameInput);
      const claimed = await store.claimNickname(viewer.userId, nickname, generalKey);
      if (claimed.kind === 'taken') throw nicknameTaken();
      if (claimed.kind === 'named-already') {
        throw badInput('nickname', 'You have a nickname already: use changeNickname');
      }
      return claimed.user;
    },

    /** Creates the account, joins it to `general` and signs it in. Limited per client address. */
    async register(
      nicknameInput: string,
      password: string,
      clientAddress: string,
    ): Promise<SignedIn> {
      refuseWithoutLocalAccounts();
      const nickname = parseNickname(nicknameInput);
      checkPassword(password);
      await deps.throttle('register', clientAddress);
      // Cheap early answer for the common case, before hashing; the unique key settles races.
      if (await store.userByNicknameKey(nickname.key)) throw nicknameTaken();
      const passwordHash = await hashPassword(password);
      const { token, session } = newToken(options.tokenTtlMs);
      const created = await store.createAccount({
        nickname,
        passwordHash,
        joinRoomKey: generalKey,
        session,
      });
      if (created.kind === 'taken') throw nicknameTaken();
      return { token, user: created.user };
    },

    /**
     * Signs in with a new token. Unknown nickname and wrong password answer alike, in about the
     * same time; failures are limited per (nickname, client address), per address, and per
     * nickname over a short window.
     */
    async login(nicknameInput: string, password: string, clientAddress: string): Promise<SignedIn> {
      refuseWithoutLocalAccounts();
      if (nicknameInput.length > 256) throw badInput('nickname', 'Nickname is too long');
      if (password.length > PASSWORD_MAX_LENGTH * 2)
        throw badInput('password', 'Password is too long');
      const key = nicknameInput.isWellFormed() ? nicknameKey(nicknameInput) : '';
      const throttleKeys = failureKeys(key, clientAddress);
      await refuseIfThrottled(throttleKeys);
      await deps.throttle('login', clientAddress);

      const found = key ? await store.credentials(key) : null;
      const valid = await verifyPassword(found?.passwordHash ?? null, password);
      if (!found || !valid) {
        await Promise.all(
          failureLimiters.map((limiter, index) => limiter.consume(throttleKeys[index] as string)),
        );
        throw invalidCredentials();
      }
      // Only after the password: a suspension is not told to someone guessing it.
      const account = await store.accountState(found.user.id);
      const refusal = account && accountRefusal(account);
      if (refusal) throw refusal;
      // Only this address's failures for this nickname are forgiven: resetting the others would
      // hand an attacker who knows one password a fresh budget against every account.
      await failureLimiters[0].reset(throttleKeys[0]);
      const token = await createSession(store, found.user.id, options.tokenTtlMs);
      return { token, user: found.user };
    },

    /**
     * Revokes the viewer's token (a Charla token, or the company token it called with) everywhere:
     * HTTP, open sockets and their subscriptions. Other tokens of the same user keep working.
     */
    async logout(viewer: Viewer): Promise<boolean> {
      const revoked = await store.revokeSession(viewer.sessionId);
      await bus.publish('session.revoked', { sessionId: viewer.sessionId });
      return revoked;
    },

    /** Renames the viewer; id, history and memberships stay, the old name becomes free. */
    async changeNickname(viewer: Viewer, nicknameInput: string): Promise<User> {
      const nickname: Nickname = parseNickname(nicknameInput);
      const renamed = await store.renameUser(viewer.userId, nickname);
      if (renamed.kind === 'taken') throw nicknameTaken();
      return renamed.user;
    },
  };
}
