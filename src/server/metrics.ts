import { Counter, Gauge, Registry } from 'prom-client';

/**
 * Charla's own Prometheus metrics, next to Yoga's request and operation metrics, in one
 * registry per app (tests run several apps in one process).
 */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    openSockets: new Gauge({
      name: 'charla_websockets_open',
      help: 'WebSocket connections currently open.',
      registers: [registry],
    }),
    activeSubscriptions: new Gauge({
      name: 'charla_subscriptions_active',
      help: 'Subscriptions currently running, over WebSocket and SSE.',
      registers: [registry],
    }),
    deliveredEvents: new Counter({
      name: 'charla_events_delivered_total',
      help: 'Messages and ephemeral events delivered to subscribers.',
      registers: [registry],
    }),
    liveRenders: new Counter({
      name: 'charla_live_renders_total',
      help: 'Live messages rendered once and shared by the subscribers of a document over WebSocket (compare with charla_events_delivered_total).',
      registers: [registry],
    }),
    connectionsRefused: new Counter({
      name: 'charla_connections_refused_total',
      help: 'WebSockets and SSE streams refused by the connection caps, by which cap.',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'charla_rate_limited_total',
      help: 'Requests refused with RATE_LIMITED, by action.',
      labelNames: ['action'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
