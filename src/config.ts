import { z } from 'zod';
import type { CompanyIdentityOptions } from './domain/company-tokens.js';
import type { ActionLimits } from './limits/action-limits.js';
import type { RateLimit } from './limits/rate-limiter.js';
import type { ConnectionLimitOptions } from './server/connection-limits.js';
import type { OperationBudget } from './server/operation-budget.js';

/** Thrown when the environment cannot start Charla; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** "true"/"false" (also 1/0, yes/no, on/off), as environment variables spell booleans. */
const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(value), {
    message: 'must be true or false',
  })
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const databaseUrl = z
  .string()
  .trim()
  .refine((url) => /^file:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url), {
    message:
      'must be a SQLite file URL such as file:./data/charla.db, or postgres://user@host:5432/db',
  });

/**
 * Every environment variable Charla reads, with its default. Nothing else in `src/` touches
 * `process.env`.
 */
const environmentSchema = z.object({
  /** TCP port for HTTP, WebSocket and SSE. 0 picks a free port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Interface to listen on; unset listens on every interface (IPv6 and IPv4). */
  HOST: z.string().trim().min(1).optional(),
  /**
   * Storage. `file:<path>` is SQLite (a relative path is resolved from the working directory);
   * `postgres://…` is PostgreSQL.
   */
  DATABASE_URL: databaseUrl.default('file:./data/charla.db'),
  /**
   * Redis (`redis://host:6379`): the event bus, rate-limit counters and presence are shared
   * through it, for several instances. Unset: everything stays in this process.
   */
  REDIS_URL: z
    .string()
    .trim()
    .refine((url) => /^rediss?:\/\/.+/.test(url), { message: 'must be a redis:// URL' })
    .optional(),
  /** Prefix of every Redis key and channel, so that several deployments can share one Redis. */
  REDIS_PREFIX: z.string().trim().min(1).default('charla:'),
  /** Company identity: HS256 secret shared with the identity provider (or JWT_JWKS_URL). */
  JWT_SECRET: z.string().min(16).optional(),
  /** Company identity: the provider's JWKS URL, for asymmetric signatures. */
  JWT_JWKS_URL: z.string().url().optional(),
  /** Company identity: the `iss` its tokens must carry (required with a secret or JWKS). */
  JWT_ISSUER: z.string().min(1).optional(),
  /** Company identity: the `aud` its tokens must carry, if any. */
  JWT_AUDIENCE: z.string().min(1).optional(),
  /**
   * Admins, by nickname: comma-separated, compared by look-alike key (case, confusables), so a
   * look-alike of an admin's nickname is not an admin. Unset: no admin by nickname.
   */
  ADMIN_NICKNAMES: z.string().trim().optional(),
  /**
   * Admins among company identities: the name of a claim of the company's JWT. The token's
   * holder is an admin when the claim is `true` or `"true"`, or lists `admin` (an array, or a
   * space- or comma-separated string as in `roles`/`scope`). Unset: no admin by claim.
   */
  ADMIN_CLAIM: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_:./-]{1,100}$/, { message: 'must be a claim name' })
    .optional(),
  /** Reports (of messages and users) one user may file per hour. */
  REPORTS_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Charla's own accounts (register, login); false to rely on the company's identity only. */
  LOCAL_ACCOUNTS: booleanFlag.default(true),
  /** pino level for the structured logs on stdout. */
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** Lifetime of a sign-in token, in days (fractions allowed). */
  TOKEN_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  /**
   * Failed logins allowed for one nickname from one client address per window; past it that
   * address may not try that nickname (right password included) until the window ends.
   */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  /** Failed logins allowed from one client address, whatever the nicknames, per window. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  /** The window of LOGIN_MAX_FAILURES and LOGIN_MAX_FAILURES_PER_ADDRESS, in seconds. */
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /**
   * Failed logins allowed for one nickname from all addresses together, per minute: slows a
   * guessing attack spread over many addresses without locking the account (a refusal lasts
   * until the minute ends).
   */
  LOGIN_NICKNAME_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Live events a subscription may have waiting for its client before SLOW_CONSUMER ends it. */
  SUBSCRIPTION_MAX_QUEUED_EVENTS: z.coerce.number().int().min(1).default(1000),
  /** Bytes a connection may have waiting to be sent before SLOW_CONSUMER ends its subscriptions. */
  CONNECTION_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Subscriptions (and operations in flight) one WebSocket may hold at once. */
  MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(50),
  /**
   * How often live connections' sessions and room memberships are re-checked against the
   * database, in seconds: the backstop for revocations the bus lost, and for tokens expiring
   * while a connection is open. (They are also re-checked after every bus outage.)
   */
  ACCESS_REVALIDATION_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /**
   * After storage refuses a write (disk full, read-only, I/O error), how long /ready answers 503,
   * in ms; also the `retryAfterMs` of the SERVICE_UNAVAILABLE the write answers.
   */
  STORAGE_FAILURE_HOLD_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * Subscriptions one user may hold at once over SSE, and signed in per operation on anonymous
   * WebSockets (GraphiQL): each holds a connection that no per-user socket cap counts.
   */
  MAX_SSE_STREAMS_PER_USER: z.coerce.number().int().min(1).default(50),
  /** How long a typing indicator lasts without a new setTyping, in ms. */
  TYPING_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
  /** Introspection and "Did you mean" suggestions (GraphiQL needs them); false in production. */
  INTROSPECTION: booleanFlag.default(true),
  /** Serve GraphiQL on GET /graphql to browsers. */
  GRAPHIQL: booleanFlag.default(true),
  /** Serve the Apollo Federation subgraph schema (`_service`, `_entities`) for a gateway. */
  FEDERATION: booleanFlag.default(false),
  /** Browser origins allowed to open WebSockets, comma-separated; empty allows every origin. */
  WS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  /** Largest WebSocket message accepted, in bytes; larger ones close the socket (1009). */
  WS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(65_536),
  /** How long a new WebSocket may take to send connection_init, in ms (then 4408). */
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  /** Anonymous WebSockets with no operation running are closed after this long, in ms (1000). */
  WS_ANONYMOUS_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * TCP connections the server holds at once, of every kind (HTTP keep-alive, WebSocket, SSE);
   * new ones past it are dropped on accept. Keep it below the process's file-descriptor limit.
   */
  MAX_CONNECTIONS: z.coerce.number().int().min(10).default(10_000),
  /** WebSockets and SSE streams open from one client address, signed in or not. */
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(256),
  /** Anonymous WebSockets and SSE streams (no token) open from one client address. */
  MAX_ANONYMOUS_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(16),
  /** WebSockets one signed-in user may hold open at once, from any address. */
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(32),
  /** Anonymous WebSockets and SSE streams from every address together (below MAX_CONNECTIONS). */
  MAX_ANONYMOUS_CONNECTIONS: z.coerce.number().int().min(1).default(1000),
  /** Largest HTTP request body, in bytes (413 past it). */
  HTTP_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(102_400),
  /** Time allowed to receive a request's headers, in ms (slowloris). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
  /** Time allowed to receive a whole request, in ms (slow bodies). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Proxies in front of Charla whose X-Forwarded-For to trust (0: use the socket's peer). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Sustained postMessage (and, separately, sendDirectMessage) per user per second. */
  MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(5),
  /** Messages a user may send in a burst above the sustained rate (total, per 4 s). */
  MESSAGE_BURST: z.coerce.number().int().min(1).default(20),
  /** setTyping calls per user per second (bursts of twice that). */
  TYPING_PER_SECOND: z.coerce.number().int().min(1).default(5),
  /** Rooms a user may create per hour. */
  ROOMS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Registrations per client address per hour. */
  REGISTRATIONS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Login attempts (failed or not) per client address per minute. */
  LOGINS_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Largest cost of one operation, computed with its variables before it runs. */
  OPERATION_MAX_COST: z.coerce.number().int().min(100).default(50_000),
  /** Largest response to one operation (or one subscription event), in bytes of JSON. */
  RESPONSE_MAX_BYTES: z.coerce.number().int().min(65_536).default(8_388_608),
  /** Largest number of `_entities` representations in one operation (FEDERATION=true). */
  FEDERATION_MAX_REFERENCES: z.coerce.number().int().min(1).default(500),
  /**
   * When set, `_service { sdl }` answers only requests carrying this value in the
   * `x-federation-sdl-secret` header (the gateway's); others get FORBIDDEN.
   */
  FEDERATION_SDL_SECRET: z.string().min(16).optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <this token>` (401 without it). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** When set, /metrics is served on this port only (not on PORT); 0 picks a free one. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Bytes of parsed documents (and their validation results) kept for reuse. */
  DOCUMENT_CACHE_MAX_BYTES: z.coerce.number().int().min(0).default(33_554_432),
});

export type Config = {
  port: number;
  host: string | undefined;
  databaseUrl: string;
  redis: { url: string; prefix: string } | undefined;
  logLevel: (typeof logLevels)[number];
  tokenTtlMs: number;
  /** Failed logins per (nickname, client address). */
  loginFailureLimit: RateLimit;
  /** Failed logins per client address. */
  loginAddressFailureLimit: RateLimit;
  /** Failed logins per nickname, from every address. */
  loginNicknameFailureLimit: RateLimit;
  delivery: { maxQueuedEvents: number; maxBufferedBytes: number };
  maxSubscriptionsPerConnection: number;
  accessRevalidationMs: number;
  maxSseStreamsPerUser: number;
  storageFailureHoldMs: number;
  typingTimeoutMs: number;
  introspection: boolean;
  graphiql: boolean;
  federation: boolean;
  companyIdentity: CompanyIdentityOptions | undefined;
  localAccounts: boolean;
  /**
   * Who the admins are: nicknames (as given; compared by look-alike key) and, for company
   * identities, the claim that names them (see ADMIN_CLAIM).
   */
  admins: { nicknames: string[]; claim: string | undefined };
  webSocket: { allowedOrigins: string[]; maxPayloadBytes: number; connectionInitTimeoutMs: number };
  http: {
    maxBodyBytes: number;
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    maxConnections: number;
  };
  connections: ConnectionLimitOptions;
  trustProxyHops: number;
  actionLimits: ActionLimits;
  operationBudget: OperationBudget;
  federationSdlSecret: string | undefined;
  metrics: { token: string | undefined; port: number | undefined };
  documentCacheMaxBytes: number;
};

function actionLimits(values: z.infer<typeof environmentSchema>): ActionLimits {
  const perSecond = (points: number, burst: number) => ({
    points,
    durationSeconds: 1,
    ...(burst > points && { burst: { points: burst - points, durationSeconds: 4 } }),
  });
  return {
    'post-message': perSecond(values.MESSAGES_PER_SECOND, values.MESSAGE_BURST),
    'direct-message': perSecond(values.MESSAGES_PER_SECOND, values.MESSAGE_BURST),
    typing: perSecond(values.TYPING_PER_SECOND, values.TYPING_PER_SECOND * 2),
    'create-room': { points: values.ROOMS_PER_HOUR, durationSeconds: 3600 },
    register: { points: values.REGISTRATIONS_PER_HOUR, durationSeconds: 3600 },
    login: { points: values.LOGINS_PER_MINUTE, durationSeconds: 60 },
    report: { points: values.REPORTS_PER_HOUR, durationSeconds: 3600 },
  };
}

/** Reads and validates the environment; throws `ConfigError` naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "unset", as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name} ${issue.message} (got ${JSON.stringify(env[name])})`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const values = parsed.data;
  if ((values.JWT_SECRET || values.JWT_JWKS_URL) && !values.JWT_ISSUER) {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_ISSUER is required with JWT_SECRET or JWT_JWKS_URL',
    );
  }
  if (values.MAX_ANONYMOUS_CONNECTIONS >= values.MAX_CONNECTIONS) {
    throw new ConfigError(
      'Invalid configuration:\n  MAX_ANONYMOUS_CONNECTIONS must be below MAX_CONNECTIONS, to leave room for signed-in clients',
    );
  }
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    redis: values.REDIS_URL ? { url: values.REDIS_URL, prefix: values.REDIS_PREFIX } : undefined,
    logLevel: values.LOG_LEVEL,
    tokenTtlMs: Math.round(values.TOKEN_TTL_DAYS * 24 * 60 * 60 * 1000),
    loginFailureLimit: {
      points: values.LOGIN_MAX_FAILURES,
      durationSeconds: values.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    loginAddressFailureLimit: {
      points: values.LOGIN_MAX_FAILURES_PER_ADDRESS,
      durationSeconds: values.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    loginNicknameFailureLimit: {
      points: values.LOGIN_NICKNAME_FAILURES_PER_MINUTE,
      durationSeconds: 60,
    },
    delivery: {
      maxQueuedEvents: values.SUBSCRIPTION_MAX_QUEUED_EVENTS,
      maxBufferedBytes: values.CONNECTION_MAX_BUFFERED_BYTES,
    },
    maxSubscriptionsPerConnection: values.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    accessRevalidationMs: Math.round(values.ACCESS_REVALIDATION_SECONDS * 1000),
    maxSseStreamsPerUser: values.MAX_SSE_STREAMS_PER_USER,
    storageFailureHoldMs: values.STORAGE_FAILURE_HOLD_MS,
    typingTimeoutMs: values.TYPING_TIMEOUT_MS,
    introspection: values.INTROSPECTION,
    graphiql: values.GRAPHIQL,
    federation: values.FEDERATION,
    companyIdentity:
      values.JWT_SECRET || values.JWT_JWKS_URL
        ? {
            secret: values.JWT_SECRET,
            jwksUrl: values.JWT_JWKS_URL,
            issuer: values.JWT_ISSUER as string,
            audience: values.JWT_AUDIENCE,
            adminClaim: values.ADMIN_CLAIM,
          }
        : undefined,
    localAccounts: values.LOCAL_ACCOUNTS,
    admins: {
      nicknames: (values.ADMIN_NICKNAMES ?? '')
        .split(',')
        .map((nickname) => nickname.trim())
        .filter((nickname) => nickname !== ''),
      claim: values.ADMIN_CLAIM,
    },
    webSocket: {
      allowedOrigins: values.WS_ALLOWED_ORIGINS,
      maxPayloadBytes: values.WS_MAX_PAYLOAD_BYTES,
      connectionInitTimeoutMs: values.WS_CONNECTION_INIT_TIMEOUT_MS,
    },
    http: {
      maxBodyBytes: values.HTTP_MAX_BODY_BYTES,
      headersTimeoutMs: values.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: values.HTTP_REQUEST_TIMEOUT_MS,
      maxConnections: values.MAX_CONNECTIONS,
    },
    connections: {
      maxPerAddress: values.MAX_CONNECTIONS_PER_ADDRESS,
      maxAnonymousPerAddress: values.MAX_ANONYMOUS_CONNECTIONS_PER_ADDRESS,
      maxAnonymous: values.MAX_ANONYMOUS_CONNECTIONS,
      maxSocketsPerUser: values.MAX_SOCKETS_PER_USER,
      anonymousIdleTimeoutMs: values.WS_ANONYMOUS_IDLE_TIMEOUT_MS,
    },
    trustProxyHops: values.TRUST_PROXY_HOPS,
    actionLimits: actionLimits(values),
    operationBudget: {
      maxCost: values.OPERATION_MAX_COST,
      maxResponseBytes: values.RESPONSE_MAX_BYTES,
      maxEntityReferences: values.FEDERATION_MAX_REFERENCES,
    },
    federationSdlSecret: values.FEDERATION_SDL_SECRET,
    metrics: { token: values.METRICS_TOKEN, port: values.METRICS_PORT },
    documentCacheMaxBytes: values.DOCUMENT_CACHE_MAX_BYTES,
  };
}
