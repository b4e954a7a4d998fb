import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/** Headers that prove a request was not a browser's "simple" cross-site form post. */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'graphql-require-preflight'];

/**
 * Yoga's CSRF prevention for requests that can change something: a POST whose content type a
 * cross-site form could send (text/plain, urlencoded, multipart) must carry one of
 * CSRF_HEADERS. GET is exempt: it can only run queries, which change nothing, and Charla reads
 * no cookies, so a cross-site GET is an anonymous read whose answer the browser hides anyway.
 * GraphiQL and every GraphQL client post application/json and are unaffected.
 */
export function useCsrfPreventionForWrites(): Plugin {
  const prevention = useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      return prevention.onRequestParse?.(payload);
    },
  };
}
