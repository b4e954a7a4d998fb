import { z } from 'zod';

/** Thrown when the environment cannot start Charla; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const databaseUrl = z
  .string()
  .trim()
  .refine((url) => /^file:.+/.test(url), {
    message: 'must be a SQLite file URL such as file:./data/charla.db',
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
  /** Storage. `file:<path>` is SQLite; a relative path is resolved from the working directory. */
  DATABASE_URL: databaseUrl.default('file:./data/charla.db'),
  /** pino level for the structured logs on stdout. */
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** Lifetime of a sign-in token, in days (fractions allowed). */
  TOKEN_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** Failed logins allowed per nickname, and separately per client address, per window. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  /** The window of LOGIN_MAX_FAILURES, in seconds. */
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Live events a subscription may have waiting for its client before SLOW_CONSUMER ends it. */
  SUBSCRIPTION_MAX_QUEUED_EVENTS: z.coerce.number().int().min(1).default(1000),
  /** Bytes a connection may have waiting to be sent before SLOW_CONSUMER ends its subscriptions. */
  CONNECTION_MAX_BUFFERED_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Subscriptions (and operations in flight) one WebSocket may hold at once. */
  MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(50),
  /** How long a typing indicator lasts without a new setTyping, in ms. */
  TYPING_TIMEOUT_MS: z.coerce.number().int().min(100).default(5000),
});

export type Config = {
  port: number;
  host: string | undefined;
  databaseUrl: string;
  logLevel: (typeof logLevels)[number];
  tokenTtlMs: number;
  loginFailureLimit: { points: number; durationSeconds: number };
  delivery: { maxQueuedEvents: number; maxBufferedBytes: number };
  maxSubscriptionsPerConnection: number;
  typingTimeoutMs: number;
};

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
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    logLevel: values.LOG_LEVEL,
    tokenTtlMs: Math.round(values.TOKEN_TTL_DAYS * 24 * 60 * 60 * 1000),
    loginFailureLimit: {
      points: values.LOGIN_MAX_FAILURES,
      durationSeconds: values.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    delivery: {
      maxQueuedEvents: values.SUBSCRIPTION_MAX_QUEUED_EVENTS,
      maxBufferedBytes: values.CONNECTION_MAX_BUFFERED_BYTES,
    },
    maxSubscriptionsPerConnection: values.MAX_SUBSCRIPTIONS_PER_CONNECTION,
    typingTimeoutMs: values.TYPING_TIMEOUT_MS,
  };
}
