import {
  createCounter,
  createHistogram,
  type FillLabelsFnParams,
} from '@graphql-yoga/plugin-prometheus';
import { getOperationAST } from 'graphql';
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

/** Distinct operation names that label Yoga's metrics; later ones are counted as `other`. */
export const MAX_OPERATION_NAME_LABELS = 100;
/** Operation names are cut to this many characters in labels. */
const MAX_OPERATION_NAME_LENGTH = 64;
/** The paths Charla serves; any other path is labelled `other`. */
const KNOWN_ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);
const KNOWN_METHODS = new Set(['GET', 'POST', 'OPTIONS', 'HEAD']);

/**
 * Label values for operation names, bounded: the name of the operation the document actually
 * holds (never the client's `operationName` claim alone), cut to 64 characters, and only the
 * first MAX_OPERATION_NAME_LABELS distinct names of the process; every later one is `other`.
 * Clients choose these names, so without a bound each new name would grow every metric.
 */
function operationNameLabels() {
  const seen = new Set<string>();
  return (params: FillLabelsFnParams): string => {
    // Envelop says `Anonymous` for an operation without a name: look it up as the only one.
    const operation = params.document
      ? (getOperationAST(params.document, params.operationName) ?? getOperationAST(params.document))
      : null;
    if (!operation) return 'unknown';
    const name = operation.name?.value.slice(0, MAX_OPERATION_NAME_LENGTH) ?? 'Anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_NAME_LABELS) return 'other';
    seen.add(name);
    return name;
  };
}

/**
 * Yoga's Prometheus metrics with bounded labels: operation type, a bounded operation name, and
 * for HTTP the route (never the URL: a GET's query string carries variables, passwords
 * included), the method and the status. The error counter has no `path` label (aliases are the
 * client's). The summary and deprecated-field metrics are off: the schema deprecates nothing,
 * yet counting walked every document with a TypeInfo, and the summary's quantiles repeat the
 * request-duration histogram at a higher cost per observation.
 */
export function boundedYogaMetrics(registry: Registry) {
  const operationName = operationNameLabels();
  const operationLabels = (params: FillLabelsFnParams) => ({
    operationName: operationName(params),
    operationType: params.operationType ?? 'unknown',
  });
  const histogram = <Phase extends string>(
    name: string,
    help: string,
    phases: [Phase, ...Phase[]],
  ) =>
    createHistogram({
      registry,
      histogram: { name, help, labelNames: ['operationName', 'operationType'] as const },
      fillLabelsFn: operationLabels,
      phases,
    });
  const executed: ['execute' | 'subscribe', ...('execute' | 'subscribe')[]] = [
    'execute',
    'subscribe',
  ];
  return {
    graphql_envelop_deprecated_field: false,
    graphql_envelop_request_time_summary: false,
    graphql_envelop_request: createCounter({
      registry,
      counter: {
        name: 'graphql_envelop_request',
        help: 'GraphQL operations executed.',
        labelNames: ['operationName', 'operationType'] as const,
      },
      fillLabelsFn: operationLabels,
      phases: executed,
    }),
    graphql_envelop_request_duration: histogram(
      'graphql_envelop_request_duration',
      'Time from parse to the end of execution, in seconds.',
      executed,
    ),
    graphql_envelop_phase_parse: histogram('graphql_envelop_phase_parse', 'Time parsing.', [
      'parse',
    ]),
    graphql_envelop_phase_validate: histogram(
      'graphql_envelop_phase_validate',
      'Time validating.',
      ['validate'],
    ),
    graphql_envelop_phase_context: histogram(
      'graphql_envelop_phase_context',
      'Time building the context.',
      ['context'],
    ),
    graphql_envelop_phase_execute: histogram('graphql_envelop_phase_execute', 'Time executing.', [
      'execute',
    ]),
    graphql_envelop_phase_subscribe: histogram(
      'graphql_envelop_phase_subscribe',
      'Time starting subscriptions.',
      ['subscribe'],
    ),
    graphql_envelop_error_result: createCounter({
      registry,
      counter: {
        name: 'graphql_envelop_error_result',
        help: 'Operations that ended with errors, by phase.',
        labelNames: ['operationName', 'operationType', 'phase'] as const,
      },
      fillLabelsFn: (params: FillLabelsFnParams) => ({
        ...operationLabels(params),
        phase: params.errorPhase ?? 'unknown',
      }),
      phases: ['parse', 'validate', 'context', 'execute', 'subscribe'] as [
        'parse' | 'validate' | 'context' | 'execute' | 'subscribe',
        ...('parse' | 'validate' | 'context' | 'execute' | 'subscribe')[],
      ],
    }),
    graphql_yoga_http_duration: createHistogram({
      registry,
      histogram: {
        name: 'graphql_yoga_http_duration',
        help: 'Time serving HTTP requests, in seconds, by route.',
        labelNames: ['operationName', 'operationType', 'method', 'statusCode', 'route'] as const,
      },
      fillLabelsFn: (
        params: FillLabelsFnParams,
        { request, response }: { request: Request; response: Response },
      ) => {
        const path = new URL(request.url).pathname;
        return {
          ...operationLabels(params),
          method: KNOWN_METHODS.has(request.method) ? request.method : 'other',
          statusCode: response.status,
          route: KNOWN_ROUTES.has(path) ? path : 'other',
        };
      },
      phases: ['request'] as ['request'],
    }),
  };
}
