import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * One structured log line per HTTP request, with an id (the caller's `x-request-id` when it is
 * sane, else a new one, echoed in the response). Only method, path, status and duration are
 * logged: never headers, variables or bodies, which carry tokens and passwords.
 */
export function useRequestLog(logger: Logger): Plugin {
  const started = new WeakMap<Request, { id: string; at: number }>();
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      started.set(request, {
        id: given && REQUEST_ID.test(given) ? given : randomUUID(),
        at: performance.now(),
      });
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (!start) return;
      response.headers.set('x-request-id', start.id);
      const url = new URL(request.url);
      logger.info(
        {
          reqId: start.id,
          method: request.method,
          path: url.pathname,
          status: response.status,
          ms: Math.round((performance.now() - start.at) * 10) / 10,
        },
        'request',
      );
    },
  };
}
