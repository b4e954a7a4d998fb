import type { CpuProbe } from '../proc-stats.js';
import type { Percentiles } from '../statistics.js';

/**
 * What the harness asks of the load driver over the IPC channel, and what it answers. The
 * driver samples the server's CPU counters itself, at the exact edges of each measured interval.
 */

/** One publish: a GraphQL-shaped POST whose `body` variable the driver sets per message. */
export type PublishSpec = {
  url: string;
  headers: Record<string, string>;
  query: string;
  variables: Record<string, unknown>;
};

/** How each socket subscribes (graphql-transport-ws). */
export type SubscribeSpec = {
  /** `ws://…` */
  url: string;
  /** `connection_init` payloads; socket i sends entry i % length (tokens shared by sockets). */
  connectionParams: Record<string, unknown>[];
  query: string;
  variables: Record<string, unknown>;
  /**
   * How many of the first `connectionParams` belong to users who blocked the publisher (the
   * fan-out's `--blocking` option): their sockets subscribe like the others but must receive
   * nothing, so they are left out of what every run expects (and a delivery to one is a stray).
   */
  blind?: number;
};

/** Whether every socket saw every published message exactly once. */
export type DeliveryCheck = {
  published: number;
  /** Publishes the server refused or failed: not expected to be delivered. */
  publishErrors: number;
  /** Accepted publishes × sockets. */
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  /** Subscriptions the server ended (error or complete frames, closed sockets) since connect. */
  ended: number;
  /** The first few failed publishes and unexpected frames, verbatim. */
  problems: string[];
};

/** How the server's core was shared while measuring (see proc-stats.ts sampleServer). */
export type Interference = {
  otherOnServerCorePercent: number | null;
  otherOnDriverCorePercent: number | null;
  /** How long the run waited for other processes to quieten down before it started. */
  waitedForQuietMs: number;
};

export type CapacityResult = DeliveryCheck &
  Interference & {
    elapsedMs: number;
    deliveriesPerSecond: number;
    serverMicrosPerDelivery: number;
    /** The driver's own CPU use over the interval: near 100 means the driver was the limit. */
    driverCpuPercent: number;
    /** True when deliveries stopped arriving before the run ended (lost messages). */
    stalled: boolean;
  };

export type LatencyResult = DeliveryCheck &
  Interference & {
    /** Publish (its scheduled time) to delivery, per delivery, in ms. */
    latency: Percentiles;
    offeredDeliveriesPerSecond: number;
    /** The server fell so far behind that publishing stopped early (see latency()). */
    overloaded: boolean;
    deliveriesPerSecond: number;
    serverMicrosPerDelivery: number;
    driverCpuPercent: number;
  };

export type HttpLoadResult = Interference & {
  requests: number;
  requestsPerSecond: number;
  /** Per request, in ms. */
  latency: Percentiles;
  /** Transport errors and timeouts. */
  errors: number;
  non2xx: number;
  /** 200 answers whose GraphQL result was not the expected one (checked where cheap). */
  badAnswers: number;
  serverMicrosPerRequest: number;
  driverCpuPercent: number;
};

/** A room whose history the page load reads. */
export type HistoryRoom = { roomId: string; streamId: number; messages: number };

/** Which page each request asks for. */
export type PageChoice =
  /** A random room of `rooms`, after a random position of it. */
  | 'random'
  /** The first page of `rooms[0]`. */
  | 'first'
  /** The last full page of `rooms[0]`. */
  | 'last';

export type DriverCommands = {
  connect: {
    params: { subscribe: SubscribeSpec; sockets: number };
    result: { sockets: number; elapsedMs: number };
  };
  /** Publishes warm-up messages until every socket has received one: all subscriptions live. */
  warmUp: {
    params: { publish: PublishSpec; timeoutMs: number };
    result: { messages: number; elapsedMs: number };
  };
  /** Closed loop: at most `window` messages published but not yet delivered to every socket. */
  capacity: {
    params: {
      publish: PublishSpec;
      window: number;
      durationMs: number;
      server: CpuProbe;
      stallTimeoutMs: number;
    };
    result: CapacityResult;
  };
  /** Open loop: `ratePerSecond` publishes on a fixed schedule, whatever the server does. */
  latency: {
    params: {
      publish: PublishSpec;
      ratePerSecond: number;
      durationMs: number;
      /** A message still not delivered everywhere after this long means overload: stop. */
      overloadAgeMs: number;
      /** After publishing, stop waiting when no delivery arrived for this long. */
      stallTimeoutMs: number;
      /** …or when the backlog takes longer than this to drain. */
      maxDrainMs: number;
      server: CpuProbe;
    };
    result: LatencyResult;
  };
  disconnect: { params: Record<string, never>; result: { closed: number } };
  /** postMessage over HTTP with autocannon. */
  posting: {
    params: {
      url: string;
      headers: Record<string, string>;
      body: string;
      connections: number;
      durationMs: number;
      server: CpuProbe;
    };
    result: HttpLoadResult;
  };
  /** History pages, `concurrency` closed loops, each request timed with performance.now(). */
  pages: {
    params: {
      url: string;
      headers: Record<string, string>;
      query: string;
      rooms: HistoryRoom[];
      choice: PageChoice;
      pageSize: number;
      concurrency: number;
      durationMs: number;
      server: CpuProbe;
      seed: number;
    };
    result: HttpLoadResult;
  };
};

export type CommandName = keyof DriverCommands;

export type DriverRequest = {
  [K in CommandName]: { id: number; command: K; params: DriverCommands[K]['params'] };
}[CommandName];

export type DriverReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };
