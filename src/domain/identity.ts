import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { Throttle } from '../limits/action-limits.js';
import type { RateLimit, RateLimiterFactory } from '../limits/rate-limiter.js';
import type { Tx } from '../storage/prisma-streams.js';
import { maySeeUsers } from './access.js';
import type { CompanyToken, CompanyTokenVerifier } from './company-tokens.js';
import { badInput, DomainError } from './errors.js';
import { type Nickname, nicknameKey, parseNickname } from './nicknames.js';
import { checkPassword, hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from './passwords.js';
import type { Store } from './ports.js';
import { GENERAL_ROOM_NAME, roomNameKey } from './rooms.js';
import { createSession, forgetExpiredSessions, resolveToken, revokeSession } from './sessions.js';
import { findUserByNickname, findUsersByIds, searchUsers, type User, userFields } from './users.js';
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

async function joinGeneral(tx: Tx, userId: number) {
  const general = await tx.room.findUniqueOrThrow({
    where: { nameKey: roomNameKey(GENERAL_ROOM_NAME) },
    select: { id: true },
  });
  await tx.membership.create({ data: { roomId: general.id, userId } });
}

const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 'Wrong nickname or password');

/**
 * Accounts, sign-in and sessions. Every operation acts for the viewer a token proves, never for
 * a user named in an argument.
 */
export function createIdentity(deps: {
  db: Db;
  store: Store;
  bus: EventBus;
  rateLimiters: RateLimiterFactory;
  throttle: Throttle;
  options: IdentityOptions;
  /** Verifies the company's tokens when Charla sits behind its gateway; unset otherwise. */
  companyTokens?: CompanyTokenVerifier;
}) {
  const { db, bus, options } = deps;
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
    const known = await deps.store.findSession(token.sessionKey);
    if (known) {
      if (known.revokedAt !== null || known.expiresAt.getTime() <= Date.now()) return null;
      return { userId: known.userId, sessionId: known.id, hasNickname: known.hasNickname };
    }
    const user = await userForSubject(token.subject);
    await forgetExpiredSessions(db, user.userId);
    try {
      const session = await db.session.create({
        data: { userId: user.userId, tokenHash: token.sessionKey, expiresAt: token.expiresAt },
        select: { id: true },
      });
      return { ...user, sessionId: session.id };
    } catch (error) {
      // Two first requests with this token at once: the other opened its session.
      if (!isUniqueViolation(error)) throw error;
      const session = await deps.store.findSession(token.sessionKey);
      if (!session || session.revokedAt !== null) return null;
      return { ...user, sessionId: session.id };
    }
  }

  /** The user a company subject stands for, created (without a nickname) the first time. */
  async function userForSubject(
    externalSubject: string,
  ): Promise<{ userId: number; hasNickname: boolean }> {
    const select = { id: true, nickname: true } as const;
    let user = await db.user.findUnique({ where: { externalSubject }, select });
    if (!user) {
      try {
        user = await db.user.create({
          data: { externalSubject, stream: { create: {} } },
          select,
        });
      } catch (error) {
        // Two first requests at once: the other created it.
        if (!isUniqueViolation(error)) throw error;
        user = await db.user.findUniqueOrThrow({ where: { externalSubject }, select });
      }
    }
    return { userId: user.id, hasNickname: user.nickname !== null };
  }

  return {
    /** Users by id (a DataLoader batch); null where absent or hidden by the access rules. */
    findUsers: (viewer: Viewer | null, ids: readonly number[]) =>
      maySeeUsers(viewer) ? findUsersByIds(db, ids) : Promise.resolve(ids.map(() => null)),

    /** The user with this nickname (compared by its look-alike key), or null. */
    findUserByNickname: (_viewer: Viewer, nickname: string) => findUserByNickname(db, nickname),

    /** Up to `limit` users whose nickname key starts with `prefix`'s. */
    searchUsers: (_viewer: Viewer, prefix: string, limit: number) => searchUsers(db, prefix, limit),

    /** The one place a token becomes a viewer, whatever the transport. */
    async viewerForToken(token: string): Promise<Viewer | null> {
      if (token.startsWith('charla_') || !deps.companyTokens)
        return resolveToken(deps.store, token);
      const verified = await deps.companyTokens(token);
      return verified ? viewerForCompanyToken(verified) : null;
    },

    /**
     * Gives a user known only through the company's identity provider its nickname (the rules of
     * `register`), and joins it to `general`. Until then it can read but not speak.
     */
    async claimNickname(viewer: Viewer, nicknameInput: string): Promise<User> {
      const nickname = parseNickname(nicknameInput);
      try {
        return await db.$transaction(async (tx) => {
          const claimed = await tx.user.updateMany({
            where: { id: viewer.userId, nickname: null },
            data: { nickname: nickname.display, nicknameKey: nickname.key },
          });
          if (claimed.count === 0) {
            throw badInput('nickname', 'You have a nickname already: use changeNickname');
          }
          await joinGeneral(tx, viewer.userId);
          return tx.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: userFields });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nicknameTaken();
        throw error;
      }
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
      // Cheap early answer for the common case; the unique index settles races below.
      if (
        await db.user.findUnique({ where: { nicknameKey: nickname.key }, select: { id: true } })
      ) {
        throw nicknameTaken();
      }
      const passwordHash = await hashPassword(password);
      try {
        return await db.$transaction(async (tx) => {
          const user = await tx.user.create({
            data: {
              nickname: nickname.display,
              nicknameKey: nickname.key,
              passwordHash,
              stream: { create: {} },
            },
            select: userFields,
          });
          await joinGeneral(tx, user.id);
          const token = await createSession(tx, user.id, options.tokenTtlMs);
          return { token, user };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nicknameTaken();
        throw error;
      }
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

      const user = key
        ? await db.user.findUnique({
            where: { nicknameKey: key },
            select: { ...userFields, passwordHash: true },
          })
        : null;
      const valid = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !valid) {
        await Promise.all(
          failureLimiters.map((limiter, index) => limiter.consume(throttleKeys[index] as string)),
        );
        throw invalidCredentials();
      }
      // Only this address's failures for this nickname are forgiven: resetting the others would
      // hand an attacker who knows one password a fresh budget against every account.
      await failureLimiters[0].reset(throttleKeys[0]);
      const token = await createSession(db, user.id, options.tokenTtlMs);
      return { token, user: { id: user.id, nickname: user.nickname, createdAt: user.createdAt } };
    },

    /**
     * Revokes the viewer's token (a Charla token, or the company token it called with) everywhere:
     * HTTP, open sockets and their subscriptions. Other tokens of the same user keep working.
     */
    async logout(viewer: Viewer): Promise<boolean> {
      const revoked = await revokeSession(db, viewer.sessionId);
      await bus.publish('session.revoked', { sessionId: viewer.sessionId });
      return revoked;
    },

    /** Renames the viewer; id, history and memberships stay, the old name becomes free. */
    async changeNickname(viewer: Viewer, nicknameInput: string): Promise<User> {
      const nickname: Nickname = parseNickname(nicknameInput);
      try {
        return await db.user.update({
          where: { id: viewer.userId },
          data: { nickname: nickname.display, nicknameKey: nickname.key },
          select: userFields,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw nicknameTaken();
        throw error;
      }
    },
  };
}
