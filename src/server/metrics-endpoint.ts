import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';

/** Where Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** Who may read /metrics: anyone, or callers with `Authorization: Bearer <token>`. */
export type MetricsAccess = {
  /** The bearer token scrapers must send; unset, /metrics is open (protect it by METRICS_PORT). */
  token: string | undefined;
};

/** Compares digests, so that the time taken says nothing about the token. */
function authorized(authorization: string | null | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`));
}

const UNAUTHORIZED = {
  status: 401,
  headers: { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain' },
  body: 'A bearer token is required for /metrics\n',
};

/** Serves /metrics from Yoga (the main port), behind the token when one is set. */
export function useMetricsEndpoint(registry: Registry, access: MetricsAccess): Plugin {
  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      if (url.pathname !== METRICS_PATH) return undefined;
      if (!authorized(request.headers.get('authorization'), access.token)) {
        endResponse(new fetchAPI.Response(UNAUTHORIZED.body, UNAUTHORIZED));
        return undefined;
      }
      return registry.metrics().then((metrics) => {
        endResponse(
          new fetchAPI.Response(metrics, { headers: { 'content-type': registry.contentType } }),
        );
      });
    },
  };
}

/**
 * A listener of its own for /metrics (METRICS_PORT), to keep it off the public port: bind it
 * where only the scraper reaches. Everything else on it answers 404.
 */
export function createMetricsServer(registry: Registry, access: MetricsAccess): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    if (!authorized(req.headers.authorization, access.token)) {
      res.writeHead(UNAUTHORIZED.status, UNAUTHORIZED.headers).end(UNAUTHORIZED.body);
      return;
    }
    registry.metrics().then(
      (metrics) => res.writeHead(200, { 'content-type': registry.contentType }).end(metrics),
      () => res.writeHead(500).end(),
    );
  });
}
